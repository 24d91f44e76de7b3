/**
 * The article editor (/admin/articles/new, /admin/articles/:id). The server embeds the article,
 * the account and the strings as JSON; this builds the UI from plain DOM and talks to the
 * newsroom API (docs/newsroom-api.md).
 */
import { formatDate } from '../core/uk-format.js';
import { api, setCsrfToken } from './editor/api.js';
import { settleConflict } from './editor/conflict.js';
import { fill, h } from './editor/dom.js';
import { ArticleForm } from './editor/form.js';
import { mediaTools } from './editor/media.js';
import { NotesPanel } from './editor/notes.js';
import { PreviewPanel, RevisionsPanel, WorkflowPanel } from './editor/panels.js';
import { setStrings, t } from './editor/strings.js';
import { fieldName, Sync } from './editor/sync.js';
import type { ArticleDraft, Boot, Person, Section } from './editor/types.js';

const EMPTY: ArticleDraft = { title: '', subtitle: null, lead: '', body: [], sectionId: null, authorIds: [], tagIds: [], source: null, photo: null, recap: null, isMain: false, isBreaking: false, slug: '' };

async function main() {
  const boot = JSON.parse(document.getElementById('editor-boot')!.textContent!) as Boot;
  setStrings(boot.strings);
  setCsrfToken(boot.csrfToken);
  const root = document.getElementById('editor')!;

  const saveStatus = h('p', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
  const announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const alerts = h('div', { class: 'alerts', role: 'alert' });
  const presence = h('p', { class: 'presence', role: 'status', hidden: true });
  const localOffer = h('div', { class: 'notice local-offer', hidden: true });
  const copyOffer = h('div', { class: 'notice copy-offer', hidden: true });
  // What a conflict merged without asking: said once, politely, and left in view.
  const mergeNote = h('p', { class: 'notice ok merge-note', role: 'status', 'aria-live': 'polite', hidden: true });
  const conflictBox = h('section', { class: 'conflict', hidden: true, 'aria-labelledby': 'conflict-title', tabindex: '-1' });
  const announce = (m: string) => (announcer.textContent = m);
  const report = (m: string, kind: 'ok' | 'error' = 'ok') => {
    if (kind === 'error') fill(alerts, h('p', {}, m));
    else {
      fill(alerts);
      announce(m);
    }
  };

  const [sections, authors] = await Promise.all([
    api<{ items: Section[] }>('GET', '/api/v1/admin/sections').then((r) => r.items),
    api<{ items: Person[] }>('GET', '/api/v1/admin/authors').then((r) => r.items),
  ]);
  const media = mediaTools((m, isError) => (isError ? report(m, 'error') : announce(m)));

  let sync: Sync;
  let notes: NotesPanel | null = null;
  const form = new ArticleForm(boot, sections, authors, media, () => {
    sync.changed();
    refreshPreview();
  }, announce);
  const preview = new PreviewPanel(boot.siteUrl, media.thumbnail, () => sync.settle());
  form.photo.onMedia = (m) => {
    preview.setPhoto(m);
    refreshPreview();
  };
  const refreshPreview = () => preview.render(sync?.article ?? null, form.collect());

  const invalid = new Set<HTMLElement>();
  sync = new Sync(boot.article, form, {
    status(text, kind) {
      // Rewriting the same words would make screen readers say them again.
      if (saveStatus.textContent !== text) saveStatus.textContent = text;
      saveStatus.dataset.kind = kind ?? '';
    },
    fieldError(path, message, focus) {
      const control = form.controlFor(path);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        invalid.add(control);
        if (focus) control.focus();
      }
      const text = t('errors.invalid', { field: fieldName(path), message });
      if (!alerts.textContent?.includes(text)) fill(alerts, h('p', {}, text));
    },
    clearErrors() {
      for (const c of invalid) c.removeAttribute('aria-invalid');
      invalid.clear();
      if (alerts.firstChild) fill(alerts);
    },
    conflict: (current, labels) => {
      // Tags and recap links the other writer chose may be new to this page: learn their names first.
      form.tags.learn(labels.tags);
      form.recap.learn(labels.articles);
      const note = (text: string | null) => {
        mergeNote.hidden = text === null;
        mergeNote.textContent = text ?? '';
      };
      void settleConflict(conflictBox, current, { form, sync, sections, authors, note });
    },
    others(editors) {
      // Said again only when it changes (the beat comes every 15 seconds).
      const text = editors.length ? t('presence.others', { names: editors.map((e) => e.name).join(', ') }) : '';
      presence.hidden = editors.length === 0;
      if (presence.textContent !== text) presence.textContent = text;
    },
    stored(article) {
      workflow.render(article);
      notes?.refresh();
      heading.textContent = t('titleEdit');
      document.title = `${t('titleEdit')}: ${article.title}`;
      refreshPreview();
    },
    announce,
    offerLocal(copy, restore, discard) {
      fill(
        localOffer,
        h('p', { role: 'alert' }, t('local.found', { time: formatDate(copy.savedAt, { withTime: true }) })),
        h('button', { type: 'button', class: 'primary', onclick: () => ((localOffer.hidden = true), restore()) }, t('local.restore')),
        h('button', { type: 'button', onclick: () => ((localOffer.hidden = true), discard()) }, t('local.discard')),
      );
      localOffer.hidden = false;
    },
    offerCopy(message, restore, discard) {
      fill(
        copyOffer,
        h('p', { role: 'alert' }, message),
        h('button', { type: 'button', class: 'primary', onclick: () => ((copyOffer.hidden = true), restore()) }, t('copy.restore')),
        h('button', { type: 'button', onclick: () => ((copyOffer.hidden = true), discard()) }, t('copy.leave')),
      );
      copyOffer.hidden = false;
    },
    copyState(live, pending) {
      // A live article: Ctrl+S and the save button keep the changes unpublished; 'Оновити' publishes them.
      saveButton.textContent = live ? t('copy.saveButton') : t('save.button');
      saveButton.classList.toggle('primary', !live);
      updateButton.hidden = !live;
      updateButton.disabled = !pending;
      discardButton.hidden = !live || !pending;
    },
  }, boot.workingCopy);
  const workflow = new WorkflowPanel(boot, sync, report, (field) => {
    const control = form.controlFor(field);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      invalid.add(control);
      control.focus();
    }
    return fieldName(field);
  });
  const revisions = new RevisionsPanel(sync, fieldName, report);
  notes = new NotesPanel(sync, report);

  const saveButton = h('button', { type: 'button', class: 'primary', 'aria-keyshortcuts': 'Control+S', onclick: () => void sync.save('manual') }, t('save.button'));
  const updateButton = h('button', { type: 'button', class: 'primary update', hidden: true, onclick: () => void sync.update() }, t('copy.update'));
  const discardButton = h('button', { type: 'button', class: 'danger', hidden: true, onclick: () => void sync.discard() }, t('copy.discard'));
  const heading = h('h1', {}, boot.article ? t('titleEdit') : t('titleNew'));
  fill(
    root,
    h('div', { class: 'editor-head' }, h('a', { href: '/admin/articles', class: 'back' }, `← ${t('backToList')}`), heading, h('div', { class: 'save-bar' }, updateButton, saveButton, discardButton, saveStatus)),
    presence,
    copyOffer,
    localOffer,
    mergeNote,
    conflictBox,
    alerts,
    h('p', { class: 'hint shortcuts' }, t('shortcuts')),
    h('div', { class: 'editor-grid' }, h('div', { class: 'editor-main' }, form.mainColumn()), h('aside', { class: 'editor-side', 'aria-label': t('fields.settings') }, workflow.element, notes.element, form.settings(), preview.element, revisions.element)),
    announcer,
  );

  form.apply(boot.article ?? { ...EMPTY, authorIds: boot.user.authorId ? [boot.user.authorId] : [] });
  workflow.render(boot.article);
  refreshPreview();
  if (boot.editors.length) {
    presence.hidden = false;
    presence.textContent = t('presence.others', { names: boot.editors.map((e) => e.name).join(', ') });
  }
  if (boot.editable) sync.start();
  else {
    root.querySelector('.editor-main')?.prepend(h('p', { class: 'notice' }, t('readOnly')));
    for (const el of root.querySelectorAll<HTMLInputElement>('.editor-main input, .editor-main textarea, .editor-main select, .editor-main button, .settings input, .settings select, .settings button')) el.disabled = true;
    saveButton.disabled = true;
    form.body.setEditable(false);
  }

  document.addEventListener('keydown', (e) => {
    // By the key's place as well as its letter: on a Ukrainian layout the S key types 'і'.
    if (boot.editable && (e.ctrlKey || e.metaKey) && !e.altKey && (e.key.toLowerCase() === 's' || e.code === 'KeyS')) {
      e.preventDefault();
      void sync.save('manual');
    }
  });
  form.title.focus();
}

main().catch((e: unknown) => {
  const root = document.getElementById('editor');
  // The browser's own words for what failed are English: the console has them.
  if (root) root.prepend(h('p', { class: 'notice error', role: 'alert' }, t('errors.generic')));
  throw e;
});
