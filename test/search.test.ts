import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { kyivParts } from '../src/core/kyiv-time.js';
import type { ShpaltaApp } from '../src/server/app.js';
import { search } from '../src/services/search.js';
import { openDatabase } from '../src/storage/database.js';
import { demoDir, projectRoot, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { closeTestSites, openSite, titleOfFile, writePlainArticle, type TestSite } from './helpers/site.js';

after(closeTestSites);

interface Hit { id: number; title: string; url: string; publishedAt: string | null; sections: Array<{ name: string; slug: string; path: string }>; tags: Array<{ name: string }>; snippet: Array<{ text: string; mark: boolean }> }
interface Hits { total: number; page: number; hasNext: boolean; notices: string[]; items: Hit[] }

/** The reference article's title (read when a test needs it: ../shared may be absent). */
const refTitle = () => titleOfFile(referenceArticle);
const url = (base: string, q: string, extra = '') => `${base}?q=${encodeURIComponent(q)}${extra}`;
const get = (app: ShpaltaApp, u: string) => app.inject({ method: 'GET', url: u });

async function api(app: ShpaltaApp, q: string, extra = ''): Promise<Hits> {
  const r = await get(app, url('/api/v1/search', q, extra));
  assert.equal(r.statusCode, 200, `${q}: ${r.body}`);
  return r.json() as Hits;
}
const titles = async (app: ShpaltaApp, q: string, extra = '') => (await api(app, q, extra)).items.map((i) => i.title);

// The demo articles by a short name, so that expected result sets read as words.
const KEYS: Record<string, string> = {
  'Президент після саміту': 'ref', 'На зупинках Києва': 'tablo', 'Експорт через польські': 'export', 'Перші морози': 'energy',
  'У Києві та Львові': 'donors', 'Львівський театр': 'theatre', 'Хіміки Львівської': 'electrolyte', 'Хет-трик Козуба': 'football',
  'Україна, Польща та Литва': 'lublin',
};
const keyOf = (title: string) => Object.entries(KEYS).find(([p]) => title.startsWith(p))?.[1] ?? title;

/** The exact result set of each query over the reference and demo articles, the same on every database. */
const EXPECTED: Record<string, string[]> = {
  'Віткоффом': ['ref'],
  'переговори': ['ref'],
  'безпеки': ['ref'],
  'Київ': ['donors', 'energy', 'football', 'tablo'],
  'Львів': ['donors', 'electrolyte', 'football', 'lublin', 'theatre'],
  'Козуба': ['donors', 'football'],
  'Дзюба': ['electrolyte', 'energy', 'export'],
  'Польщі': ['export', 'lublin'],
  'проект': ['lublin', 'tablo'],
  'театр': ['theatre'],
  '"коаліції охочих"': ['ref'],
  '"Високий Замок"': ['football'],
  'Україна -Київ': ['electrolyte', 'lublin', 'ref'],
  'розділ:ukraina': ['donors', 'electrolyte', 'energy', 'export'],
  'розділ:svit': ['lublin', 'ref'],
  'розділ:sport Козуб': ['football'],
  'тег:Київ': ['donors', 'energy', 'football', 'tablo'],
  'автор:"Ірина Вакуленко"': ['electrolyte', 'energy', 'tablo'],
  'дата:2026-11-20..2026-11-22': ['electrolyte', 'football', 'theatre'],
  'нічогоподібного': [],
};

const pad = (n: number) => String(n).padStart(2, '0');
/** 'YYYY-MM-DD HH:MM' in Kyiv time. */
function kyivStamp(d: Date) {
  const p = kyivParts(d);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}
const resultItems = (page: string) => page.split('<ol class="results"')[1]?.split('</ol>')[0]?.split('<li>').slice(1) ?? [];

for (const tdb of testDatabases) {
  describe(`search (${tdb.dialect})`, { skip: withoutReference }, () => {
    let site: TestSite;
    let app: ShpaltaApp;
    before(async () => {
      site = await openSite(tdb, [referenceArticle, demoDir]);
      app = site.app;
    });

    test('the reference article is found by any form of its words, and first', async () => {
      for (const q of ['Віткоффом', 'переговорів', 'коаліція охочих', 'Буданова', 'Парижі', 'переговори Зеленського']) {
        const r = await api(app, q);
        assert.ok(r.total >= 1, `${q} finds something`);
        assert.equal(r.items[0]!.title, refTitle(), `${q}: the reference comes first`);
      }
    });

    test('the query language, end to end', async () => {
      const finds = async (q: string, yes: boolean, title = refTitle()) =>
        assert.equal((await titles(app, q)).includes(title), yes, `${q} ${yes ? 'finds' : 'does not find'} ${title}`);
      await finds('"коаліції охочих"', true);
      await finds('«коаліції охочих»', true);
      await finds('"охочих коаліції"', false);
      await finds('Зеленський', true);
      await finds('Зеленський -Парижі', false);
      await finds('розділ:svit переговори', true);
      await finds('розділ:Світ переговори', true);
      await finds('розділ:kultura переговори', false);
      await finds('розділ:ukraina енергетика', true, 'Перші морози: споживання електроенергії зросло до найвищого рівня з березня');
      await finds('тег:"Стів Віткофф"', true);
      await finds('тег:Віткоффа', true);
      await finds('автор:"Іванна Гончар"', true);
      await finds('дата:2026-01-01..2026-01-31 переговори', true);
      await finds('дата:2025 переговори', false);
      const none = await api(app, 'тег:Неіснуючий');
      assert.deepEqual([none.total, none.items], [0, []]);
      assert.deepEqual(none.notices, ['Не знаємо тегу «Неіснуючий».']);
      assert.match((await get(app, url('/search', 'тег:Неіснуючий'))).body, /<p class="notice">Не знаємо тегу «Неіснуючий»\.<\/p>/);
    });

    test('exact result sets for fixed queries (the same on both databases)', async () => {
      for (const [q, expected] of Object.entries(EXPECTED)) {
        assert.deepEqual((await titles(app, q)).map(keyOf).sort(), expected, q);
      }
    });

    test('sort=date is newest first', async () => {
      const r = await api(app, 'Львів', '&sort=date');
      assert.deepEqual(r.items.map((i) => keyOf(i.title)), ['lublin', 'football', 'electrolyte', 'theatre', 'donors']);
      const page = await get(app, url('/search', 'Львів', '&sort=date'));
      assert.ok(page.body.indexOf('Україна, Польща та Литва') < page.body.indexOf('У Києві та Львові'));
      assert.match(page.body, /<input type="hidden" name="sort" value="date">/, 'the form keeps the order');
    });

    test('the results page: count, results with date, section and marked snippet', async () => {
      const r = await get(app, url('/search', 'Віткофф'));
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /^text\/html/);
      assert.match(r.body, /<html lang="uk"/);
      assert.match(r.body, /Знайдено 1 результат</);
      const [item] = resultItems(r.body);
      assert.ok(item, 'one result');
      assert.match(item, /<h2><a href="\/svit\/polityka\/prezydent-pislia-samitu-koalitsii-okhochykh-proviv-perehovory-z-amerykantsiamy-\d+\.html">Президент після саміту «коаліції охочих» провів переговори з американцями<\/a><\/h2>/);
      assert.match(item, /<time datetime="2026-01-07">7 січня 2026<\/time> · Політика/);
      assert.match(item, /<p class="snippet">[^<]*<mark>Віткоффом<\/mark>/, 'the word marked as the article wrote it');
      assert.doesNotMatch(item, /<mark>Віткофф<\/mark>/);
      const names = await get(app, url('/search', 'Стів Віткофф'));
      assert.match(names.body, /<mark>(Стівом|Стівеном)<\/mark> <mark>Віткоффом<\/mark>/);
      assert.match((await get(app, url('/search', 'Київ'))).body, /Знайдено 4 результати</);
      assert.match((await get(app, url('/search', 'Львів'))).body, /Знайдено 5 результатів</);
    });

    test('empty results, query errors and the form without JavaScript', async () => {
      const empty = await get(app, url('/search', 'нічогоподібного'));
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /За запитом «нічогоподібного» нічого не знайдено\./);
      assert.match(empty.body, /<li>Перевірте, чи правильно написано слова\.<\/li>/);
      for (const q of ['дата:2026-13', '-Київ', 'тег:']) {
        const bad = await get(app, url('/search', q));
        assert.equal(bad.statusCode, 400, q);
        assert.match(bad.body, /<p class="notice" role="alert">[^<]*[а-яі][^<]*<\/p>/, q);
      }
      assert.match((await get(app, url('/search', 'дата:2026-13'))).body, /Не розумію дату «2026-13»/);
      const form = await get(app, url('/search', '<script>"'));
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<form class="search" role="search" action="\/search" method="get">/);
      assert.match(form.body, /<input id="q" name="q" type="search" value="&lt;script&gt;&quot;"/);
      assert.doesNotMatch(form.body, /<script>"/);
      const blank = await get(app, '/search');
      assert.equal(blank.statusCode, 200);
      assert.match(blank.body, /Введіть слово, ім’я чи тему\./);
      const article = (await api(app, 'Віткоффом')).items[0]!.url;
      for (const page of ['/', '/news/', '/svit/', '/tag/kyiv/', '/author/ivanna-honchar/', '/search', article]) {
        const body = (await get(app, page)).body;
        assert.match(body.split('</header>')[0]!, /<a class="search-link" href="\/search">Пошук<\/a>/, `${page} links to search`);
      }
    });

    test('the API: items with their fields; a bad query is a 400 on q', async () => {
      const r = await api(app, 'Віткоффом');
      assert.deepEqual([r.total, r.page, r.hasNext], [1, 1, false]);
      const hit = r.items[0]!;
      assert.deepEqual(Object.keys(hit).sort(), ['id', 'publishedAt', 'sections', 'snippet', 'tags', 'title', 'url']);
      assert.equal(hit.id, site.imported[0]!.id);
      assert.equal(hit.url, site.imported[0]!.path);
      assert.equal(hit.publishedAt, '2026-01-06T22:00:00.000Z');
      assert.deepEqual(hit.sections.map((s) => s.path), ['svit', 'svit/polityka']);
      assert.ok(hit.tags.some((t) => t.name === 'Стів Віткофф'));
      assert.ok(hit.snippet.some((p) => p.mark && p.text === 'Віткоффом'));
      for (const q of ['дата:2026-13', '-Київ']) {
        const bad = await get(app, url('/api/v1/search', q));
        assert.equal(bad.statusCode, 400);
        const { error } = bad.json() as { error: { code: string; field: string; message: string } };
        assert.deepEqual([error.code, error.field], ['INVALID_INPUT', 'q']);
        assert.match(error.message, /[а-яі]/);
      }
    });

    test('suggestions: tags, authors and sections from any form of a word', async () => {
      const suggest = async (q: string) => ((await get(app, url('/api/v1/suggest', q))).json() as { items: Array<{ kind: string; name: string; type: string }> }).items;
      const [first] = await suggest('Зеленсько');
      assert.deepEqual([first?.kind, first?.name, first?.type], ['tag', 'Володимир Зеленський', 'person']);
      assert.equal((await suggest('Віткоффом'))[0]?.name, 'Стів Віткофф');
      assert.ok((await suggest('Світ')).some((s) => s.kind === 'section' && s.name === 'Світ'));
      assert.deepEqual((await suggest('Гонч')).map((s) => [s.kind, s.name]), [['author', 'Іванна Гончар']]);
      assert.deepEqual(await suggest('а'), []);
    });

    test('ranking: a title match first, a fresh story first; pagination past 20', async () => {
      const s = await openSite(tdb, []);
      const dir = tempDir();
      const write = (name: string, o: Parameters<typeof writePlainArticle>[2]) => s.importFile(writePlainArticle(dir, name, o));
      // Imported first, so that on a tie the other one (a higher id) would come first.
      await write('title.txt', { title: 'Над Дніпром пролетів дирижабль', date: '2026-03-01 10:00' });
      await write('body.txt', { title: 'Небо над містом', date: '2026-03-01 10:00', body: ['Над Дніпром пролетів дирижабль.'] });
      assert.deepEqual(await titles(s.app, 'дирижабль'), ['Над Дніпром пролетів дирижабль', 'Небо над містом']);

      const now = new Date(Date.now() - 10 * 60_000);
      const twoYearsAgo = new Date(now.getTime() - 730 * 86_400_000);
      const text = { title: 'Аеростат над Оболонню', body: ['Аеростат піднявся над Оболонню.'] };
      await write('fresh.txt', { ...text, date: kyivStamp(now) });
      await write('old.txt', { ...text, date: kyivStamp(twoYearsAgo) });
      const fresh = await api(s.app, 'аеростат');
      assert.equal(fresh.total, 2);
      assert.ok(fresh.items[0]!.publishedAt! > fresh.items[1]!.publishedAt!, 'the fresh one first');
      // Freshness outweighs a somewhat better match: both leads have the word, the old body too.
      const lead = 'Стратостат помітили зранку.';
      await write('fresh-plain.txt', { title: 'Небо над Оболонню', lead, body: ['Вранці над Оболонню було ясно.'], date: kyivStamp(now) });
      await write('old-better.txt', { title: 'Політ над Оболонню', lead, body: ['Стратостат піднявся над Оболонню.'], date: kyivStamp(twoYearsAgo) });
      assert.deepEqual(await titles(s.app, 'стратостат'), ['Небо над Оболонню', 'Політ над Оболонню']);
      assert.deepEqual(await titles(s.app, 'стратостат дата:..2025-12-31'), ['Політ над Оболонню']);

      for (let i = 0; i < 21; i++) {
        const extra = [...(i < 5 ? ['Поруч курсує трамвай.'] : []), ...(i < 3 ? ['Фунікулер теж працює.'] : []), ...(i === 0 ? ['Канатна дорога відкриється навесні.'] : [])];
        await write(`r${i}.txt`, { title: `Маршрут ${i + 1}: зміни для пасажирів`, date: `2026-02-10 10:${pad(i)}`, body: [`Новий тролейбус вийшов на маршрут ${i + 1}.`, ...extra] });
      }
      const count = async (q: string) => /Знайдено [^<]+</.exec((await get(s.app, url('/search', q))).body)?.[0];
      assert.equal(await count('канатна'), 'Знайдено 1 результат<');
      assert.equal(await count('фунікулер'), 'Знайдено 3 результати<');
      assert.equal(await count('трамвай'), 'Знайдено 5 результатів<');
      assert.equal(await count('тролейбус'), 'Знайдено 21 результат<');
      const p1 = await get(s.app, url('/search', 'тролейбус'));
      assert.equal(resultItems(p1.body).length, 20);
      assert.match(p1.body, /<a rel="next" href="\/search\?q=%D1%82%D1%80%D0%BE%D0%BB%D0%B5%D0%B9%D0%B1%D1%83%D1%81&amp;page=2">/);
      const p2 = await get(s.app, url('/search', 'тролейбус', '&page=2'));
      assert.equal(p2.statusCode, 200);
      assert.equal(resultItems(p2.body).length, 1);
      assert.match(p2.body, /<ol class="results" start="21">/);
      assert.match(p2.body, /<a rel="prev" href="\/search\?q=[^"]+">/);
      assert.doesNotMatch(p2.body, /rel="next"/);
      assert.equal((await get(s.app, url('/search', 'тролейбус', '&page=3'))).statusCode, 404);
      const a2 = await api(s.app, 'тролейбус', '&page=2');
      assert.deepEqual([a2.total, a2.page, a2.hasNext, a2.items.length], [21, 2, false, 1]);
      assert.equal((await api(s.app, 'тролейбус')).hasNext, true);
    });

    test('relevance ranks a bounded set of candidates: filters apply first, an old title match stays in reach, the count says what it is', async () => {
      const s = await openSite(tdb, []);
      const dir = tempDir();
      const write = (name: string, o: Parameters<typeof writePlainArticle>[2]) => s.importFile(writePlainArticle(dir, name, o));
      const now = new Date('2026-04-20T12:00:00Z');
      await write('old-title.txt', { title: 'Гелікоптер над Ірпенем', date: '2024-05-01 09:00', body: ['Пілоти тренувалися.'] });
      await write('tagged.txt', { title: 'Вечір у Бучі', date: '2025-06-01 09:00', body: ['Над Бучею пролетів гелікоптер.'], tags: 'Буча' });
      for (let i = 1; i <= 6; i++) {
        await write(`b${i}.txt`, { title: `Новини дня ${i}`, date: `2026-04-0${i} 10:00`, body: ['Над містом пролетів гелікоптер.'] });
      }
      // Written last, dated first: the newest matches are the newest published, not the last written.
      await write('archive.txt', { title: 'Архівний запис', date: '2023-02-01 10:00', body: ['Над селом пролетів гелікоптер.'] });
      const find = (q: string, candidates?: number) => search(s.database, { q, page: 1, sort: 'relevance', now, ...(candidates ? { candidates } : {}) });
      const all = await find('гелікоптер');
      assert.deepEqual([all.total, all.totalKind, all.items[0]!.article.title], [9, 'exact', 'Гелікоптер над Ірпенем']);

      const few = await find('гелікоптер', 4);
      const got = few.items.map((i) => i.article.title);
      // Two years old, but the word is its headline: it is still found, and first.
      assert.equal(got[0], 'Гелікоптер над Ірпенем');
      // Both databases rank the newest matches and the newest title or tag matches.
      assert.ok(got.includes('Новини дня 6'), `the newest body match is ranked: ${got.join(' | ')}`);
      assert.ok(!got.includes('Новини дня 1') && !got.includes('Архівний запис'), `an older body match is not: ${got.join(' | ')}`);
      assert.ok(few.items.length <= 4 && few.items.length >= 2, `at most the candidates: ${got.join(' | ')}`);
      // SQLite counts; PostgreSQL estimates once it ranks fewer than match, and never says fewer than it shows.
      assert.equal(few.totalKind, tdb.dialect === 'postgres' ? 'about' : 'exact');
      if (few.totalKind === 'exact') assert.equal(few.total, 9);
      assert.ok(few.total >= few.items.length);

      // A narrow filter is applied before ranking: the one tagged article is found though six newer match.
      const tagged = await find('гелікоптер тег:Буча', 2);
      assert.deepEqual([tagged.items.map((i) => i.article.title), tagged.total, tagged.totalKind], [['Вечір у Бучі'], 1, 'exact']);
      const dated = await find('гелікоптер дата:2024-01-01..2025-12-31', 2);
      assert.deepEqual(dated.items.map((i) => i.article.title).sort(), ['Вечір у Бучі', 'Гелікоптер над Ірпенем']);
    });

    test('an entry follows its article to a new publication time: found in its new dates only, and once', async () => {
      const s = await openSite(tdb, []);
      const dir = tempDir();
      const o = { title: 'Пором через Дністер', body: ['Пором знову ходить через Дністер.'] };
      await s.importFile(writePlainArticle(dir, 'ferry.txt', { ...o, date: '2025-03-01 09:00' }));
      await s.importFile(writePlainArticle(dir, 'other.txt', { title: 'Інше', date: '2025-04-01 09:00', body: ['Про інше.'] }));
      const titlesIn = async (q: string) => (await search(s.database, { q, page: 1, sort: 'relevance' })).items.map((i) => i.article.title);
      assert.deepEqual(await titlesIn('пором дата:2025-03-01..2025-03-31'), ['Пором через Дністер']);
      await s.importFile(writePlainArticle(dir, 'ferry.txt', { ...o, date: '2026-01-10 18:30' }));
      assert.deepEqual(await titlesIn('пором дата:2025-03-01..2025-03-31'), [], 'the old time no longer holds it');
      assert.deepEqual(await titlesIn('пором дата:2026-01-10..2026-01-10'), ['Пором через Дністер']);
      assert.deepEqual(await titlesIn('пором'), ['Пором через Дністер'], 'one entry, not two');
    });

    test('the index follows a re-import: the new title is found, the old one is not', async () => {
      const dir = tempDir();
      const file = path.join(dir, path.basename(referenceArticle));
      fs.copyFileSync(referenceArticle, file);
      const s = await openSite(tdb, [file]);
      assert.equal((await api(s.app, 'американцями')).total, 1);
      assert.equal((await api(s.app, 'Трампа')).total, 0);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[1] = 'Зеленський обговорив у Парижі гарантії з посланцями Трампа';
      fs.writeFileSync(file, lines.join('\n'));
      const again = await s.importFile(file);
      assert.equal(again.id, s.imported[0]!.id, 'the same article');
      assert.deepEqual(await titles(s.app, 'Трамп'), [lines[1]]);
      assert.equal((await api(s.app, 'американцями')).total, 0, 'the old title’s word is gone');
      assert.equal((await api(s.app, 'Віткоффом')).total, 1, 'the body is still there');
    });
  });
}

