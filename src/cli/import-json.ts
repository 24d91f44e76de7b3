/** `shpalta import --json FILE`: loads an export made by `shpalta export` (see services/transfer.ts). */
export async function importJsonCommand(_args: string[]): Promise<number> {
  console.error('shpalta import --json: not yet available');
  return 2;
}
