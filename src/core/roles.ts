import type { Role, WorkflowStep } from '../contract/model.js';
import type { Assert, Same } from '../contract/type-checks.js';
import type { ArticleStatus } from './model.js';

export type { Role };

/** Each role can do all that the one before it can. */
export const ROLES = ['contributor', 'author', 'editor', 'admin'] as const satisfies readonly Role[];
/** Every role of the contract (contract/model.ts) is listed. */
export type EveryRoleListed = Assert<Same<(typeof ROLES)[number], Role>>;

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
export const atLeast = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min);

/** Who is asking: a signed-in account. */
export interface Actor {
  id: number;
  role: Role;
  /** The byline the account signs with. */
  authorId: number | null;
}

/** What rule decides about an article: its status and whose it is. */
export interface ArticleAccess {
  status: ArticleStatus;
  createdBy: number | null;
  authorIds: number[];
}

export const ownsArticle = (actor: Actor, a: ArticleAccess) =>
  a.createdBy === actor.id || (actor.authorId !== null && a.authorIds.includes(actor.authorId));

/**
 * Reading in the newsroom: what is published, one's own articles, and (for authors and above)
 * what waits for review; editors and admins everything. Whatever cannot be read cannot be
 * named either: not in an error, a conflict, a link's label or a list.
 */
export function canRead(actor: Actor, a: ArticleAccess): boolean {
  return a.status === 'published' || canEdit(actor, a) || (atLeast(actor.role, 'author') && a.status === 'review');
}

/**
 * Editing: editors and admins edit everything; authors their own articles in any status;
 * contributors their own until an editor has published or scheduled them.
 */
export function canEdit(actor: Actor, a: ArticleAccess): boolean {
  if (atLeast(actor.role, 'editor')) return true;
  if (!ownsArticle(actor, a)) return false;
  if (actor.role === 'author') return true;
  return a.status === 'draft' || a.status === 'review' || a.status === 'unpublished';
}

/** The workflow's steps: draft -> review -> scheduled (-> back to draft) or published -> unpublished. */
export const TRANSITIONS = {
  /** Hand to an editor. */
  submit: { from: ['draft', 'unpublished'], to: 'review', min: 'contributor' },
  /** Back to the writer. */
  reject: { from: ['review'], to: 'draft', min: 'editor' },
  publish: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'published', min: 'author' },
  schedule: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'scheduled', min: 'author' },
  /** A scheduled article called off before it went out: back to a draft, never 'taken down'. */
  unschedule: { from: ['scheduled'], to: 'draft', min: 'author' },
  unpublish: { from: ['published'], to: 'unpublished', min: 'author' },
} as const satisfies Record<WorkflowStep, { from: readonly ArticleStatus[]; to: ArticleStatus; min: Role }>;
export type TransitionName = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[];

/**
 * Bylines: below editor, a writer may add co-authors but not sign an article with others' names
 * alone. A byline already stored (an editor's choice) may be kept as it is.
 */
export function bylineAllowed(actor: Actor, authorIds: readonly number[], stored: readonly number[] = []): boolean {
  if (atLeast(actor.role, 'editor') || authorIds.length === 0) return true;
  if (actor.authorId !== null && authorIds.includes(actor.authorId)) return true;
  const kept = new Set(stored);
  return authorIds.length === kept.size && authorIds.every((id) => kept.has(id));
}

/**
 * The front page's flags, 'Головна новина' and 'Терміново', put an article above all others
 * (the breaking banner shows on every page): only editors set or clear them. Below editor the
 * flags stay as stored (false on a new article).
 */
export const mayFlag = (actor: Actor) => atLeast(actor.role, 'editor');

/**
 * Marking a published article's change as a correction or an update ('Оновлено о …' on the page,
 * the note below the text), and removing such a mark, is an editor's word to readers.
 */
export const mayCorrect = (actor: Pick<Actor, 'role'>) => atLeast(actor.role, 'editor');

/** The flags this account asks for are allowed: an editor's any, a writer's only those stored. */
export function flagsAllowed(actor: Actor, given: Flags, stored: Flags): keyof Flags | null {
  if (mayFlag(actor)) return null;
  if (given.isMain !== stored.isMain) return 'isMain';
  if (given.isBreaking !== stored.isBreaking) return 'isBreaking';
  return null;
}
export interface Flags {
  isMain: boolean;
  isBreaking: boolean;
}

/** Why a step is refused, or null when the actor may take it. */
export function transitionRefusal(actor: Actor, a: ArticleAccess, step: TransitionName): 'role' | 'status' | null {
  const t = TRANSITIONS[step];
  if (!atLeast(actor.role, t.min)) return 'role';
  // Below editor, only one's own articles.
  if (!atLeast(actor.role, 'editor') && !ownsArticle(actor, a)) return 'role';
  if (!(t.from as readonly ArticleStatus[]).includes(a.status)) return 'status';
  return null;
}
