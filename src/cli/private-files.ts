import fs from 'node:fs';

/**
 * Exports and backups hold drafts, embargoed articles, the audit log and (backups) password
 * hashes: they are their operator's alone. Files the work creates are made with the umask 077
 * (so even the temporary file is never readable by others, whatever writes it: our streams,
 * SQLite's backup or pg_dump), and the finished file is set to 0600 in case it already existed.
 */
export async function writePrivately<T>(file: string, work: () => Promise<T>): Promise<T> {
  const before = process.umask(0o077);
  try {
    const result = await work();
    fs.chmodSync(file, 0o600);
    return result;
  } finally {
    process.umask(before);
  }
}
