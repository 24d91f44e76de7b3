import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isShpaltaError } from '../src/core/errors.js';
import { socialBlockSchema } from '../src/services/newsroom/social-block.js';
import { parseEditorInput } from '../src/server/validate.js';
import { TELEGRAM_POST } from './helpers/social-posts.js';

const parse = (b: unknown) => parseEditorInput(socialBlockSchema, b);
function refusal(b: unknown): { field?: string; message: string } {
  try {
    parse(b);
  } catch (e) {
    assert.ok(isShpaltaError(e));
    assert.equal(e.code, 'INVALID_INPUT');
    return { field: e.location.field, message: e.message };
  }
  assert.fail(`accepted: ${JSON.stringify(b)}`);
}

test('the form keeps a post as the contract has it, its address canonical, its handle without @, its line breaks in one form', () => {
  assert.deepEqual(parse(TELEGRAM_POST), TELEGRAM_POST);
  const pasted = parse({ ...TELEGRAM_POST, url: 'https://t.me/s/shpalta_test/16542?single', handle: '@shpalta_test', text: '  перший\r\nдругий  ', media: { mediaId: 7, credit: ' Фото: канал ' } });
  assert.equal(pasted.url, 'https://t.me/shpalta_test/16542');
  assert.equal(pasted.handle, 'shpalta_test');
  assert.equal(pasted.text, 'перший\nдругий');
  assert.deepEqual(pasted.media, { mediaId: 7, alt: '', credit: 'Фото: канал' });
});

test('the form refuses, naming the field in Ukrainian: no post, another platform, no account, nothing quoted, a photo without credit, a bad time or handle', () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ url: 'https://t.me/shpalta_test' }, 'url', /має бути адресою допису/],
    [{ url: 'javascript:alert(1)' }, 'url', /має бути адресою допису/],
    [{ platform: 'x' }, 'platform', /не збігається з адресою: це Допис у Telegram/],
    [{ accountName: '  ' }, 'accountName', /не може бути порожнім/],
    [{ text: '', media: null }, 'text', /допис має мати текст або фото/],
    [{ media: { mediaId: 7, alt: '', credit: ' ' } }, 'media.credit', /у фото допису має бути автор чи джерело/],
    [{ postedAt: '7 січня' }, 'postedAt', /ISO 8601/],
    [{ capturedAt: null }, 'capturedAt', /обов’язкове/],
    [{ handle: 'два слова' }, 'handle', /латинські літери/],
    [{ text: 'я'.repeat(10_001) }, 'text', /не більше 10\s000 символів/],
  ];
  for (const [change, field, message] of cases) {
    const r = refusal({ ...TELEGRAM_POST, ...change });
    assert.equal(r.field, field, Object.keys(change).join());
    assert.match(r.message, message, Object.keys(change).join());
  }
});
