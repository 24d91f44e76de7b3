import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../src/config.js';
import { articleFields, createArticle, saveEditorArticle, transitionArticle } from '../src/services/newsroom/articles.js';
import { changeUser } from '../src/services/newsroom/auth.js';
import { markCorrection } from '../src/services/newsroom/corrections.js';
import { countContent } from '../src/services/transfer.js';
import { openDatabase } from '../src/storage/database.js';
import { closeTestDatabases, demoDir, tempDir } from './helpers/databases.js';
import { cliOk, cliTarget, runCli, type CliTarget } from './helpers/servers.js';
import { addUser } from './helpers/newsroom.js';
import { richText } from '../src/core/rich-text.js';

after(closeTestDatabases);

const pgUrl = process.env.TEST_DATABASE_URL;
const targets = { sqlite: () => cliTarget('sqlite'), postgres: () => cliTarget('postgres') };
const ok = cliOk;

/**
 * The demo articles, an account, and an article written in the newsroom: created, saved twice
 * (revisions), linked to another by its recap, and scheduled; a correction of a published one
 * (its own revision), by an account of known gender.
 */
async function fill(site: CliTarget) {
  await ok(['import', demoDir], site.env);
  const database = openDatabase(site.config);
  try {
    const editor = await addUser(database, 'editor', { name: 'Олена Редакторка', email: 'olena@example.com' });
    await addUser(database, 'contributor', { name: 'Петро Дописувач', email: 'petro@example.com' });
    const actor = { id: editor.id, role: editor.role, authorId: editor.authorId };
    const [section] = await database.db.selectFrom('sections').select('id').where('parent_id', 'is not', null).limit(1).execute();
    const tags = await database.db.selectFrom('tags').select('id').orderBy('id').limit(2).execute();
    const [older] = await database.db.selectFrom('articles').select('id').where('status', '=', 'published').limit(1).execute();
    const now = new Date();
    const fields = articleFields.parse({
      title: 'Мерія оголосила конкурс',
      lead: 'Перший лід.',
      body: [{ type: 'paragraph', content: richText('Перший абзац.') }, { type: 'list', ordered: false, items: ['один', 'два'].map((x) => richText(x)) }],
      sectionId: section!.id,
      tagIds: tags.map((t) => t.id),
      recap: { paragraphs: [richText('Нагадаємо, раніше писали про це.')], articleIds: [older!.id] },
    });
    const created = await createArticle(database, actor, fields, now);
    const saved = await saveEditorArticle(database, actor, created.article.id, created.article.version, { ...fields, lead: 'Другий лід.' }, 'save', new Date(now.getTime() + 1000));
    await transitionArticle(database, actor, saved.article.id, 'schedule', { at: new Date(now.getTime() + 86_400_000) }, new Date(now.getTime() + 2000));
    await changeUser(database, editor, editor.id, { gender: 'feminine' }, now);
    await markCorrection(database, actor, older!.id, { kind: 'correction', note: 'У попередній версії помилково вказано дату.' }, new Date(now.getTime() + 3000));
  } finally {
    await database.close();
  }
}

/** Everything but the moment of export. Ids are kept by an import (article URLs end in them), so they are compared as they are. */
function readExport(file: string) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { articles: Array<Record<string, unknown>> };
  assert.equal(doc.format, 'shpalta-export');
  delete doc.exportedAt;
  return doc;
}

/** What the site precomputes from the content: an import must rebuild it. */
async function derived(config: DatabaseConfig) {
  const database = openDatabase(config);
  try {
    const listings = await database.db.selectFrom('article_listings').select(['list_kind', 'list_id', 'article_id', 'published_at']).orderBy('list_kind').orderBy('list_id').orderBy('article_id').execute();
    const indexed =
      database.dialect === 'sqlite'
        ? (await sql<{ id: number }>`select article_id as id from search_keys order by article_id`.execute(database.db)).rows
        : (await sql<{ id: number }>`select article_id as id from search_documents order by article_id`.execute(database.db)).rows;
    return { listings: listings.map((l) => ({ ...l, published_at: new Date(l.published_at).toISOString() })), indexed: indexed.map((r) => Number(r.id)) };
  } finally {
    await database.close();
  }
}

