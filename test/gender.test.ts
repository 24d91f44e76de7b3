import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { GENDERS } from '../src/core/gender.js';
import { uk } from '../src/core/i18n/uk.js';
import { testDatabases } from './helpers/databases.js';
import { addUser, signInAs, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, unescapeHtml } from './helpers/site.js';

after(closeTestSites);

type Forms = Record<(typeof GENDERS)[number], string>;

/** Every wording given in the three genders, by its path in the string table. */
function genderedStrings(node: unknown, path = ''): Array<[string, Forms]> {
  if (!node || typeof node !== 'object') return [];
  const keys = Object.keys(node).sort();
  if (keys.join() === [...GENDERS].sort().join()) return [[path, node as Forms]];
  return Object.entries(node).flatMap(([k, v]) => genderedStrings(v, path ? `${path}.${k}` : k));
}

const words = (s: string) => s.replace(/\{\w+\}/g, ' ').split(/[^\p{L}’'-]+/u).filter(Boolean);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('verbs that agree with a person\'s gender', () => {
  const found = genderedStrings(uk);

  test('the wordings that name a person with a past-tense verb are all given in every gender', () => {
    const paths = found.map(([p]) => p);
    for (const expected of ['admin.audit.actions.article.publish', 'editor.conflict.text', 'editor.workflow.returned', 'editor.revisions.item', 'editor.revisions.kinds.save', 'editor.notes.meta', 'editor.corrections.by']) {
      assert.ok(paths.includes(expected), `${expected} is gendered`);
    }
    assert.ok(found.length >= 30, `${found.length} gendered wordings`);
  });

  for (const [path, forms] of genderedStrings(uk)) {
    test(`${path}: feminine, masculine and a neutral wording, none with a slash form`, () => {
      for (const g of GENDERS) {
        assert.ok(forms[g].trim().length > 0, `${g} is empty`);
        assert.doesNotMatch(forms[g], /\((ла|а|в)\)|\w\/\w|\(-?ла\)/u, `${g}: '${forms[g]}' has a slash or bracket form`);
      }
      assert.deepEqual(placeholders(forms.feminine), placeholders(forms.unknown), 'the same placeholders in every form');
      assert.deepEqual(placeholders(forms.masculine), placeholders(forms.unknown), 'the same placeholders in every form');
      // A template whose verb is a placeholder ({verb}) agrees through it; every other one differs by its verb.
      if (forms.feminine === forms.masculine) {
        assert.ok(placeholders(forms.feminine).includes('verb'), 'the forms differ, or the verb is given by gender elsewhere');
        return;
      }
      const feminine = new Set(words(forms.feminine));
      const masculine = new Set(words(forms.masculine));
      const verbsF = [...feminine].filter((w) => !masculine.has(w));
      const verbsM = [...masculine].filter((w) => !feminine.has(w));
      assert.ok(verbsF.some((w) => /ла$/u.test(w)), `feminine '${forms.feminine}' has a verb in -ла`);
      assert.ok(verbsM.length > 0 && verbsM.every((w) => !/ла$/u.test(w)), `masculine '${forms.masculine}' has a verb of its own`);
      const neutral = new Set(words(forms.unknown));
      for (const w of [...verbsF, ...verbsM]) assert.ok(!neutral.has(w), `the neutral '${forms.unknown}' needs no agreement, yet says '${w}'`);
    });
  }
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (site: Awaited<ReturnType<typeof openSite>>, c: Client, url: string, fields: Record<string, string>) =>
  site.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: c.cookie }, payload: new URLSearchParams({ _csrf: c.csrf, ...fields }).toString() });

for (const tdb of testDatabases) {
  describe(`gender set by admins and by oneself, and used (${tdb.dialect})`, () => {
    test('an admin sets it on the users page, a person on their own account page; the audit log, notes and revisions agree', async () => {
      const site = await openSite(tdb, []);
      const admin = await signInAs(site.app, await addUser(site.database, 'admin', { name: 'Олена Адмін' }));
      const maria = await addUser(site.database, 'editor', { name: 'Марія Бондар' });
      const petro = await addUser(site.database, 'editor', { name: 'Петро Коваль' });
      const nobody = await addUser(site.database, 'editor', { name: 'Саша Мельник' });

      const set = await post(site, admin, `/admin/users/${maria.id}/gender`, { gender: 'feminine' });
      assert.deepEqual([set.statusCode, set.headers.location], [303, '/admin/users?done=gender']);
      const bad = await post(site, admin, `/admin/users/${maria.id}/gender`, { gender: 'neuter' });
      assert.equal(bad.statusCode, 400);
      const p = await signInAs(site.app, petro);
      const own = await post(site, p, '/admin/account/gender', { gender: 'masculine' });
      assert.deepEqual([own.statusCode, own.headers.location], [303, '/admin/account?done=gender']);
      const page = unescapeHtml((await site.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie: p.cookie } })).body);
      assert.match(page, /<option value="masculine" selected>/);
      const users = (await admin.request('GET', '/api/v1/admin/users')).json.items as Array<{ name: string; gender: string }>;
      assert.deepEqual(Object.fromEntries(users.map((u) => [u.name, u.gender])), { 'Олена Адмін': 'unknown', 'Марія Бондар': 'feminine', 'Петро Коваль': 'masculine', 'Саша Мельник': 'unknown' });

      // Each creates an article and writes a note on it.
      const ids: number[] = [];
      for (const person of [maria, petro, nobody]) {
        const c = await signInAs(site.app, person);
        const r = await c.request('POST', '/api/v1/admin/articles', { title: `Стаття: ${person.name}`, lead: 'Лід.' });
        ids.push(r.json.article.id);
        await c.request('POST', `/api/v1/admin/articles/${r.json.article.id}/notes`, { body: 'Перевірте цифри.' });
      }
      const editor = await signInAs(site.app, maria);
      const revisions = await Promise.all(ids.map(async (id) => (await editor.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json.items[0].user));
      assert.deepEqual(revisions.map((u: { gender: string }) => u.gender), ['feminine', 'masculine', 'unknown']);
      const notes = await Promise.all(ids.map(async (id) => (await editor.request('GET', `/api/v1/admin/articles/${id}/notes`)).json.items[0].user));
      assert.deepEqual(notes.map((u: { gender: string }) => u.gender), ['feminine', 'masculine', 'unknown']);

      const audit = unescapeHtml((await site.app.inject({ method: 'GET', url: '/admin/audit', headers: { cookie: admin.cookie } })).body).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      assert.match(audit, /Марія Бондар створила статтю/);
      assert.match(audit, /Петро Коваль створив статтю/);
      assert.match(audit, /Саша Мельник Створення статті/, 'unknown: the noun phrase');
      assert.match(audit, /Петро Коваль змінив обліковий запис Петро Коваль Рід: чоловічий/);
      assert.match(audit, /Олена Адмін Зміна облікового запису Марія Бондар Рід: жіночий/);
    });
  });
}