test('shpalta reindex rebuilds the index and prints its progress', { skip: withoutReference }, async () => {
  const dir = tempDir();
  const file = path.join(dir, 'site.db');
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: file, MEDIA_DIR: path.join(dir, 'media'), SITE_URL: 'https://news.example.ua' };
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(projectRoot, 'dist/src/cli/main.js'), ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  const imported = await cli(['import', referenceArticle, demoDir]);
  assert.equal(imported.code, 0, imported.stderr);
  const find = async (q: string) => {
    const database = openDatabase({ kind: 'sqlite', file });
    try {
      return (await search(database, { q, page: 1, sort: 'relevance' })).items.map((i) => i.article.title);
    } finally {
      await database.close();
    }
  };
  assert.deepEqual(await find('Віткоффом'), [refTitle()]);
  // Empty the index behind the CLI's back: only a rebuild can bring the results back.
  const database = openDatabase({ kind: 'sqlite', file });
  await sql`delete from search_fts`.execute(database.db);
  await database.close();
  assert.deepEqual(await find('Віткоффом'), []);

  const run = await cli(['reindex']);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stderr.split(/[\r\n]+/).filter((l) => l.trim());
  assert.match(lines.at(-1)!, /^reindex .* 9\/9 100% /, 'a final progress line with the count');
  assert.deepEqual(await find('Віткоффом'), [refTitle()]);
  assert.equal((await find('Львів')).length, 5);
});
