import { describe, expect, it } from 'vitest';
import { formatNumbers, looksLikeCode, parseNumbers } from './paperEntry';

describe('typing a paper ballot', () => {
  const onBallot = new Set([1, 2, 3, 12]);

  it('reads the marked proposals from numbers in any separation, once each and in order', () => {
    expect(parseNumbers('3 1', onBallot)).toEqual({ numbers: [1, 3], unknown: [] });
    expect(parseNumbers('1,3, 3 en 12', onBallot)).toEqual({ numbers: [1, 3, 12], unknown: [] });
    expect(parseNumbers('', onBallot)).toEqual({ numbers: [], unknown: [] });
  });

  it('reports numbers that are not on the ballot instead of dropping them', () => {
    expect(parseNumbers('1 7', onBallot)).toEqual({ numbers: [1], unknown: ['7'] });
  });

  it('writes the numbers back as the field shows them', () => {
    expect(formatNumbers(new Set([12, 2]))).toBe('2 12');
  });

  it('accepts a code however it is typed, and refuses what cannot be one', () => {
    expect(looksLikeCode('KX7F-9QPM-3TRW-H4NC')).toBe(true);
    expect(looksLikeCode('kx7f 9qpm 3trw h4nc')).toBe(true);
    expect(looksLikeCode('KX7F-9QPM-3TRW-H4N')).toBe(false);
    expect(looksLikeCode('KX7F-9QPM-3TRW-H4N0')).toBe(false);
  });
});
