import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block, RichText } from '../src/contract/model.js';
import { blocksOf, docOf, type PMJson } from '../src/admin-client/editor/surface/convert.js';
import { schema } from '../src/admin-client/editor/surface/schema.js';

// The editor's writing surface holds the body as a ProseMirror document: every block and mark
// must come back from it exactly as it went in, through the real schema (which checks the
// document's shape as it builds it).

const rich: RichText = [
  { type: 'text', text: 'Звичайний, ' },
  { type: 'text', text: 'жирний', marks: [{ type: 'bold' }] },
  { type: 'text', text: ', ' },
  { type: 'text', text: 'курсив', marks: [{ type: 'italic' }] },
  { type: 'text', text: ', обидва', marks: [{ type: 'bold' }, { type: 'italic' }] },
  { type: 'hardBreak' },
  { type: 'text', text: 'посилання', marks: [{ type: 'link', attrs: { href: 'https://example.com/a?b=1', articleId: null } }] },
  { type: 'text', text: ' і ' },
  { type: 'text', text: 'на нашу статтю', marks: [{ type: 'link', attrs: { href: null, articleId: 42 } }, { type: 'bold' }] },
  { type: 'text', text: ' та лист', marks: [{ type: 'link', attrs: { href: 'mailto:desk@example.com', articleId: null } }, { type: 'italic' }] },
];

const every: Block[] = [
  { type: 'paragraph', content: rich },
  { type: 'heading', level: 2, content: [{ type: 'text', text: 'Розділ', marks: [{ type: 'italic' }] }] },
  { type: 'heading', level: 3, content: [{ type: 'text', text: 'Підрозділ' }] },
  { type: 'quote', content: rich, attribution: 'Володимир Зеленський' },
  { type: 'quote', content: [{ type: 'text', text: 'Без автора' }] },
  { type: 'image', mediaId: 7, caption: rich, credit: 'Фото: Укрінформ', alt: 'Люди на площі' },
  { type: 'image', src: 'https://example.com/x.jpg', caption: [], credit: '', alt: 'Чуже фото' },
  { type: 'list', ordered: false, items: [rich, [{ type: 'text', text: 'другий' }]] },
  { type: 'list', ordered: true, items: [[{ type: 'text', text: 'перший' }]] },
  { type: 'embed', url: 'https://example.com/video' },
  { type: 'embed', url: 'https://example.com/map', title: 'Мапа' },
  {
    type: 'social',
    platform: 'telegram',
    url: 'https://t.me/V_Zelenskiy_official/1',
    accountName: 'Володимир Зеленський',
    handle: 'V_Zelenskiy_official',
    postedAt: '2026-01-07T12:00:00+02:00',
    text: 'Перший рядок\nдругий',
    media: { mediaId: 3, alt: 'Знімок', credit: 'Telegram' },
    capturedAt: '2026-01-07T12:05:00.000Z',
    capturedBy: { id: 1, name: 'Олена' },
  },
  { type: 'social', platform: 'bluesky', url: 'https://bsky.app/profile/a/post/b', accountName: '', handle: '', postedAt: null, text: '', media: null, capturedAt: '2026-01-07T12:05:00.000Z', capturedBy: null },
];

test('every block and mark goes through the ProseMirror document and comes back the same', () => {
  const doc = schema.nodeFromJSON(docOf(every));
  doc.check();
  assert.equal(doc.childCount, every.length);
  assert.deepEqual(blocksOf(doc.toJSON() as PMJson), every);
});

test('marks come back in the stored order, joined, and the document keeps them in its own order', () => {
  const shuffled: Block = { type: 'paragraph', content: [{ type: 'text', text: 'а', marks: [{ type: 'italic' }, { type: 'bold' }] }, { type: 'text', text: 'б', marks: [{ type: 'bold' }, { type: 'italic' }] }] };
  const doc = schema.nodeFromJSON(docOf([shuffled]));
  assert.deepEqual(blocksOf(doc.toJSON() as PMJson), [{ type: 'paragraph', content: [{ type: 'text', text: 'аб', marks: [{ type: 'bold' }, { type: 'italic' }] }] }]);
});

test('empty blocks are left out, spaces at the ends are trimmed, an empty body is one empty paragraph', () => {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'paragraph' },
      { type: 'paragraph', content: [{ type: 'text', text: '  Текст ' }, { type: 'hardBreak' }] },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: ' ' }] },
      { type: 'list', attrs: { ordered: false }, content: [{ type: 'list_item' }] },
      { type: 'quote', attrs: { attribution: '  ' } },
    ],
  });
  assert.deepEqual(blocksOf(doc.toJSON() as PMJson), [{ type: 'paragraph', content: [{ type: 'text', text: 'Текст' }] }]);
  assert.deepEqual(docOf([]), { type: 'doc', content: [{ type: 'paragraph' }] });
  schema.nodeFromJSON(docOf([{ type: 'list', ordered: true, items: [] }])).check();
});
