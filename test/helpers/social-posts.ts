import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { SocialPostBlock } from '../../src/contract/model.js';
import { uploadMedia } from '../../src/services/newsroom/media-upload.js';
import type { MediaStore } from '../../src/storage/media-store.js';
import type { Client } from './newsroom.js';
import type { TestSite } from './site.js';

/** A quoted post as the form holds it (made up for the tests): breaks, a paragraph, markup to escape, a photo of our library's. */
export const TELEGRAM_POST: SocialPostBlock = {
  type: 'social',
  platform: 'telegram',
  url: 'https://t.me/shpalta_test/16542',
  accountName: 'Тестовий канал «Шпальти»',
  handle: 'shpalta_test',
  postedAt: '2026-01-07T16:12:03.000Z',
  text: 'Перший рядок <script>alert(1)</script>\nдругий рядок\n\nНовий абзац & кінець',
  media: { mediaId: 7, alt: 'Черга біля пункту незламності', credit: 'Тестовий канал' },
  capturedAt: '2026-12-05T12:05:00.000Z',
  capturedBy: { id: 3, name: 'Ірина Тестова' },
};

/** A photo in the library, stored as the newsroom's upload stores it. */
export async function libraryPhoto(site: TestSite, store: MediaStore, editor: Client, now = new Date()): Promise<number> {
  const bytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 40, g: 90, b: 160 } } }).jpeg().toBuffer();
  const { media } = await uploadMedia(site.database, store, bytes, { name: 'post.jpg', credit: 'Тестовий канал', alt: 'Черга біля пункту незламності', uploader: { id: editor.user.id, role: 'editor', authorId: editor.user.authorId } }, now);
  return media.id;
}

/** An article quoting `post`, in a section of its own, published by an editor through the API. */
export async function publishWithPost(editor: Client, post: SocialPostBlock): Promise<{ article: { id: number; url: string; body: unknown[] } }> {
  const section = await editor.request('POST', '/api/v1/admin/sections', { name: `Київ ${Math.random().toString(36).slice(2, 6)}` });
  assert.equal(section.status, 201, section.body);
  const created = await editor.request('POST', '/api/v1/admin/articles', { title: 'Київ відкриває нові пункти незламності', lead: 'Про це повідомили в Telegram.', sectionId: section.json.section.id, authorIds: [editor.user.authorId], body: [post] });
  assert.equal(created.status, 201, created.body);
  const published = await editor.request('POST', `/api/v1/admin/articles/${created.json.article.id}/transition`, { step: 'publish', baseVersion: created.json.article.version });
  assert.equal(published.status, 200, published.body);
  return published.json;
}
