/** Conversions between what a driver returns and what the core model holds. */

export const toDate = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));
export const toDateOrNull = (v: string | Date | null): Date | null => (v === null ? null : toDate(v));

/** Timestamps are written as ISO 8601 UTC text: SQLite sorts it, PostgreSQL parses it. */
export const fromDate = (d: Date): string => d.toISOString();

export const toFlag = (v: number | boolean): boolean => v === true || v === 1;
/** better-sqlite3 binds no booleans; PostgreSQL's boolean accepts 1 and 0 as text. */
export const fromFlag = (b: boolean): number => (b ? 1 : 0);
