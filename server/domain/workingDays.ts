/**
 * 工作日 arithmetic for the result publicity (Art. 26: "不少于5个工作日"). A day is a working day
 * when it is Monday–Friday and not a public holiday, or when it is an adjusted workday (调休上班,
 * a weekend day worked in exchange for a longer holiday). The holiday list is data (table
 * `calendar_days`), edited by the office; these functions only read it. Days are 'YYYY-MM-DD'
 * strings in China's calendar, never Date objects, so no time zone can shift them.
 */
export type DayKind = 'holiday' | 'workday';

/** What the calendar says about a day: absent means an ordinary weekday or weekend day. */
export type CalendarLookup = (day: string) => DayKind | undefined;

export const fromMap = (m: ReadonlyMap<string, DayKind>): CalendarLookup => (day) => m.get(day);

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function isWorkingDay(day: string, cal: CalendarLookup): boolean {
  const kind = cal(day);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** The first working day on or after `day`. */
export function nextWorkingDay(day: string, cal: CalendarLookup): string {
  let d = day;
  for (let i = 0; i < 400 && !isWorkingDay(d, cal); i++) d = addDays(d, 1);
  return d;
}

/**
 * The last day of a period of `n` working days that starts on `start`: `start` counts as the first
 * when it is a working day; otherwise counting begins at the next one.
 */
export function endOfWorkingDays(start: string, n: number, cal: CalendarLookup): string {
  if (n < 1) throw new RangeError('n must be at least 1');
  let d = nextWorkingDay(start, cal);
  for (let counted = 1; counted < n; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) counted += 1;
  }
  return d;
}

/** How many working days lie in [start, end], both included (0 when end < start). */
export function workingDaysBetween(start: string, end: string, cal: CalendarLookup): number {
  let n = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n += 1;
  return n;
}

/** Today's date in China (UTC+8, no daylight saving), as 'YYYY-MM-DD'. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
