/**
 * Cron checks of a scheduled workflow, done at synth time the way Argo's controller would do
 * them at run time: each expression parsed by croner (5-field form, like the robfig/cron
 * standard parser Argo uses), the time zone looked up in the runtime's own Intl time-zone
 * database, and the closest two firings compared with the job's deadline.
 */
import { Cron } from 'croner';
import { show, type ProblemCollector } from '../problems';

/** Argo's standard parser has no seconds field and none of Quartz's `L`, `W`, `#` or `?`. */
const QUARTZ_ONLY = /[LW#?]/;
/** `@every <duration>` is a robfig/cron descriptor croner does not know. */
const DESCRIPTOR = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/;
/** IANA zone names (`UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`); no bare offsets, which Go's LoadLocation refuses. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
/** How far ahead firings are compared: one year covers every month length and both DST changes. */
const HORIZON_MS = 366 * 24 * 3600 * 1000;
/** At most this many firings per expression are enumerated for the longest gap. */
const MAX_FIRINGS = 20000;
/** Firings per expression per window for the shortest gap: a regular pattern repeats well within it. */
const FIRINGS_PER_WINDOW = 1500;
const DAY_MS = 24 * 3600 * 1000;
const FIXED_START = new Date('2026-01-01T00:00:00Z');

/** True when `zone` is an IANA time-zone name the runtime's Intl database knows. */
export function isKnownTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !ZONE_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why `expression` is not a cron expression Argo accepts, or undefined when it is one. */
export function cronExpressionProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string') return 'is not a cron expression';
  if (!CRON_PROBLEMS.has(expression)) CRON_PROBLEMS.set(expression, computeCronProblem(expression));
  return CRON_PROBLEMS.get(expression);
}

const CRON_PROBLEMS = new Map<string, string | undefined>();

