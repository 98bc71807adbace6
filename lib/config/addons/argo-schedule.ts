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
/** At most this many firings per expression are enumerated (an every-minute job is caught at the second one). */
const MAX_FIRINGS = 20000;
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
 * The shortest time, in seconds, between two consecutive firings of all `schedules` together in
 * `timezone`, over a year from a fixed day (so the result does not depend on when synth runs).
 * Undefined when there are fewer than two firings in that year.
 */
export function shortestIntervalSeconds(schedules: readonly string[], timezone: string): number | undefined {
  return intervals(schedules, timezone).shortest;
}

/** The longest time, in seconds, between two consecutive firings of `schedules` in `timezone` over a year (see {@link shortestIntervalSeconds}). */
export function longestIntervalSeconds(schedules: readonly string[], timezone: string): number | undefined {
  return intervals(schedules, timezone).longest;
}

function intervals(schedules: readonly string[], timezone: string): { shortest?: number; longest?: number } {
  const times: number[] = [];
  const end = FIXED_START.getTime() + HORIZON_MS;
  for (const schedule of schedules) {
    const cron = new Cron(schedule.trim(), { paused: true, mode: '5-part', timezone });
    let next = cron.nextRun(FIXED_START);
    for (let i = 0; next && next.getTime() <= end && i < MAX_FIRINGS; i++) {
      times.push(next.getTime());
      next = cron.nextRun(next);
    }
  }
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  let shortest: number | undefined;
  let longest: number | undefined;
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i] - sorted[i - 1]) / 1000;
    if (shortest === undefined || gap < shortest) shortest = gap;
    if (longest === undefined || gap > longest) longest = gap;
  }
  return { shortest, longest };
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
