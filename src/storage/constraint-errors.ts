/**
 * The column a unique constraint refused, from either driver's error: better-sqlite3 says
 * 'UNIQUE constraint failed: users.email' (code SQLITE_CONSTRAINT_UNIQUE), pg gives SQLSTATE
 * 23505 with the constraint's name and 'Key (email)=(…) already exists.'. Null for any other error.
 */
export function uniqueViolationColumn(e: unknown): string | null {
  if (!e || typeof e !== 'object') return null;
  const { code, message, detail, constraint } = e as { code?: unknown; message?: unknown; detail?: unknown; constraint?: unknown };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = /constraint failed: (.+)$/.exec(String(message))?.[1] ?? '';
    return columns.split(',')[0]!.trim().split('.').pop() || '';
  }
  if (code === '23505') {
    const key = /^Key \(([^)]+)\)/.exec(String(detail ?? ''))?.[1];
    return key?.split(',')[0]!.trim() ?? String(constraint ?? '');
  }
  return null;
}
