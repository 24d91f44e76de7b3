/**
 * Names for what a cached page or feed depends on. A write reports the keys it changed; every
 * cache drops the entries that depend on any of them. The entity keys (article:, section:,
 * tag:, author:) change when that record itself changes; the list keys when the articles
 * listed under it change; 'home' when any published list changes; 'site' for what every page
 * shows (the menu, the breaking-news banner).
 */
export const changeKeys = {
  article: (id: number) => `article:${id}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  author: (id: number) => `author:${id}`,
  sectionList: (id: number) => `section-list:${id}`,
  tagList: (id: number) => `tag-list:${id}`,
  authorList: (id: number) => `author-list:${id}`,
  home: 'home',
  site: 'site',
} as const;

export type ListKindName = 'section' | 'tag' | 'author';

export const listKey = (kind: ListKindName, id: number) => `${kind}-list:${id}`;
