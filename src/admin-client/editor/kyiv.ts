/** The schedule field's datetime-local values as Kyiv wall-clock time, whatever the device's own zone. */
import { kyivLocalToUtc, kyivParts } from '../../core/kyiv-time.js';

/** '2026-11-25T14:00' read as Kyiv time: the instant, or null when the value is not a time. */
export function kyivLocalToDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const at = kyivLocalToUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(at.getTime()) ? null : at;
}

/** An instant as a datetime-local value in Kyiv time. */
export function dateToKyivLocal(d: Date): string {
  const p = kyivParts(d);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}
