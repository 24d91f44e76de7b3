import type { SocialPostBlock } from '../../src/contract/model.js';

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