function computeCronProblem(expression: string): string | undefined {
  if (typeof expression !== 'string' || expression.trim() === '') return 'is not a cron expression';
  const text = expression.trim();
  if (text.startsWith('@')) return DESCRIPTOR.test(text) ? undefined : 'is not a descriptor Argo knows (@yearly, @monthly, @weekly, @daily, @hourly)';
  if (text.startsWith('CRON_TZ=') || text.startsWith('TZ=')) return "must not carry its own time zone: set 'timezone' instead";
  if (QUARTZ_ONLY.test(text)) return "uses L, W, # or ?, which Argo's cron parser does not support";
  try {
    new Cron(text, { paused: true, mode: '5-part' });
    return undefined;
  } catch (error) {
    return `is not a 5-field cron expression (minute hour day-of-month month day-of-week): ${(error as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

/**
 * A zone's UTC offset sampled once a day (at 00:00 UTC) from two days before the fixed start to
 * a few days past the horizon: what Intl writes (`GMT-5`), and the same in minutes when it reads
 * as one (undefined otherwise). Time zones change their offset at most once between two samples
 * (no zone has two changes within a day), so a run of equal samples is a span of one offset.
 */
interface ZoneDays {
  readonly labels: readonly string[];
  readonly minutes: readonly (number | undefined)[];
  /** For each sample, the index of the last sample of its run of equal offsets. */
  readonly runEnds: readonly number[];
}

const FIRST_SAMPLE_DAY = -2;
const LAST_SAMPLE_DAY = 370;
const ZONE_DAYS = new Map<string, ZoneDays>();

function zoneDays(timezone: string): ZoneDays {
  let zone = ZONE_DAYS.get(timezone);
  if (zone) return zone;
  const labels: string[] = [];
  for (let day = FIRST_SAMPLE_DAY; day <= LAST_SAMPLE_DAY; day++) labels.push(offsetAt(timezone, FIXED_START.getTime() + day * DAY_MS));
  const minutes = labels.map((label) => {
    const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(label);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) : undefined;
  });
  const runEnds = labels.map(() => 0);
  for (let i = labels.length - 1; i >= 0; i--) runEnds[i] = i + 1 < labels.length && labels[i + 1] === labels[i] ? runEnds[i + 1] : i;
  ZONE_DAYS.set(timezone, zone = { labels, minutes, runEnds });
  return zone;
}

/** Index into {@link ZoneDays} of the sample at or before `instant`. */
function sampleIndex(instant: number): number {
  return Math.floor((instant - FIXED_START.getTime()) / DAY_MS) - FIRST_SAMPLE_DAY;
}

const CRONS = new Map<string, Cron>();

/** One paused croner per expression and zone (a name, or a fixed offset in minutes). */
function cronOf(schedule: string, zone: string | number): Cron {
  const key = `${typeof zone}\0${zone}\0${schedule}`;
  let cron = CRONS.get(key);
  if (!cron) CRONS.set(key, cron = new Cron(schedule.trim(), { paused: true, mode: '5-part', ...(typeof zone === 'number' ? { utcOffset: zone } : { timezone: zone }) }));
  return cron;
}

/**
 * croner's next firing of `schedule` in `timezone` after `after`, computed at the zone's fixed
 * offset where that gives the same answer: the offset is the same from a day before `after` to
 * a day after the firing. croner then finds the same wall-clock time (the search over the fields
 * does not depend on the zone) and, far from any offset change, converts it to the same instant,
 * without the several Intl look-ups per candidate that its zone conversion makes. Anywhere else
 * (near a DST change, outside the sampled days) croner runs in the zone itself.
 */
function nextFiring(schedule: string, timezone: string, after: Date): Date | null {
  const zone = zoneDays(timezone);
  const from = sampleIndex(after.getTime());
  const offset = from >= 1 && from < zone.minutes.length ? zone.minutes[from] : undefined;
  if (offset !== undefined) {
    const next = cronOf(schedule, offset).nextRun(after);
    const to = next ? sampleIndex(next.getTime()) + 2 : -1;
    if (next && to < zone.minutes.length && zone.runEnds[from - 1] >= to) return next;
  }
  return cronOf(schedule, timezone).nextRun(after);
}

/**
 * Firing instants (ms) of `schedules` in `timezone` from `from` up to `until`, at most `max` per
 * expression, sorted and unique; `capped` when an expression reached `max` before `until`.
 */
function firingsOf(schedules: readonly string[], timezone: string, from: number, until: number, max: number): { times: number[]; capped: boolean } {
  const times: number[] = [];
  let capped = false;
  for (const schedule of schedules) {
    let next = nextFiring(schedule, timezone, new Date(from));
    let i = 0;
    for (; next && next.getTime() <= until && i < max; i++) {
      times.push(next.getTime());
      next = nextFiring(schedule, timezone, next);
    }
    if (i === max && next && next.getTime() <= until) capped = true;
  }
  return { times: [...new Set(times)].sort((a, b) => a - b), capped };
}

function firings(schedules: readonly string[], timezone: string, from: number, until: number, max: number): number[] {
  return firingsOf(schedules, timezone, from, until, max).times;
}

/** The year's firings from the fixed day (at most `max` per expression), computed once per input. */
function yearFirings(schedules: readonly string[], timezone: string, max: number): { times: number[]; capped: boolean } {
  const key = JSON.stringify([schedules, timezone, max]);
  let year = YEARS.get(key);
  if (!year) YEARS.set(key, year = firingsOf(schedules, timezone, FIXED_START.getTime(), FIXED_START.getTime() + HORIZON_MS, max));
  return year;
}

const YEARS = new Map<string, { times: number[]; capped: boolean }>();

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => (t - times[i]) / 1000);
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The offset that ends what `format()` writes (`12/31/2025, GMT-5`), read without formatToParts (several times slower). */
const OFFSET_SUFFIX = /, (GMT(?:[+-]\d{1,2}(?::\d{2})?)?)$/;

/** UTC offset of `timezone` at `instant`, as Intl writes it (`GMT-5`). */
function offsetAt(timezone: string, instant: number): string {
  let format = OFFSET_FORMATS.get(timezone);
  if (!format) OFFSET_FORMATS.set(timezone, format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'shortOffset' }));
  const date = new Date(instant);
  return OFFSET_SUFFIX.exec(format.format(date))?.[1] ?? format.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** Days of the year (from the fixed start) on which `timezone` changes its UTC offset (DST). */
function offsetChanges(timezone: string): number[] {
  const { labels } = zoneDays(timezone);
  const changes: number[] = [];
  for (let day = 1; day <= 366; day++) {
    if (labels[day - FIRST_SAMPLE_DAY] !== labels[day - 1 - FIRST_SAMPLE_DAY]) changes.push(FIXED_START.getTime() + (day - 1) * DAY_MS);
  }
  return changes;
}

/**
 * The shortest time, in seconds, between two consecutive firings of all `schedules` together in
 * `timezone`: over the first firings of a year from a fixed day (so the result does not depend
 * on when synth runs), and around each of the zone's DST changes that year, where a wall-clock
 * schedule can fire closer together. Undefined when there are fewer than two firings.
 */
export function shortestIntervalSeconds(schedules: readonly string[], timezone: string): number | undefined {
  const key = JSON.stringify([schedules, timezone]);
  if (!SHORTEST.has(key)) SHORTEST.set(key, computeShortest(schedules, timezone));
  return SHORTEST.get(key);
}

/** Results by input: validation runs again on every synth and every validateAccount() call. */
const SHORTEST = new Map<string, number | undefined>();

function computeShortest(schedules: readonly string[], timezone: string): number | undefined {
  const windows = [
    yearFirings(schedules, timezone, FIRINGS_PER_WINDOW).times,
    ...offsetChanges(timezone).map((day) => firings(schedules, timezone, day - DAY_MS, day + 2 * DAY_MS, FIRINGS_PER_WINDOW)),
  ];
  const all = windows.flatMap(gaps);
  return all.length ? Math.min(...all) : undefined;
}

/**
 * The longest time, in seconds, between two consecutive firings of `schedules` in `timezone`,
 * over a year from the fixed day (at most {@link MAX_FIRINGS} firings per expression).
 */
export function longestIntervalSeconds(schedules: readonly string[], timezone: string): number | undefined {
  // The shortest-gap check already enumerated the year unless a schedule fires more often than that.
  const year = yearFirings(schedules, timezone, FIRINGS_PER_WINDOW);
  const all = gaps(year.capped ? yearFirings(schedules, timezone, MAX_FIRINGS).times : year.times);
  return all.length ? Math.max(...all) : undefined;
}

/**
 * Check the `schedules` and `timezone` of a scheduled workflow and that consecutive firings are
 * at least `deadlineSeconds` apart (a run may last that long, so a closer firing would find the
 * previous run still going and be skipped under `concurrencyPolicy: Forbid`).
 */
export function validateSchedules(
  schedules: unknown, timezone: unknown, deadlineSeconds: number | undefined, path: string, problems: ProblemCollector,
): void {
  let valid = true;
  if (!Array.isArray(schedules) || schedules.length === 0) {
    problems.add(`${path}.schedules`, `must be a non-empty list of cron expressions, got ${show(schedules)}.`);
    valid = false;
  } else {
    schedules.forEach((schedule, i) => {
      const problem = cronExpressionProblem(schedule);
      if (problem) {
        problems.add(`${path}.schedules[${i}]`, `${problem}, got ${show(schedule)}.`);
        valid = false;
      }
    });
    const seen = schedules.filter((s, i) => schedules.indexOf(s) !== i);
    if (seen.length > 0) problems.add(`${path}.schedules`, `lists ${show(seen[0])} twice.`);
  }
  if (!isKnownTimeZone(timezone)) {
    problems.add(`${path}.timezone`, `must be an IANA time-zone name known to the runtime's time-zone database, like 'UTC' or 'Europe/Berlin', got ${show(timezone)}.`);
    valid = false;
  }
  if (!valid || deadlineSeconds === undefined) return;
  const shortest = shortestIntervalSeconds(schedules as string[], timezone as string);
  if (shortest !== undefined && shortest < deadlineSeconds) {
    problems.add(`${path}.schedules`, `fire as little as ${shortest} s apart (${(schedules as string[]).map((s) => `'${s}'`).join(', ')} in ${timezone}), less than the workflow's activeDeadlineSeconds ${deadlineSeconds}: a run may still be going at the next firing, which concurrencyPolicy Forbid then skips. Fire less often or lower activeDeadlineSeconds.`);
  }
}
