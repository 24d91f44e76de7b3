/** What the editor's page embeds as JSON for its script (render/admin/editor-page.ts, admin-client/editor.ts). */
import type { ConflictLabels, EditorArticle, WorkingCopy } from './article.js';
import type { EditorStrings } from './editor-strings.js';
import type { ArticleStatus, Gender, Role, WorkflowStep } from './model.js';

export interface EditorBoot {
  article: EditorArticle | null;
  /** False when the account may read the article but not change it (core/roles.ts canEdit). */
  editable: boolean;
  /** Others editing the article now. */
  editors: Array<{ id: number; name: string }>;
  /** Whether the account may set the front page's flags (core/roles.ts mayFlag). */
  mayFlag: boolean;
  csrfToken: string;
  user: { id: number; name: string; role: Role; authorId: number | null };
  siteUrl: string;
  /** core/roles.ts TRANSITIONS: which statuses each step starts from, where it leads, and the least role. */
  transitions: Readonly<Record<WorkflowStep, { readonly from: readonly ArticleStatus[]; readonly to: ArticleStatus; readonly min: Role }>>;
  /** Least to most. */
  roles: readonly Role[];
  statuses: Readonly<Record<ArticleStatus, string>>;
  tagKinds: Readonly<Record<string, string>>;
  strings: EditorStrings;
  /** Names of the article's tags and titles of the articles it links to, in its recap and its text (the article holds only ids). */
  tags: ConflictLabels['tags'];
  recapArticles: ConflictLabels['articles'];
  /** Why an editor returned the article to its writer, while it is back with them. */
  returned: { by: string | null; byGender: Gender; at: string; reason: string } | null;
  /** The viewer's own unpublished changes to the article (or to one deleted meanwhile, when `article` is null). */
  workingCopy: WorkingCopy | null;
}
