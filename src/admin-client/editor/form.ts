import { autoGrow, field, h } from './dom.js';
import type { MediaTools } from './media.js';
import { PhotoField } from './photo.js';
import { AuthorsField, RecapField, TagsField } from './pickers.js';
import { t } from './strings.js';
import { BodySurface } from './surface/surface.js';
import type { ArticleDraft, Boot, Person, Section } from './types.js';

/** Every control of the article's fields, and the two ways between them and ArticleDraft. */
export class ArticleForm {
  readonly title = autoGrow(h('textarea', { rows: 2, name: 'title', class: 'title-input' }));
  readonly subtitle = h('input', { type: 'text', name: 'subtitle' });
  readonly lead = autoGrow(h('textarea', { rows: 3, name: 'lead' }));
  readonly section: HTMLSelectElement;
  readonly source = h('input', { type: 'text', name: 'source' });
  readonly slug = h('input', { type: 'text', name: 'slug', spellcheck: 'false', autocapitalize: 'off' });
  readonly isMain = h('input', { type: 'checkbox', name: 'isMain' });
  readonly isBreaking = h('input', { type: 'checkbox', name: 'isBreaking' });
  readonly body: BodySurface;
  readonly authors: AuthorsField;
  readonly tags: TagsField;
  readonly recap: RecapField;
  readonly photo: PhotoField;

  constructor(boot: Boot, sections: Section[], authors: Person[], media: MediaTools, onChange: () => void, announce: (m: string) => void) {
    const depth = (s: Section) => s.path.split('/').length - 1;
    this.section = h('select', { name: 'sectionId' }, h('option', { value: '' }, t('fields.noSection')), sections.map((s) => h('option', { value: String(s.id), 'data-path': s.path }, `${'— '.repeat(depth(s))}${s.name}`)));
    this.body = new BodySurface({ media, account: { id: boot.user.id, name: boot.user.name }, onChange, announce });
    this.authors = new AuthorsField(authors, onChange);
    this.tags = new TagsField(boot.tags ?? [], boot.tagKinds, onChange, announce);
    this.recap = new RecapField(boot.recapArticles ?? [], onChange);
    this.photo = new PhotoField(media, onChange);
    for (const el of [this.title, this.subtitle, this.lead, this.source, this.slug]) el.addEventListener('input', onChange);
    for (const el of [this.section, this.isMain, this.isBreaking]) el.addEventListener('change', onChange);
    this.photo.credit.setAttribute('aria-required', 'true');
    this.mayFlag = boot.mayFlag;
    // Below editor the flags are shown as they stand, not changeable (the server refuses a change).
    for (const el of [this.isMain, this.isBreaking]) el.disabled = !boot.mayFlag;
  }

  private readonly mayFlag: boolean;

  /** The main column: headline to recap. */
  mainColumn(): HTMLElement[] {
    return [
      field(t('fields.title'), this.title),
      field(t('fields.subtitle'), this.subtitle),
      field(t('fields.lead'), this.lead),
      this.photo.element,
      this.body.element,
      this.recap.element,
    ];
  }

  /** The side column's settings. */
  settings(): HTMLElement {
    return h(
      'fieldset',
      { class: 'settings' },
      h('legend', {}, t('fields.settings')),
      field(t('fields.section'), this.section),
      this.authors.element,
      this.tags.element,
      field(t('fields.source'), this.source),
      field(t('fields.slug'), this.slug, t('fields.slugHint')),
      h(
        'fieldset',
        { class: 'flags' },
        h('legend', {}, t('fields.flags')),
        h('div', { class: 'check' }, this.isMain, h('label', { for: (this.isMain.id ||= 'is-main') }, t('fields.isMain'))),
        h('div', { class: 'check' }, this.isBreaking, h('label', { for: (this.isBreaking.id ||= 'is-breaking') }, t('fields.isBreaking'))),
        this.mayFlag ? null : h('p', { class: 'hint' }, t('fields.flagsEditorsOnly')),
      ),
    );
  }

  collect(): ArticleDraft {
    const sectionId = Number(this.section.value);
    return {
      title: this.title.value.trim(),
      subtitle: this.subtitle.value.trim() || null,
      lead: this.lead.value.trim(),
      body: this.body.value,
      sectionId: sectionId || null,
      authorIds: this.authors.value,
      tagIds: this.tags.value,
      source: this.source.value.trim() || null,
      photo: this.photo.value,
      recap: this.recap.value,
      isMain: this.isMain.checked,
      isBreaking: this.isBreaking.checked,
      slug: this.slug.value.trim(),
    };
  }

  /** Puts the fields in the controls; with `only`, just those (a merge leaves the others as the writer has them). */
  apply(f: ArticleDraft, only?: ReadonlyArray<keyof ArticleDraft>) {
    const set = (k: keyof ArticleDraft) => !only || only.includes(k);
    if (set('title')) this.title.value = f.title;
    if (set('subtitle')) this.subtitle.value = f.subtitle ?? '';
    if (set('lead')) this.lead.value = f.lead;
    if (set('body')) this.body.value = f.body;
    if (set('sectionId')) this.section.value = f.sectionId ? String(f.sectionId) : '';
    if (set('authorIds')) this.authors.value = f.authorIds;
    if (set('tagIds')) this.tags.value = f.tagIds;
    if (set('source')) this.source.value = f.source ?? '';
    if (set('photo')) this.photo.set(f.photo);
    if (set('recap')) this.recap.value = f.recap;
    if (set('isMain')) this.isMain.checked = f.isMain;
    if (set('isBreaking')) this.isBreaking.checked = f.isBreaking;
    if (set('slug')) this.slug.value = f.slug;
    for (const el of [this.title, this.lead]) el.dispatchEvent(new Event('input-resize'));
  }

  /** The control to focus for a field the server named ('photo.credit', 'body.3.credit', 'title'). */
  controlFor(path: string): HTMLElement | null {
    const [head, index, sub] = path.split('.');
    switch (head) {
      case 'title':
        return this.title;
      case 'subtitle':
        return this.subtitle;
      case 'lead':
        return this.lead;
      case 'sectionId':
        return this.section;
      case 'source':
        return this.source;
      case 'slug':
        return this.slug;
      case 'photo':
        return index === 'credit' ? this.photo.credit : index === 'caption' ? this.photo.caption : this.photo.element;
      case 'body':
        return this.body.controlFor(Number(index), sub);
      case 'tagIds':
        return this.tags.element;
      case 'authorIds':
        return this.authors.element;
      case 'recap':
        return this.recap.element;
      default:
        return null;
    }
  }
}

/** What the server would refuse, found before sending: [field path, message]. */
export function problemsOf(f: ArticleDraft): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (f.photo && !f.photo.credit) out.push(['photo.credit', t('photo.creditMissing')]);
  f.body.forEach((b, i) => {
    if (b.type === 'image' && b.mediaId && !b.credit?.trim()) out.push([`body.${i}.credit`, t('photo.creditMissing')]);
    if (b.type === 'embed' && b.url.trim() && !/^https?:\/\/\S+\.\S+/.test(b.url.trim())) out.push([`body.${i}.url`, t('blocks.url')]);
    if (b.type === 'social' && !/^https:\/\/\S+\.\S+/.test(b.url)) out.push([`body.${i}.url`, t('surface.postUrl')]);
  });
  return out;
}
