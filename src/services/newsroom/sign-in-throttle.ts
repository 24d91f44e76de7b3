import { createHash } from 'node:crypto';
import { errors } from '../../core/errors.js';
import type { Database } from '../../storage/database.js';
import * as users from '../../storage/repositories/users.js';

/**
 * Sign-in throttling that slows a guesser down without letting anyone lock the right person out.
 *
 * Failures are counted per account *and per place*: the devices (a `shpalta_device` cookie) and
 * addresses the account has signed in from before are places of their own; every other client
 * shares the account's 'elsewhere'. After `freeFailures` failures at one place within
 * `accountWindowMinutes`, each further attempt there must wait, 30 s, then twice as long after
 * each failure, up to 15 minutes; a success there clears its count. Nothing locks: a guesser
 * from everywhere slows 'elsewhere' down to one try per 15 minutes, while the account's owner on
 * a known device or address signs in at once. Separately, an address with `perAddress` failures
 * within `addressWindowMinutes` (over all accounts: password spraying) waits until they age
 * out, except for an account that knows the device or the address.
 *
 * Every attempt is recorded as a failure *before* its password is checked, and the gate counts
 * only the attempts recorded before it: a burst of simultaneous guesses is let through no wider
 * than one by one. A success deletes its own record; a refused attempt too (it tried nothing).
 */
export const THROTTLE = {
  freeFailures: 5,
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
  accountWindowMinutes: 60,
  perAddress: 20,
  addressWindowMinutes: 15,
  /** A device or address is forgotten this long after the account last signed in from it. */
  knownDays: 90,
};

export const DEVICE_TOKEN_PATTERN = /^[\w-]{43}$/;

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** How long a place must wait after its latest failure, given how many it has had. */
export function delaySeconds(failures: number): number {
  if (failures < THROTTLE.freeFailures) return 0;
  return Math.min(THROTTLE.maxDelaySeconds, THROTTLE.firstDelaySeconds * 2 ** (failures - THROTTLE.freeFailures));
}

export interface Client {
  ip: string;
  /** The `shpalta_device` cookie's token, when the browser sent a well-formed one. */
  deviceToken?: string | undefined;
}

type Place = { kind: 'device' | 'address'; key: string } | { kind: 'elsewhere' };

/** Where this attempt comes from, as the account knows it: its device first, then its address. */
async function placeOf(database: Database, userId: number | null, client: Client, now: Date): Promise<Place> {
  if (userId === null) return { kind: 'elsewhere' };
  const since = new Date(now.getTime() - THROTTLE.knownDays * 86_400_000);
  if (client.deviceToken) {
    const key = sha256hex(client.deviceToken);
    if (await users.isKnownClient(database.db, userId, 'device', key, since)) return { kind: 'device', key };
  }
  if (await users.isKnownClient(database.db, userId, 'address', client.ip, since)) return { kind: 'address', key: client.ip };
  return { kind: 'elsewhere' };
}

/** An attempt let through the gate. Its record stays as a failure unless it succeeded(). */
export interface Attempt {
  succeeded(userId: number, deviceToken: string): Promise<void>;
}

/**
 * Records the attempt and decides whether it may check a password now; throws TOO_MANY_ATTEMPTS
 * (with the seconds to wait) when not. `email` is normalized; `userId` is null for no such account
 * (which is throttled the same, so that throttling tells nothing about who has an account).
 */
export async function admitAttempt(database: Database, email: string, userId: number | null, client: Client, now: Date): Promise<Attempt> {
  const db = database.db;
  const place = await placeOf(database, userId, client, now);
  const accountKey = `account:${email}|${place.kind === 'elsewhere' ? 'elsewhere' : `${place.kind}:${place.key}`}`;
  const addressKey = `ip:${client.ip}`;
  const [accountRow, addressRow] = await users.recordLoginFailure(db, [accountKey, addressKey], now);
  const own = [accountRow!, addressRow!];
  const refuse = async (seconds: number) => {
    await users.deleteLoginFailures(db, own);
    return errors.tooManyAttempts(Math.max(1, Math.ceil(seconds)));
  };

  const account = await users.countLoginFailures(db, accountKey, new Date(now.getTime() - THROTTLE.accountWindowMinutes * 60_000), accountRow);
  const wait = delaySeconds(account.count);
  if (wait > 0 && account.newest) {
    const left = (account.newest.getTime() + wait * 1000 - now.getTime()) / 1000;
    if (left > 0) throw await refuse(left);
  }
  // A device or an address the account knows is not held back by what others at that address
  // do to other accounts: its own count above still slows a guesser there.
  if (place.kind === 'elsewhere') {
    const windowMs = THROTTLE.addressWindowMinutes * 60_000;
    const address = await users.countLoginFailures(db, addressKey, new Date(now.getTime() - windowMs), addressRow);
    if (address.count >= THROTTLE.perAddress && address.oldest) throw await refuse((address.oldest.getTime() + windowMs - now.getTime()) / 1000);
  }

  return {
    async succeeded(id, deviceToken) {
      await users.deleteLoginFailures(db, own);
      // The owner at a place of their own starts afresh there; 'elsewhere' keeps counting.
      if (place.kind !== 'elsewhere') await users.clearLoginFailures(db, accountKey);
      await users.rememberClient(db, id, 'address', client.ip, now);
      await users.rememberClient(db, id, 'device', sha256hex(deviceToken), now);
    },
  };
}
