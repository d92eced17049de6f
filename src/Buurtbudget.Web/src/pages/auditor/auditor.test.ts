import { describe, expect, it } from 'vitest';
import { parseEventList } from './AuditSignOff';

describe('parseEventList', () => {
  it('reads sequence numbers separated by commas, spaces or semicolons, once each', () => {
    expect(parseEventList('12, 13 15;12')).toEqual([12, 13, 15]);
    expect(parseEventList('')).toEqual([]);
  });

  it.each(['0', '-1', '1.5', 'twaalf', '12,,x'])('refuses %j', (text) => {
    expect(parseEventList(text)).toBeNull();
  });
});
