import { Cron } from 'croner';
import { longestIntervalSeconds, shortestIntervalSeconds } from '../../../lib/config/addons/argo-schedule';

/** The longest gap of the year's firings as croner finds them in the zone itself, one firing after another. */
function longestInZone(schedule: string, timezone: string): number {
  const start = Date.UTC(2026, 0, 1);
  const cron = new Cron(schedule, { paused: true, mode: '5-part', timezone });
  const times: number[] = [];
  for (let next = cron.nextRun(new Date(start)); next && next.getTime() <= start + 366 * 86400_000; next = cron.nextRun(next)) times.push(next.getTime());
  return Math.max(...times.slice(1).map((t, i) => (t - times[i]) / 1000));
}

describe('schedule gaps across DST changes', () => {
  it('measures a weekday job in New York: a day apart, and a long weekend when the clocks go back', () => {
    // Friday 06:15 to Monday 06:15 across the first Sunday of November is 73 hours.
    expect([shortestIntervalSeconds(['15 6 * * 1-5'], 'America/New_York'), longestIntervalSeconds(['15 6 * * 1-5'], 'America/New_York')]).toEqual([86400, 73 * 3600]);
  });

  it('measures a nightly job in New York: 23 hours in spring, 25 in autumn', () => {
    expect([shortestIntervalSeconds(['0 3 * * *'], 'America/New_York'), longestIntervalSeconds(['0 3 * * *'], 'America/New_York')]).toEqual([23 * 3600, 25 * 3600]);
  });

  it('finds the firings croner finds in the zone itself, in zones with unusual changes', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Antarctica/Troll', 'America/Havana', 'Asia/Kolkata'];
    const schedules = ['30 2 * * *', '0 0 * * *', '15 6 * * 1-5', '0 0 1 * *', '*/30 1-3 * * 0'];
    const cases = zones.flatMap((z) => schedules.map((s) => `${s} in ${z}`));
    const got = zones.flatMap((z) => schedules.map((s) => longestIntervalSeconds([s], z)));
    const want = zones.flatMap((z) => schedules.map((s) => longestInZone(s, z)));
    expect(cases.map((c, i) => `${c}: ${got[i]}`)).toEqual(cases.map((c, i) => `${c}: ${want[i]}`));
  });
});
