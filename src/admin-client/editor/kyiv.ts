/** Kyiv wall-clock time <-> UTC instants in the browser, whatever the device's own zone. */

const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function kyivFields(d: Date) {
  const get = (type: string) => Number(parts.formatToParts(d).find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** Kyiv's offset from UTC at an instant, in milliseconds. */
function offsetAt(d: Date): number {
  const f = kyivFields(d);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi) - Math.floor(d.getTime() / 60_000) * 60_000;
}

/** '2026-11-25T14:00' read as Kyiv time: the instant, or null when the value is not a time. */
export function kyivLocalToDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let at = wall - offsetAt(new Date(wall));
  at = wall - offsetAt(new Date(at));
  return new Date(at);
}

/** An instant as a datetime-local value in Kyiv time. */
export function dateToKyivLocal(d: Date): string {
  const f = kyivFields(d);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${f.y}-${p(f.mo)}-${p(f.d)}T${p(f.h)}:${p(f.mi)}`;
}
