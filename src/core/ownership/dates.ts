// Dates and ISO 8601 durations for expiry and rotation. Everything is UTC and takes "now" as an
// argument: the checks must give the same answer in every time zone and under a pinned clock.

export const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const DAY_MS = 86_400_000;

/** A date (`2026-03-01`, midnight UTC) or date-time; undefined if it is not one. */
export function parseDate(s: string): Date | undefined {
  if (!ISO_DATE.test(s)) return undefined;
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  // Date rolls 2026-02-30 over to March: that is a typo, not a date.
  if (s.length === 10 && d.toISOString().slice(0, 10) !== s) return undefined;
  return d;
}

export function isValidDuration(s: string): boolean {
  return ISO_DURATION.test(s);
}

/** `date + duration`, calendar-aware for years and months (P1M from Jan 31 is the last day of February). */
export function addDuration(date: Date, duration: string): Date | undefined {
  const m = ISO_DURATION.exec(duration);
  if (!m) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((x) => Number(x ?? 0));
  const d = new Date(date.getTime());
  if (years || months) {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + years * 12 + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  return new Date(d.getTime() + ((weeks * 7 + days) * 24 + hours) * 3_600_000 + minutes * 60_000 + seconds * 1000);
}

/** Whole days from `a` to `b` (negative when b is earlier), rounded toward the past. */
export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / DAY_MS);
}

/** Whole days from `a` until `b`, rounded up (a credential expiring tomorrow noon expires "in 1 day"). */
export function daysUntil(a: Date, b: Date): number {
  return Math.ceil((b.getTime() - a.getTime()) / DAY_MS);
}

/** `3 days ago`, `today`. */
export function ago(days: number): string {
  return days <= 0 ? 'today' : `${plural(days, 'day')} ago`;
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
