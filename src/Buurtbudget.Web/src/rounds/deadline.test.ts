import { describe, expect, it } from 'vitest';
import { formatClosingMoment, timeLeft } from './deadline';

const now = new Date('2026-12-05T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const MINUTE = 60_000;

describe('timeLeft', () => {
  it('counts whole days, rounded down', () => {
    expect(timeLeft(at((3 * 24 + 5) * 60 * MINUTE), now)).toEqual({ unit: 'days', count: 3 });
    expect(timeLeft(at(24 * 60 * MINUTE), now)).toEqual({ unit: 'days', count: 1 });
  });

  it('counts hours below a day and minutes below an hour', () => {
    expect(timeLeft(at(24 * 60 * MINUTE - 1), now)).toEqual({ unit: 'hours', count: 23 });
    expect(timeLeft(at(59 * MINUTE + 59_000), now)).toEqual({ unit: 'minutes', count: 59 });
    expect(timeLeft(at(59_000), now)).toEqual({ unit: 'lessThanMinute' });
  });

  it('says the moment has passed at and after it', () => {
    expect(timeLeft(now, now)).toEqual({ unit: 'passed' });
    expect(timeLeft(at(-MINUTE), now)).toEqual({ unit: 'passed' });
  });
});

describe('formatClosingMoment', () => {
  it('shows Dutch time in winter (UTC+1) and summer (UTC+2), whatever the moment was written in', () => {
    expect(formatClosingMoment('2026-12-11T16:00:00Z', 'nl')).toBe('vrijdag 11 december 2026 om 17:00');
    expect(formatClosingMoment('2027-06-30T21:59:00+00:00', 'nl')).toBe('woensdag 30 juni 2027 om 23:59');
    expect(formatClosingMoment('2026-12-11T17:00:00+01:00', 'en')).toBe('Friday, 11 December 2026 at 17:00');
  });
});
