import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeArticle, mergeBlocks } from '../src/admin-client/editor/merge.js';
import type { ArticleDraft, ArticleFields, Block } from '../src/admin-client/editor/types.js';

// The three-way merge of the editor's version conflicts (admin-client/editor/merge.ts): the
// version the writer started from, the writer's form and the version someone saved meanwhile.

const p = (text: string): Extract<Block, { type: 'paragraph' }> => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const texts = (blocks: Block[]) => blocks.map((b) => (b.type === 'paragraph' ? (b.content[0] as { text: string }).text : b.type));

const BASE: ArticleFields = {
  title: 'Уряд затвердив план',
  subtitle: null,
  lead: 'Перший лід',
  body: [p('один'), p('два'), p('три')],
  sectionId: 1,
  authorIds: [5],
  tagIds: [1, 2],
  source: null,
  photo: { mediaId: 3, caption: 'Підпис', credit: 'Укрінформ', alt: 'Опис' },
  recap: null,
  isMain: false,
  isBreaking: false,
  slug: 'uriad-zatverdyv-plan',
};
const edit = (changes: Partial<ArticleFields>): ArticleFields => ({ ...structuredClone(BASE), ...changes });

describe('fields', () => {
  test('a field only they changed is taken, one only I changed is kept, and nothing is asked', () => {
    const mine = edit({ title: 'Мій заголовок' });
    const theirs = edit({ tagIds: [1, 2, 9], lead: 'Їхній лід' });
    const r = mergeArticle(BASE, mine, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(r.taken, ['lead', 'tagIds']);
    assert.deepEqual(r.merged, { ...BASE, title: 'Мій заголовок', lead: 'Їхній лід', tagIds: [1, 2, 9] });
  });

  test('both changed a field differently: only that field is a conflict, and the merge keeps mine there', () => {
    const r = mergeArticle(BASE, edit({ title: 'Мій', source: 'Укрінформ' }), edit({ title: 'Їхній', isMain: true }));
    assert.deepEqual(r.conflicts, ['title']);
    assert.deepEqual(r.taken, ['isMain']);
    assert.equal(r.merged.title, 'Мій');
    assert.equal(r.merged.source, 'Укрінформ');
    assert.equal(r.merged.isMain, true);
  });

  test('both changed a field to the same value: nothing to ask and nothing taken', () => {
    const r = mergeArticle(BASE, edit({ subtitle: 'Так само' }), edit({ subtitle: 'Так само' }));
    assert.deepEqual([r.conflicts, r.taken], [[], []]);
  });

  test('objects compare by content, whatever the order of their keys (as the server may send them)', () => {
    const theirs = edit({ photo: { alt: 'Опис', credit: 'Укрінформ', caption: 'Підпис', mediaId: 3 } });
    const r = mergeArticle(BASE, edit({ title: 'Мій' }), theirs);
    assert.deepEqual([r.conflicts, r.taken], [[], []]);
  });

  test('an order is a change: authors reordered by them are taken', () => {
    const base = edit({ authorIds: [5, 6] });
    const r = mergeArticle(base, edit({ authorIds: [5, 6], lead: 'Мій лід' }), edit({ authorIds: [6, 5] }));
    assert.deepEqual(r.taken, ['authorIds']);
    assert.deepEqual(r.merged.authorIds, [6, 5]);
  });

  test('without a base nothing tells whose change it is: every field that differs is a conflict', () => {
    const r = mergeArticle(null, edit({ title: 'Мій' }), edit({ tagIds: [9] }));
    assert.deepEqual(r.conflicts, ['title', 'tagIds']);
    assert.deepEqual(r.taken, []);
  });
});

describe('the body, block by block', () => {
  test('I edit one paragraph, they edit another: both edits stand', () => {
    const r = mergeArticle(BASE, edit({ body: [p('один!'), p('два'), p('три')] }), edit({ body: [p('один'), p('два'), p('три?')] }));
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(r.taken, ['body']);
    assert.deepEqual(texts(r.merged.body), ['один!', 'два', 'три?']);
  });

  test('neighbouring paragraphs edited by each side both stand', () => {
    const merged = mergeBlocks(BASE.body, [p('один'), p('два!'), p('три')], [p('один'), p('два'), p('три?')]);
    assert.deepEqual(texts(merged!.blocks), ['один', 'два!', 'три?']);
  });

  test('I add a paragraph at the end, they add one at the start and delete the middle one', () => {
    const merged = mergeBlocks(BASE.body, [p('один'), p('два'), p('три'), p('чотири')], [p('нуль'), p('один'), p('три')]);
    assert.deepEqual(texts(merged!.blocks), ['нуль', 'один', 'три', 'чотири']);
    assert.equal(merged!.tookTheirs, true);
  });

  test('I edit a paragraph, they add one right after it: both stand, in order', () => {
    const merged = mergeBlocks(BASE.body, [p('один'), p('два!'), p('три')], [p('один'), p('два'), p('два з половиною'), p('три')]);
    assert.deepEqual(texts(merged!.blocks), ['один', 'два!', 'два з половиною', 'три']);
  });

  test('the same paragraph edited differently on both sides: the body is a conflict', () => {
    const r = mergeArticle(BASE, edit({ body: [p('один'), p('два: моє'), p('три')] }), edit({ body: [p('один'), p('два: їхнє'), p('три')] }));
    assert.deepEqual(r.conflicts, ['body']);
    assert.deepEqual(texts(r.merged.body), ['один', 'два: моє', 'три'], 'mine until the writer chooses');
  });

  test('a paragraph I edit and they delete is a conflict, and so are different paragraphs added at one place', () => {
    assert.equal(mergeBlocks(BASE.body, [p('один'), p('два!'), p('три')], [p('один'), p('три')]), null);
    assert.equal(mergeBlocks(BASE.body, [p('один'), p('мій'), p('два'), p('три')], [p('один'), p('їхній'), p('два'), p('три')]), null);
  });

  test('a paragraph they add inside a run I rewrote is a conflict: where it belongs is unknown', () => {
    // I replaced 'два' and 'три' by one paragraph; they put one between them.
    assert.equal(mergeBlocks(BASE.body, [p('один'), p('два і три')], [p('один'), p('два'), p('нове'), p('три')]), null);
  });

  test('the same change on both sides counts once', () => {
    const merged = mergeBlocks(BASE.body, [p('один'), p('три'), p('мій')], [p('один'), p('три')]);
    assert.deepEqual(texts(merged!.blocks), ['один', 'три', 'мій']);
  });

  test('a placeholder of mine (a photo not uploaded yet) is kept where I put it while their edit comes in', () => {
    const pending: Block = { type: 'image', src: 'blob:x', caption: [], credit: '', alt: '' };
    const mine: ArticleDraft = { ...edit({}), body: [p('один'), pending, p('два'), p('три')] };
    const r = mergeArticle(BASE, mine, edit({ body: [p('один'), p('два'), p('три?')] }));
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(texts(r.merged.body), ['один', 'image', 'два', 'три?']);
    assert.equal(r.merged.body[1], pending);
  });

  test('a photo of mine being uploaded, put in place of a stored photo known by its address, is my change', () => {
    const stored: Block = { type: 'image', src: 'https://example.com/x.jpg', caption: [], credit: '', alt: 'Чуже фото' };
    const pending: Block = { type: 'image', src: 'blob:y', caption: [], credit: '', alt: '' };
    const base = edit({ body: [p('один'), stored] as ArticleFields['body'] });
    const theirs = edit({ body: [p('один!'), stored] as ArticleFields['body'] });
    const r = mergeArticle(base, { ...edit({}), body: [p('один'), pending] }, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(r.merged.body, [p('один!'), pending]);
  });

  test('blocks compare as they are sent: an attribution of spaces is no attribution', () => {
    const quote: Block = { type: 'quote', content: [{ type: 'text', text: 'Цитата' }] };
    const r = mergeArticle(edit({ body: [quote] }), { ...edit({ title: 'Мій' }), body: [{ ...quote, attribution: ' ' }] }, edit({ body: [quote], lead: 'Їхній' }));
    assert.deepEqual([r.conflicts, r.taken], [[], ['lead']]);
  });

  test('a long body is aligned quickly', () => {
    const base = Array.from({ length: 1000 }, (_, i) => p(`абзац ${i}`));
    const mine = base.map((b, i) => (i % 10 === 0 ? p(`мій ${i}`) : b));
    const theirs = base.map((b, i) => (i % 10 === 5 ? p(`їхній ${i}`) : b));
    const started = performance.now();
    const merged = mergeBlocks(base, mine, theirs);
    assert.ok(performance.now() - started < 2_000);
    assert.equal(merged!.blocks.length, 1000);
    assert.equal(texts(merged!.blocks)[10], 'мій 10');
    assert.equal(texts(merged!.blocks)[15], 'їхній 15');
  });
});
