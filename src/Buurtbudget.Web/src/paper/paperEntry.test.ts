import { describe, expect, it } from 'vitest';
import { formatMarks, looksLikeCode, parseMarks } from './paperEntry';

describe('typing a paper ballot', () => {
  const onBallot = new Set([1, 2, 3, 12]);
  const one = (...ids: number[]) => ids.map((proposalId) => ({ proposalId, points: 1 }));

  it('reads the marked proposals from numbers in any separation, once each and in order', () => {
    expect(parseMarks('3 1', onBallot, false)).toEqual({ choices: one(1, 3), unknown: [], badPoints: [], untaken: [] });
    expect(parseMarks('1,3, 3 en 12', onBallot, false)).toEqual({ choices: one(1, 3, 12), unknown: [], badPoints: [], untaken: [] });
    expect(parseMarks('', onBallot, false)).toEqual({ choices: [], unknown: [], badPoints: [], untaken: [] });
  });

  it('reports numbers that are not on the ballot instead of dropping them', () => {
    expect(parseMarks('1 7', onBallot, false)).toEqual({ choices: one(1), unknown: ['7'], badPoints: [], untaken: ['7'] });
    expect(parseMarks('1:2 7:3', onBallot, true)).toEqual({ choices: [{ proposalId: 1, points: 2 }], unknown: ['7'], badPoints: [], untaken: ['7:3'] });
  });

  it('reads the points beside a number in a round with points; a bare number is one point, a repeat adds up', () => {
    expect(parseMarks('3:4 1', onBallot, true).choices).toEqual([{ proposalId: 1, points: 1 }, { proposalId: 3, points: 4 }]);
    expect(parseMarks('1x2, 3 = 5 en 12 : 1', onBallot, true).choices).toEqual([{ proposalId: 1, points: 2 }, { proposalId: 3, points: 5 }, { proposalId: 12, points: 1 }]);
    expect(parseMarks('2 2:3', onBallot, true).choices).toEqual([{ proposalId: 2, points: 4 }]);
  });

  it('refuses points where a round has none, and points that are not a whole number of at least one', () => {
    expect(parseMarks('1:4 3', onBallot, false)).toEqual({ choices: one(3), unknown: [], badPoints: ['1:4'], untaken: ['1:4'] });
    expect(parseMarks('1:0, 2:, 3:x', onBallot, true).badPoints).toEqual(['1:0', '2:', '3:x']);
  });

  it('writes the marks back as the field shows them', () => {
    expect(formatMarks(one(12, 2))).toBe('2 12');
    expect(formatMarks([{ proposalId: 3, points: 4 }, { proposalId: 1, points: 1 }, { proposalId: 2, points: 0 }])).toBe('1 3:4');
  });

  it('keeps what it could not take when a box changes, so that Enter still refuses it', () => {
    const read = parseMarks('1 7:3 2:0', onBallot, true);
    const field = formatMarks([...read.choices, { proposalId: 3, points: 2 }], read.untaken);
    expect(field).toBe('1 3:2 7:3 2:0');
    expect(parseMarks(field, onBallot, true)).toMatchObject({ unknown: ['7'], badPoints: ['2:0'] });
  });

  it('accepts a code however it is typed, and refuses what cannot be one', () => {
    expect(looksLikeCode('KX7F-9QPM-3TRW-H4NC')).toBe(true);
    expect(looksLikeCode('kx7f 9qpm 3trw h4nc')).toBe(true);
    expect(looksLikeCode('KX7F-9QPM-3TRW-H4N')).toBe(false);
    expect(looksLikeCode('KX7F-9QPM-3TRW-H4N0')).toBe(false);
  });
});
