/**
 * The resource limits of a worker thread whose heap is bounded to `heapMb` (a bulk import's
 * threads). V8 sizes the young generation from the machine's memory (up to 32 MB a semi-space),
 * which a small heap cannot spare; a sixth of it (16 MB of 96) still collects a batch's short-lived strings.
 */
export function heapLimits(heapMb: number) {
  return { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.max(8, Math.min(32, Math.floor(heapMb / 6))) };
}
