import type { Kysely } from 'kysely';
import type { AuthorRef, SectionRef, TagKind, TagRef } from '../core/model.js';
import { slugify } from '../core/slug.js';
import type { NamedTag } from '../core/tag-split.js';
import type { Schema } from '../storage/schema.js';
import { allTagNames, ensureAuthor, ensureTag, knownTagsFor } from '../storage/repositories/people-and-tags.js';
import { ensureSectionPath, listSectionNames } from '../storage/repositories/sections.js';

/**
 * The sections, authors and tags an import has met, by name, with their ids: a folder of
 * 100,000 articles names a few hundred of them thousands of times, and each is looked up or
 * created in the database once. A bulk import also loads every stored tag and section name up
 * front, so that splitting a 'Теги:' line or a breadcrumb reads nothing; a single-file import
 * asks the database instead.
 *
 * What a transaction adds is undone with `rollback()` when that transaction fails, so that no
 * id it created outlives it here.
 */
export class ImportCatalogue {
  /** Stored tag names by their first word, for splitting (bulk imports only). */
  private tagNames: Map<string, Map<string, NamedTag>> | null = null;
  private sectionNameSet: Set<string> | null = null;
  private tagsByName = new Map<string, TagRef>();
  private tagsBySlug = new Map<string, TagRef>();
  private authors = new Map<string, AuthorRef>();
  private chains = new Map<string, SectionRef[]>();
  private undo: Array<() => void> = [];
  /** Where to start looking for a free article slug, per base (see firstFreeSlugs). */
  readonly slugHints = new Map<string, number>();

  /** A catalogue that knows every stored tag and section name (for a folder). */
  static async preloaded(db: Kysely<Schema>): Promise<ImportCatalogue> {
    const catalogue = new ImportCatalogue();
    const [tags, sections] = await Promise.all([allTagNames(db), listSectionNames(db)]);
    catalogue.tagNames = new Map();
    for (const t of tags) catalogue.addTagName({ name: t.name, kind: t.kind as TagKind });
    catalogue.sectionNameSet = new Set(sections);
    return catalogue;
  }

  /** Stored tags that could start at one of these words (what splitting a 'Теги:' line needs). */
  async tagsFor(db: Kysely<Schema>, words: string[]): Promise<NamedTag[]> {
    if (!this.tagNames) return knownTagsFor(db, words);
    return [...new Set(words)].flatMap((w) => [...(this.tagNames!.get(w)?.values() ?? [])]);
  }

  async sectionNames(db: Kysely<Schema>): Promise<string[]> {
    return this.sectionNameSet ? [...this.sectionNameSet] : listSectionNames(db);
  }

  /** The section chain named so (created where missing); new sections add 'site' to `changed`. */
  async sectionPath(db: Kysely<Schema>, names: string[], now: Date, changed: string[]): Promise<SectionRef[]> {
    const key = names.join('\n');
    const known = this.chains.get(key);
    if (known) return known;
    const chain = await ensureSectionPath(db, names, now, changed);
    this.remember(this.chains, key, chain);
    for (const s of chain) this.rememberSectionName(s.name);
    return chain;
  }

  async author(db: Kysely<Schema>, name: string, now: Date): Promise<AuthorRef> {
    const known = this.authors.get(name);
    if (known) return known;
    const author = await ensureAuthor(db, name, now);
    this.remember(this.authors, name, author);
    return author;
  }

  /** As ensureTag: by exact name, else by slug (the same name in another case or apostrophe). */
  async tag(db: Kysely<Schema>, tag: NamedTag, now: Date): Promise<TagRef> {
    const byName = this.tagsByName.get(tag.name);
    if (byName) return byName;
    const slug = slugify(tag.name);
    const known = this.tagsBySlug.get(slug);
    if (known) return known;
    const stored = await ensureTag(db, tag, now);
    this.remember(this.tagsByName, tag.name, stored);
    this.remember(this.tagsBySlug, slug, stored);
    if (this.tagNames && !this.tagNames.get(firstWord(stored.name))?.has(stored.name)) {
      this.addTagName({ name: stored.name, kind: stored.kind });
      this.undo.push(() => this.tagNames!.get(firstWord(stored.name))?.delete(stored.name));
    }
    return stored;
  }

  /** The transaction that added the latest entries committed: keep them. */
  commit(): void {
    this.undo = [];
    // A hint per title grows with the number of files; one only saves a lookup, so they go
    // when there are many (the names above grow with the newsroom's vocabulary, not the files).
    if (this.slugHints.size > MAX_SLUG_HINTS) this.slugHints.clear();
  }

  /** The transaction failed: forget what it added. */
  rollback(): void {
    for (const step of this.undo.reverse()) step();
    this.undo = [];
  }

  private remember<V>(map: Map<string, V>, key: string, value: V) {
    map.set(key, value);
    this.undo.push(() => map.delete(key));
  }

  private rememberSectionName(name: string) {
    if (!this.sectionNameSet || this.sectionNameSet.has(name)) return;
    this.sectionNameSet.add(name);
    this.undo.push(() => this.sectionNameSet!.delete(name));
  }

  private addTagName(t: NamedTag) {
    const first = firstWord(t.name);
    let named = this.tagNames!.get(first);
    if (!named) this.tagNames!.set(first, (named = new Map()));
    named.set(t.name, t);
  }
}

const MAX_SLUG_HINTS = 20_000;

const firstWord = (name: string) => name.split(' ')[0]!;
