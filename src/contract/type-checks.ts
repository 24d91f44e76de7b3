/**
 * Type-level assertions for the side that keeps runtime values of a contract type (a zod
 * schema, a list of statuses): `export type X = Assert<Same<z.output<typeof s>, ArticleFields>>`
 * compiles only while the two agree.
 */

/** true when A and B are each assignable to the other. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compiles only for true. */
export type Assert<T extends true> = T;
