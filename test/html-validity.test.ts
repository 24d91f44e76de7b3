import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { demoDir, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';
import { libraryPhoto, publishWithPost, TELEGRAM_POST } from './helpers/social-posts.js';
import { localMediaStore } from '../src/storage/media-store.js';

after(closeTestSites);

/**
 * Every kind of page through the Nu HTML Checker (vnu.jar from the npm package vnu-jar, on the
 * machine's Java): no error and no warning. Off CI a machine without Java skips it; on CI it fails.
 */
/** The jar inside the npm package (its postinstall, which would download a Java, is not run). */
const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
const java = ['/usr/bin/java', '/usr/local/bin/java'].find((p) => fs.existsSync(p)) ?? null;
const unavailable = java ? false : 'no Java on this machine: the Nu HTML Checker needs it (apt-get install -y default-jre-headless)';
if (process.env.CI && unavailable) throw new Error(`${unavailable}; on CI the HTML check may not be skipped`);

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

describe('HTML validity (Nu HTML Checker)', { skip: unavailable, timeout: 180_000 }, () => {
  let site!: TestSite;
  before(async () => {
    site = await openSite(testDatabases[0]!, [...(withoutReference ? [] : [referenceArticle]), demoDir]);
  });

  test('the reader’s pages and the newsroom’s have no errors and no warnings', async () => {
    const article = site.imported.at(-1)!.path;
    const withPhoto = site.imported.find((a) => a.file.endsWith('.txt') && fs.existsSync(a.file.replace(/\.txt$/, '.jpg')))?.path ?? article;
    const editor = await signInAs(site.app, await addUser(site.database, 'admin'));
    // An article quoting a social post with a photo: the card.
    const mediaId = await libraryPhoto(site, localMediaStore(site.mediaDir), editor);
    const social = (await publishWithPost(editor, { ...TELEGRAM_POST, media: { ...TELEGRAM_POST.media!, mediaId } })).article.url;
    const reader = ['/', '/news/', '/ukraina/', '/ukraina/?page=1', '/tag/kyiv/', '/author/iryna-vakulenko/', article, withPhoto, social, '/search?q=%D0%9A%D0%B8%D1%97%D0%B2', '/search?q=', '/nemaie/'];
    const newsroom = ['/admin', '/admin/articles', '/admin/articles/new', `/admin/articles/${site.imported[0]!.id}`, '/admin/taxonomy', '/admin/media', '/admin/users', '/admin/audit', '/admin/account'];
    const dir = tempDir();
    const files: string[] = [];
    const save = (url: string, body: string) => {
      const file = path.join(dir, `${files.length}.html`);
      fs.writeFileSync(file, body);
      files.push(file);
      return file;
    };
    const names = new Map<string, string>();
    for (const url of reader) {
      const r = await site.app.inject({ method: 'GET', url });
      assert.ok([200, 404].includes(r.statusCode), `${url}: ${r.statusCode}`);
      assert.match(String(r.headers['content-type']), /^text\/html/, url);
      names.set(save(url, r.body), url);
    }
    const login = await site.app.inject({ method: 'GET', url: '/admin/login' });
    names.set(save('/admin/login', login.body), '/admin/login');
    // The users page with an invitation just issued, and the page its link opens.
    const invited = await editor.request('POST', '/admin/users', `_csrf=${editor.csrf}&email=nova%40example.com&name=Nova&role=author`, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(invited.status, 201, invited.body);
    names.set(save('/admin/users (invited)', invited.body), '/admin/users (invited)');
    const link = new URL(/class="secret">([^<]+)</.exec(invited.body)![1]!.replace(/&amp;/g, '&')).pathname;
    const linkPage = await site.app.inject({ method: 'GET', url: link });
    assert.equal(linkPage.statusCode, 200);
    names.set(save('/admin/password/…', linkPage.body), '/admin/password/…');
    for (const url of newsroom) {
      const r = await editor.request('GET', url);
      assert.equal(r.status, 200, `${url}: ${r.status}`);
      names.set(save(url, r.body), url);
    }
    const run = await promisify(execFile)(java!, ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 16 * 1024 * 1024 });
    const messages = (JSON.parse(run.stderr) as { messages: VnuMessage[] }).messages;
    const problems = messages
      .filter((m) => m.type === 'error' || m.subType === 'warning' || m.type === 'non-document-error')
      .map((m) => `${names.get(decodeURIComponent(new URL(m.url).pathname)) ?? m.url}:${m.lastLine ?? '?'}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}${m.extract ? ` «${m.extract.trim().slice(0, 80)}»` : ''}`);
    assert.deepEqual(problems, [], `the Nu HTML Checker found:\n${problems.join('\n')}`);
  });
});
