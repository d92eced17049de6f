import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './CalendarForm';

describe('calendar moments in the form', () => {
  it('reads back a typed moment as typed, through the API’s ISO form', () => {
    const iso = fromLocalInput('2027-03-01T09:30');

    expect(iso).not.toBeNull();
    expect(toLocalInput(iso)).toBe('2027-03-01T09:30');
  });

  it('refuses what is not a date and a time, and shows nothing for no moment', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2027-03-01')).toBeNull();
    expect(fromLocalInput('2027-13-45T25:00')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});
