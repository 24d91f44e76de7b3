import { parseArgs } from 'node:util';
import { errors } from '../core/errors.js';
import { isRole, ROLES } from '../core/roles.js';
import { createUser, generatePassword, setPassword } from '../services/newsroom/auth.js';
import { recordAudit } from '../storage/repositories/audit.js';
import { bylineOf } from '../storage/repositories/users.js';
import { withDatabase } from './context.js';

export const USER_USAGE = `usage:
  shpalta user add --email EMAIL --name "NAME" --role ROLE [--author-id ID] [--password-stdin]
  shpalta user reset-password --email EMAIL [--password-stdin]

roles: ${ROLES.join(', ')}. The account signs with a new byline of NAME, or with --author-id
the existing author ID (an imported writer's) that no account signs with yet. Without
--password-stdin a one-time password is generated and printed once, and the account must choose
its own at its first sign-in; with it, the password is read from standard input (at least 10
characters). Admins can also invite people and reset passwords by link in the newsroom
(/admin/users).`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // One line: a trailing newline from `echo` is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `shpalta user add|reset-password`: accounts from the command line (the first admin). */
export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'reset-password') {
    console.error(sub ? `shpalta user: unknown subcommand '${sub}'\n\n${USER_USAGE}` : USER_USAGE);
    return 2;
  }
  let values: { email?: string | undefined; name?: string | undefined; role?: string | undefined; 'author-id'?: string | undefined; 'password-stdin'?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'author-id': { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      strict: true,
    }));
  } catch (e) {
    console.error(`shpalta user: ${(e as Error).message}\n\n${USER_USAGE}`);
    return 2;
  }
  if (!values.email) throw errors.invalidInput('--email', 'is required');
  const fromStdin = values['password-stdin'] === true;
  const password = fromStdin ? await readStdin() : generatePassword();
  return withDatabase(async (_config, database) => {
    if (sub === 'add') {
      if (!values.name) throw errors.invalidInput('--name', 'is required');
      if (!isRole(values.role)) throw errors.invalidInput('--role', `must be one of: ${ROLES.join(', ')}`);
      const authorArg = values['author-id'];
      if (authorArg !== undefined && !/^[1-9]\d{0,8}$/.test(authorArg)) throw errors.invalidInput('--author-id', `must be the id of an author, not '${authorArg}'`);
      const user = await createUser(database, { email: values.email!, name: values.name, role: values.role, password, authorId: authorArg === undefined ? null : Number(authorArg), mustChangePassword: !fromStdin }, new Date(), { by: null, via: 'cli' });
      const byline = user.authorId === null ? null : await bylineOf(database.db, user.authorId);
      console.log(`created ${user.role} ${user.email} (${user.name})`);
      if (byline) console.log(`byline: ${byline.name} (author ${user.authorId}, /author/${byline.slug}/)`);
    } else {
      const user = await setPassword(database, values.email!, password, new Date(), { oneTime: !fromStdin });
      await recordAudit(database.db, { userId: null, action: 'user.reset-password', targetKind: 'user', targetId: user.id, details: { via: 'cli' } }, new Date());
      console.log(`new password set for ${user.email}; every session of the account has ended`);
    }
    if (!fromStdin) console.log(`one-time password (shown once; it must be changed at the first sign-in): ${password}`);
    return 0;
  });
}