async function isEmpty(config: DatabaseConfig) {
  const database = openDatabase(config);
  try {
    return Object.values(await countContent(database.db)).every((n) => n === 0);
  } finally {
    await database.close();
  }
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false;

  test(`${dialect}: export, import --json into an empty database, export again: the same document`, { skip }, async () => {
    const source = await targets[dialect]();
    await fill(source);
    const dir = tempDir();
    const first = path.join(dir, 'first.json');
    const exported = await ok(['export', first], source.env);
    assert.match(exported.stdout, /^exported \d+ articles \(\d+ revisions\), \d+ sections, .* 2 users, \d+ audit entries to /m);
    const doc = readExport(first);
    assert.ok(doc.articles.some((a) => a.status === 'scheduled' && (a.revisions as unknown[]).length === 3), 'the newsroom article, with its revisions');
    assert.ok(!fs.readFileSync(first, 'utf8').includes('argon2'), 'no password hashes');
    const corrected = doc.articles.find((a) => (a.corrections as unknown[]).length > 0);
    assert.deepEqual((corrected?.corrections as Array<Record<string, unknown>>).map((c) => [c.kind, c.note]), [['correction', 'У попередній версії помилково вказано дату.']], 'the correction, with its note');
    assert.ok((doc.users as Array<Record<string, unknown>>).some((u) => u.gender === 'feminine'), 'the account\'s gender');

    const target = await targets[dialect]();
    const imported = await ok(['import', '--json', first], target.env);
    assert.match(imported.stdout, /^imported \d+ articles \(4 revisions\), .* 2 users, /m);
    assert.match(imported.stdout, /the 2 imported accounts have no usable password: give each a new one with 'shpalta user reset-password/);

    const second = path.join(dir, 'second.json');
    await ok(['export', second], target.env);
    assert.deepEqual(readExport(second), doc);
    const rebuilt = await derived(target.config);
    assert.ok(rebuilt.listings.length > 0 && rebuilt.indexed.length > 0, 'something to compare');
    assert.deepEqual(rebuilt, await derived(source.config), 'listings and search index rebuilt');

    // An imported account signs in only after a reset.
    await ok(['user', 'reset-password', '--email', 'olena@example.com'], target.env);

    // Not into a database that holds content, unless --force (which empties it first).
    const refused = await runCli(['import', '--json', first], target.env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /The database is not empty \(\d+ articles, .*\): import into an empty database, or add --force/);
    await ok(['import', '--json', first, '--force'], target.env);
    await ok(['export', second], target.env);
    assert.deepEqual(readExport(second), doc);

    if (dialect === 'postgres') {
      // The way from SQLite to PostgreSQL: a SQLite export into a PostgreSQL database.
      const lite = await targets.sqlite();
      await fill(lite);
      const liteFile = path.join(dir, 'lite.json');
      await ok(['export', liteFile], lite.env);
      const moved = await targets.postgres();
      await ok(['import', '--json', liteFile], moved.env);
      await ok(['export', second], moved.env);
      assert.deepEqual(readExport(second), readExport(liteFile));
      assert.deepEqual(await derived(moved.config), await derived(lite.config));
    }
  });

  test(`${dialect}: a malformed export fails naming the place and leaves the database empty`, { skip }, async () => {
    const source = await targets[dialect]();
    await fill(source);
    const dir = tempDir();
    const good = path.join(dir, 'good.json');
    await ok(['export', good], source.env);
    const lines = fs.readFileSync(good, 'utf8').split('\n');
    const target = await targets[dialect]();

    const variant = async (name: string, edit: (lines: string[]) => string[], expected: RegExp) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, edit([...lines]).join('\n'));
      const run = await runCli(['import', '--json', file], target.env);
      assert.equal(run.code, 1, `${name}: ${run.stdout}`);
      assert.match(run.stderr, expected, name);
      assert.doesNotMatch(run.stderr, /\n\s+at /, `${name}: a message, not a stack trace`);
      assert.ok(await isEmpty(target.config), `${name}: nothing was written`);
    };

    const articlesAt = lines.indexOf('"articles":[') + 1;
    await variant(
      'missing-section.json',
      (l) => {
        l[articlesAt] = l[articlesAt]!.replace(/"sectionId":\d+/, '"sectionId":99999');
        return l;
      },
      new RegExp(`missing-section\\.json:${articlesAt + 1}: articles\\[0\\] \\(id \\d+\\): sectionId 99999 is not a section in the file`),
    );
    // The last record: had the file been written as it was read, everything before it would be in.
    const lastAudit = lines.lastIndexOf(']}') - 1;
    await variant(
      'late-error.json',
      (l) => {
        l[lastAudit] = l[lastAudit]!.replace(/"userId":(\d+|null)/, '"userId":77777');
        return l;
      },
      new RegExp(`late-error\\.json:${lastAudit + 1}: auditLog\\[\\d+\\] \\(id \\d+\\): userId 77777 is not a user in the file`),
    );
    await variant(
      'bad-status.json',
      (l) => {
        l[articlesAt + 1] = l[articlesAt + 1]!.replace(/"status":"\w+"/, '"status":"lost"');
        return l;
      },
      new RegExp(`bad-status\\.json:${articlesAt + 2}: articles\\[1\\]\\.status \\(id \\d+\\): Invalid option`),
    );
    await variant('truncated.json', (l) => l.slice(0, articlesAt + 2), /truncated\.json:\d+: the document ends early \(inside "articles"\): is the file complete\?/);
    await variant('not-json.json', () => ['{"format":"shpalta-export","version":1,', '"sections":[', '{"id":1,', ']},'], /not-json\.json:3: sections\[0\] is not valid JSON/);
    await variant('other.json', () => ['{"hello": "world"}'], /other\.json: not a Shpalta export/);

    const missing = await runCli(['import', '--json', path.join(dir, 'nope.json')], target.env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.json: no such file/);
  });
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false;

  test(`${dialect}: an export over the editor's limits, not UTF-8, with a NUL or an over-long record is refused naming the line; nothing is written`, { skip }, async () => {
    const source = await targets[dialect]();
    await ok(['import', demoDir], source.env);
    const dir = tempDir();
    const good = path.join(dir, 'good.json');
    await ok(['export', good], source.env);
    const lines = fs.readFileSync(good, 'utf8').split('\n');
    const target = await targets[dialect]();
    const sectionsAt = lines.indexOf('"sections":[') + 1;
    const articlesAt = lines.indexOf('"articles":[') + 1;
    const string = (key: string) => new RegExp(`"${key}":"(?:[^"\\\\]|\\\\.)*"`);
    const edited = (at: number, edit: (line: string) => string) => {
      const l = [...lines];
      l[at] = edit(l[at]!);
      return l.join('\n');
    };

    const variant = async (name: string, content: string | Buffer, expected: RegExp, args: string[] = []) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const run = await runCli(['import', '--json', file, ...args], target.env);
      assert.equal(run.code, 1, `${name}: ${run.stdout}`);
      assert.match(run.stderr, expected, name);
      assert.doesNotMatch(run.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, `${name}: nothing raw reaches the terminal`);
      assert.ok(await isEmpty(target.config), `${name}: nothing was written`);
    };
    const at = (name: string, line: number) => `${name.replace('.', '\\.')}:${line}: `;

    await variant('long-title.json', edited(articlesAt, (l) => l.replace(string('title'), `"title":"${'а'.repeat(301)}"`)), new RegExp(`${at('long-title.json', articlesAt + 1)}articles\\[0\\] \\(id \\d+\\): title is 301 characters long; at most 300 are allowed`));
    const firstParagraph = /"body":\[\{"type":"paragraph","content":\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\]\}/;
    assert.match(lines[articlesAt]!, firstParagraph, 'the first article opens with a paragraph');
    await variant(
      'long-paragraph.json',
      edited(articlesAt, (l) => l.replace(firstParagraph, `"body":[{"type":"paragraph","content":[{"type":"text","text":"${'а'.repeat(10_000)}"},{"type":"text","text":"${'б'.repeat(10_001)}","marks":[{"type":"bold"}]}]}`)),
      new RegExp(`${at('long-paragraph.json', articlesAt + 1)}articles\\[0\\] \\(id \\d+\\): body\\[0\\]\\.content is 20,001 characters long; at most 20,000`),
    );
    // An export from before rich text is read in the rich form, and held to the same limits.
    await variant(
      'long-plain-paragraph.json',
      edited(articlesAt, (l) => l.replace(firstParagraph, `"body":[{"type":"paragraph","text":"${'а'.repeat(20_001)}"}`)),
      new RegExp(`${at('long-plain-paragraph.json', articlesAt + 1)}articles\\[0\\] \\(id \\d+\\): body\\[0\\]\\.content is 20,001 characters long; at most 20,000`),
    );
    await variant(
      'script-link.json',
      edited(articlesAt, (l) => l.replace(firstParagraph, `"body":[{"type":"paragraph","content":[{"type":"text","text":"клікніть","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)","articleId":null}}]}]}`)),
      new RegExp(`${at('script-link.json', articlesAt + 1)}articles\\[0\\]\\.body\\[0\\]\\.content\\[0\\]\\.marks\\[0\\]\\.attrs\\.href \\(id \\d+\\): a link may go only to an http://, https:// or mailto: address`),
    );
    await variant(
      'dangling-link.json',
      edited(articlesAt, (l) => l.replace(firstParagraph, `"body":[{"type":"paragraph","content":[{"type":"text","text":"раніше","marks":[{"type":"link","attrs":{"href":null,"articleId":88888}}]}]}`)),
      new RegExp(`${at('dangling-link.json', articlesAt + 1)}articles\\[0\\] \\(id \\d+\\): a link in the text to articleId 88888 is not an article in the file`),
    );
    await variant('nul.json', edited(articlesAt, (l) => l.replace(string('lead'), '"lead":"Лід\\u0000."')), new RegExp(`${at('nul.json', articlesAt + 1)}articles\\[0\\]\\.lead \\(id \\d+\\): a NUL character \\(U\\+0000\\)`));
    await variant('deep.json', edited(sectionsAt, (l) => l.replace(string('path'), '"path":"a/b/c/d"')), new RegExp(`${at('deep.json', sectionsAt + 1)}sections\\[0\\] \\(id \\d+\\): the section path 'a/b/c/d' is 4 levels deep; sections go 3 levels deep at most`));
    const firstSection = lines[sectionsAt]!;
    assert.match(firstSection, /"parentId":null/, 'the first section exported is a top-level one');
    await variant('reserved.json', edited(sectionsAt, (l) => l.replace(string('slug'), '"slug":"news"').replace(string('path'), '"path":"news"')), new RegExp(`${at('reserved.json', sectionsAt + 1)}sections\\[0\\] \\(id \\d+\\): the top-level section slug 'news' is a path of the site's own`));
    const cp1251 = Buffer.from(edited(articlesAt + 1, (l) => l.replace(string('title'), '"title":"@@"')));
    cp1251[cp1251.indexOf('@@')] = 0xc4;
    await variant('cp1251.json', cp1251, new RegExp(`${at('cp1251.json', articlesAt + 2)}column \\d+: byte 0xC4 is not UTF-8`));
    // A record a line: no line held in memory past --max-record-mb, however long the file.
    await variant('huge-record.json', edited(articlesAt, (l) => l.replace(string('lead'), `"lead":"${'а'.repeat(600_000)}"`)), new RegExp(`${at('huge-record.json', articlesAt + 1)}the line is longer than 1 MB: a record may be at most that \\(--max-record-mb\\)`), ['--max-record-mb', '1']);
    await variant('pretty.json', `${' '.repeat(2 * 1024 * 1024)}{}`, /pretty\.json: the document is 2 MB; one not in the layout of 'shpalta export' \(a record a line\) is read whole, and may be at most 1 MB/, ['--max-record-mb', '1']);
    await variant('name-\u001b]0;x\u0007.json', '{"hello": "world"}', /name-\\x1B\]0;x\\x07\.json: not a Shpalta export/);

    // The file as exported imports.
    await ok(['import', '--json', good], target.env);
  });
}
