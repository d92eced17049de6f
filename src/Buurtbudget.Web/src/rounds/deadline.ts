// The voting deadline as residents read it: the closing moment in Dutch time (Europe/Amsterdam, whatever the phone's
// own time zone) and the time left in whole days, hours or minutes.

/** Voting moments are Dutch municipal moments: always shown in the Netherlands' time, summer and winter. */
export const DUTCH_TIME_ZONE = 'Europe/Amsterdam';

export type TimeLeft =
  | { unit: 'days' | 'hours' | 'minutes'; count: number }
  | { unit: 'lessThanMinute' }
  | { unit: 'passed' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long until <paramref name="closes">: whole days from a day on, whole hours from an hour on, whole minutes
 * below that (always rounded down, so the page never promises more time than there is). */
export function timeLeft(closes: Date, now: Date): TimeLeft {
  const left = closes.getTime() - now.getTime();
  if (left <= 0) return { unit: 'passed' };
  if (left >= DAY) return { unit: 'days', count: Math.floor(left / DAY) };
  if (left >= HOUR) return { unit: 'hours', count: Math.floor(left / HOUR) };
  if (left >= MINUTE) return { unit: 'minutes', count: Math.floor(left / MINUTE) };
  return { unit: 'lessThanMinute' };
}

/** The closing moment with its weekday, in Dutch time: "vrijdag 11 december 2026 om 17:00". */
export function formatClosingMoment(moment: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: DUTCH_TIME_ZONE,
  }).format(new Date(moment));
}
