import type { Gender } from '../contract/model.js';

export type { Gender };

/** Every gender an account may have; 'unknown' is stored as null. */
export const GENDERS = ['feminine', 'masculine', 'unknown'] as const satisfies readonly Gender[];

export const isGender = (v: unknown): v is Gender => typeof v === 'string' && (GENDERS as readonly string[]).includes(v);

/** The stored column (null, 'feminine', 'masculine') as a Gender. */
export const genderOf = (stored: string | null | undefined): Gender => (isGender(stored) ? stored : 'unknown');

/** What is stored for a Gender: null for unknown. */
export const storedGender = (g: Gender): string | null => (g === 'unknown' ? null : g);

/**
 * A wording in each gender, side by side: the past tense agrees with the person ('Марія Бондар
 * опублікувала', 'Петро Коваль опублікував'), and for an unknown gender a neutral wording that
 * needs no agreement ('Опубліковано: …'), never a slash form like 'опублікував(ла)'.
 */
export type Gendered<T = string> = { readonly [G in Gender]: T };

/** The form for this person's gender. */
export const agree = <T>(forms: Gendered<T>, gender: Gender | null | undefined): T => forms[gender ?? 'unknown'];
