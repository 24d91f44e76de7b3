/**
 * The keys of the editor's strings (core/i18n/uk.ts `editor`, which the page embeds as JSON).
 * The server's table is checked to have exactly these keys (render/admin/editor-page.ts), and
 * the editor's `t()` takes only an EditorStringKey, so that a mistyped key does not compile.
 */
import type { ArticleFields } from './article.js';
import type { BlockType, CorrectionKind, Gender, SocialPlatform, WorkflowStep } from './model.js';

/** Strings under the given keys: plain text with {placeholders}. */
type Texts<K extends string> = { readonly [P in K]: string };
/** A noun's forms for 1, 3 and 5 (21 стаття, 22 статті, 25 статей). */
type Plural = Texts<'one' | 'few' | 'many'>;
/** A wording naming a person with a past-tense verb, in each gender (core/gender.ts): 'conflict.text.feminine'. */
export type GenderedText = Texts<Gender>;
/** Under each key, a GenderedText. */
type GenderedTexts<K extends string> = { readonly [P in K]: GenderedText };

/** Kinds of revision (what storage/repositories/revisions.ts stores). */
export type RevisionKind = 'create' | 'save' | 'autosave' | 'restore' | 'status' | CorrectionKind;

export interface EditorStrings extends Texts<'titleNew' | 'titleEdit' | 'backToList' | 'shortcuts' | 'noScript' | 'readOnly'> {
  readonly fields: Texts<'title' | 'subtitle' | 'lead' | 'body' | 'section' | 'noSection' | 'authors' | 'addAuthor' | 'chooseAuthor' | 'tags' | 'source' | 'slug' | 'slugHint' | 'isMain' | 'isBreaking' | 'flags' | 'flagsEditorsOnly' | 'settings'>;
  readonly photo: Texts<'legend' | 'none' | 'choose' | 'upload' | 'remove' | 'caption' | 'credit' | 'alt' | 'creditMissing' | 'uploading' | 'uploaded' | 'preview'>;
  readonly blocks: Texts<BlockType | 'level2' | 'level3' | 'attribution' | 'url' | 'embedTitle' | 'imageChoose' | 'imageNeedsUpload'>;
  /** The writing surface (admin-client/editor/surface/): its toolbar, block menu, link tool and blocks' fields. */
  readonly surface: Texts<
    | 'hint' | 'toolbar' | 'bold' | 'italic' | 'link' | 'blockMenu' | 'undo' | 'redo' | 'emptyLine' | 'quotePlaceholder' | 'captionPlaceholder'
    | 'bulletList' | 'orderedList' | 'imageFromLibrary' | 'uploadWaits' | 'uploadFailed'
    | 'linkTitle' | 'linkAddress' | 'linkAddressHint' | 'linkApply' | 'linkRefused' | 'linkRemove' | 'linkSearch' | 'linkTo' | 'linkNoArticles'
    | 'platform' | 'postUrl' | 'accountName' | 'handle' | 'postedAt' | 'postText' | 'socialPhoto' | 'socialNoPhoto' | 'capturedAt' | 'capturedBy'
    | 'socialCreated' | 'socialFilled' | 'socialFillIn' | 'socialUnsupported'
  > & { readonly platforms: Texts<SocialPlatform> };
  /** Words, characters and the reading time under the surface: each noun in its three forms (core/uk-format.ts pluralUk). */
  readonly counts: Texts<'line' | 'noTime'> & { readonly words: Plural; readonly characters: Plural; readonly minutes: Plural };
  readonly media: Texts<'dialogTitle' | 'search' | 'searchButton' | 'more' | 'close' | 'empty' | 'pick' | 'noCaption' | 'loading'>;
  readonly tags: Texts<'search' | 'suggestions' | 'create' | 'kind' | 'remove' | 'none' | 'created'>;
  readonly authors: Texts<'remove' | 'moveUp' | 'moveDown' | 'none'>;
  readonly recap: Texts<'legend' | 'paragraphs' | 'links' | 'search' | 'add' | 'remove' | 'none' | 'article'>;
  readonly save: Texts<'button' | 'saving' | 'savedAt' | 'unsaved' | 'failed' | 'offline' | 'needTitle' | 'created' | 'sessionEnded'>;
  readonly copy: Texts<'unsaved' | 'savedAt' | 'saveButton' | 'update' | 'updating' | 'updated' | 'nothing' | 'discard' | 'discarded' | 'found' | 'foundOlder' | 'foundGone' | 'restore' | 'leave' | 'restored' | 'decideFirst'>;
  readonly local: Texts<'found' | 'restore' | 'discard' | 'restored'>;
  /** A version conflict (admin-client/editor/conflict.ts): what was merged without asking, and the fields both sides changed. */
  readonly conflict: GenderedTexts<'text' | 'merged'> & Texts<'title' | 'textNobody' | 'mergedMany' | 'mergedNobody' | 'alsoTaken' | 'choose' | 'and' | 'takeTheirs' | 'field' | 'mine' | 'theirs' | 'useMine' | 'useTheirs' | 'apply'> & {
    /** Field names inside a sentence, as what was changed ('змінила заголовок і теги'). */
    readonly fields: Texts<keyof ArticleFields>;
  };
  readonly presence: Texts<'others'>;
  readonly workflow: GenderedTexts<'returned'> & Texts<WorkflowStep | 'legend' | 'status' | 'publishedAt' | 'scheduledAt' | 'scheduleAt' | 'scheduleMissing' | 'needs' | 'done' | 'view' | 'reason' | 'reasonHint' | 'reasonMissing' | 'concerns' | 'publishAnyway' | 'scheduleAnyway' | 'fixFirst'>;
  readonly preview: Texts<'legend' | 'open' | 'snippet' | 'social' | 'noTitle'>;
  readonly revisions: GenderedTexts<'item'> & Texts<'legend' | 'empty' | 'diff' | 'noDiff' | 'restore' | 'restored' | 'added' | 'removed' | 'note'> & { readonly kinds: GenderedTexts<RevisionKind> };
  readonly notes: GenderedTexts<'meta'> & Texts<'legend' | 'hint' | 'empty' | 'saveFirst' | 'label' | 'add' | 'added' | 'empty_note' | 'someone'>;
  readonly corrections: GenderedTexts<'by'> & Texts<CorrectionKind | 'legend' | 'mark' | 'kind' | 'note' | 'noteHint' | 'add' | 'added' | 'remove' | 'removed' | 'empty' | 'publishedOnly' | 'editorsOnly' | 'item'>;
  readonly errors: Texts<'generic' | 'forbidden' | 'transition' | 'invalid' | 'upload' | 'network'>;
  /** Field names for messages; a key may hold a dot ('photo.credit'). */
  readonly fieldNames: Texts<keyof ArticleFields | 'photo.credit'>;
}

/** Every string's dotted path: 'save.savedAt', 'revisions.kinds.autosave', 'fieldNames.photo.credit'. */
export type StringKey<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : StringKey<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type EditorStringKey = StringKey<EditorStrings>;
