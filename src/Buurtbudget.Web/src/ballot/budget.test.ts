import { describe, expect, it } from 'vitest';
import { addChoice, blockReason, castableChoices, evaluateBallot, fromSaved, removeChoice, sameChoices, setPoints, type BallotChoice, type BallotOption, type BallotRules } from './budget';

// Three options as on the Middelland demo ballot, in eurocents.
const options: BallotOption[] = [
  { id: 1, costCents: 1_150_000 },
  { id: 2, costCents: 1_800_000 },
  { id: 3, costCents: 650_000 },
  { id: 4, costCents: 2_000_000 },
];
const pick = (...ids: number[]): BallotChoice[] => ids.map((proposalId) => ({ proposalId, points: 1 }));

const withinBudget = (budgetCents: number, minCount?: number, maxCount?: number): BallotRules => ({
  budgetCents,
  ballotMethod: { kind: 'approval-within-budget', minCount, maxCount },
});
const atMostK = (k: number): BallotRules => ({ budgetCents: 5_000_000, ballotMethod: { kind: 'approval-at-most-k', k } });
const cumulative = (points: number, maxPerProposal?: number): BallotRules => ({
  budgetCents: 5_000_000,
  ballotMethod: { kind: 'cumulative-points', points, maxPerProposal },
});

describe('approval within budget', () => {
  it('adds up the chosen costs and what is left of the budget', () => {
    const ballot = evaluateBallot(withinBudget(5_000_000), options, pick(1, 3));
    expect(ballot.totalCostCents).toBe(1_800_000);
    expect(ballot.remainingCents).toBe(3_200_000);
    expect(ballot.count).toBe(2);
    expect(ballot.valid).toBe(true);
    expect(castableChoices(ballot)).toEqual(pick(1, 3));
  });

  it('accepts a ballot exactly on the budget and leaves nothing', () => {
    // 1,150,000 + 1,800,000 + 2,000,000 = 4,950,000
    const ballot = evaluateBallot(withinBudget(4_950_000), options, pick(1, 2, 4));
    expect(ballot.remainingCents).toBe(0);
    expect(ballot.valid).toBe(true);
    expect(ballot.options.get(3)).toMatchObject({ canAdd: false, blockedBy: 'over-budget' });
  });

  it('refuses a ballot one cent over the budget and never casts it', () => {
    const ballot = evaluateBallot(withinBudget(4_949_999), options, pick(1, 2, 4));
    expect(ballot.remainingCents).toBe(-1);
    expect(ballot.valid).toBe(false);
    expect(ballot.problems).toContainEqual({ kind: 'over-budget', totalCents: 4_950_000, budgetCents: 4_949_999 });
    expect(castableChoices(ballot)).toBeNull();
  });

  it('lets an option that fits exactly be added, and blocks one that would go a cent over', () => {
    const rules = withinBudget(1_800_000);
    expect(blockReason(rules, options, pick(3), 1)).toBeNull(); // 650,000 + 1,150,000 = 1,800,000
    expect(addChoice(rules, options, pick(3), 1)).toEqual(pick(3, 1));
    expect(blockReason(withinBudget(1_799_999), options, pick(3), 1)).toBe('over-budget');
    expect(addChoice(withinBudget(1_799_999), options, pick(3), 1)).toEqual(pick(3));
  });

  it('frees the budget again when a choice is removed', () => {
    const rules = withinBudget(3_000_000);
    const full = pick(1, 2); // 2,950,000
    expect(blockReason(rules, options, full, 3)).toBe('over-budget');
    const freed = removeChoice(full, 2);
    expect(evaluateBallot(rules, options, freed).remainingCents).toBe(1_850_000);
    expect(blockReason(rules, options, freed, 3)).toBeNull();
    expect(addChoice(rules, options, freed, 3)).toEqual(pick(1, 3));
  });

  it('enforces the maximum count: the next option is blocked as too many choices even when it fits', () => {
    const rules = withinBudget(10_000_000, undefined, 2);
    const ballot = evaluateBallot(rules, options, pick(1, 3));
    expect(ballot.maxChoices).toBe(2);
    expect(ballot.options.get(2)).toMatchObject({ canAdd: false, blockedBy: 'too-many-choices' });
    expect(evaluateBallot(rules, options, pick(1, 2, 3)).problems).toContainEqual({ kind: 'too-many-choices', count: 3, max: 2 });
    expect(castableChoices(evaluateBallot(rules, options, pick(1, 2, 3)))).toBeNull();
  });

  it('enforces the minimum count, but a blank ballot is valid (it counts as turnout)', () => {
    const rules = withinBudget(10_000_000, 2);
    const one = evaluateBallot(rules, options, pick(1));
    expect(one.valid).toBe(false);
    expect(one.problems).toEqual([{ kind: 'too-few-choices', count: 1, min: 2 }]);
    expect(evaluateBallot(rules, options, pick(1, 3)).valid).toBe(true);
    const blank = evaluateBallot(rules, options, []);
    expect(blank.blank).toBe(true);
    expect(blank.valid).toBe(true);
    expect(castableChoices(blank)).toEqual([]);
  });

  it('does not add the same option twice and refuses a ballot that names one twice', () => {
    const rules = withinBudget(10_000_000);
    expect(addChoice(rules, options, pick(1), 1)).toEqual(pick(1));
    const doubled = evaluateBallot(rules, options, pick(1, 1));
    expect(doubled.problems).toContainEqual({ kind: 'duplicate', proposalId: 1 });
    expect(doubled.totalCostCents).toBe(1_150_000);
    expect(castableChoices(doubled)).toBeNull();
  });

  it('refuses points other than 1 on an approval ballot', () => {
    const ballot = evaluateBallot(withinBudget(10_000_000), options, [{ proposalId: 1, points: 2 }]);
    expect(ballot.problems).toEqual([{ kind: 'invalid-points', proposalId: 1, points: 2 }]);
    expect(ballot.valid).toBe(false);
  });
});

describe('approval of at most k', () => {
  it('allows up to k choices whatever they cost', () => {
    const rules = atMostK(2);
    const ballot = evaluateBallot(rules, options, pick(2, 4));
    expect(ballot.valid).toBe(true);
    expect(ballot.totalCostCents).toBe(3_800_000);
    expect(ballot.options.get(1)).toMatchObject({ canAdd: false, blockedBy: 'too-many-choices' });
  });

  it('does not apply the budget: expensive options stay available until k is reached', () => {
    const rules: BallotRules = { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-at-most-k', k: 3 } };
    const ballot = evaluateBallot(rules, options, pick(2, 4));
    expect(ballot.remainingCents).toBeLessThan(0);
    expect(ballot.valid).toBe(true);
    expect(blockReason(rules, options, pick(2, 4), 1)).toBeNull();
  });

  it('refuses k + 1 choices and frees a place when one is removed', () => {
    const rules = atMostK(2);
    expect(castableChoices(evaluateBallot(rules, options, pick(1, 2, 3)))).toBeNull();
    expect(addChoice(rules, options, pick(1, 2), 3)).toEqual(pick(1, 2));
    expect(addChoice(rules, options, removeChoice(pick(1, 2), 1), 3)).toEqual(pick(2, 3));
  });

  it('with k = 1 allows exactly one choice', () => {
    const rules = atMostK(1);
    expect(blockReason(rules, options, [], 4)).toBeNull();
    expect(blockReason(rules, options, pick(4), 1)).toBe('too-many-choices');
  });
});

describe('cumulative points', () => {
  it('counts points used and left', () => {
    const ballot = evaluateBallot(cumulative(10), options, [{ proposalId: 1, points: 6 }, { proposalId: 3, points: 3 }]);
    expect(ballot.pointsUsed).toBe(9);
    expect(ballot.pointsLeft).toBe(1);
    expect(ballot.valid).toBe(true);
    expect(ballot.options.get(2)).toMatchObject({ canAdd: true, maxPoints: 1 });
  });

  it('blocks every option once no points are left, and spending all of them exactly is valid', () => {
    const rules = cumulative(5);
    const all: BallotChoice[] = [{ proposalId: 1, points: 3 }, { proposalId: 2, points: 2 }];
    const ballot = evaluateBallot(rules, options, all);
    expect(ballot.pointsLeft).toBe(0);
    expect(ballot.valid).toBe(true);
    expect(ballot.options.get(3)).toMatchObject({ canAdd: false, blockedBy: 'no-points-left' });
    expect(ballot.options.get(1)).toMatchObject({ canAdd: false, blockedBy: 'no-points-left', maxPoints: 3 });
    expect(addChoice(rules, options, all, 3)).toEqual(all);
  });

  it('refuses one point too many and never casts it', () => {
    const ballot = evaluateBallot(cumulative(5), options, [{ proposalId: 1, points: 3 }, { proposalId: 2, points: 3 }]);
    expect(ballot.problems).toContainEqual({ kind: 'too-many-points', total: 6, max: 5 });
    expect(castableChoices(ballot)).toBeNull();
  });

  it('caps the points on one proposal', () => {
    const rules = cumulative(10, 3);
    const capped: BallotChoice[] = [{ proposalId: 1, points: 3 }];
    expect(evaluateBallot(rules, options, capped).options.get(1)).toMatchObject({ canAdd: false, blockedBy: 'at-cap', maxPoints: 3 });
    expect(addChoice(rules, options, capped, 1)).toEqual(capped);
    expect(setPoints(rules, options, [], 2, 9)).toEqual([{ proposalId: 2, points: 3 }]);
    const over = evaluateBallot(rules, options, [{ proposalId: 1, points: 4 }]);
    expect(over.problems).toEqual([{ kind: 'points-over-cap', proposalId: 1, points: 4, max: 3 }]);
    expect(castableChoices(over)).toBeNull();
  });

  it('adds one point at a time and clamps a typed number to the points left', () => {
    const rules = cumulative(4);
    const once = addChoice(rules, options, [], 2);
    expect(once).toEqual([{ proposalId: 2, points: 1 }]);
    expect(addChoice(rules, options, once, 2)).toEqual([{ proposalId: 2, points: 2 }]);
    expect(setPoints(rules, options, [{ proposalId: 1, points: 3 }], 2, 5)).toEqual([{ proposalId: 1, points: 3 }, { proposalId: 2, points: 1 }]);
  });

  it('frees points when a choice is removed or set to 0', () => {
    const rules = cumulative(4);
    const all: BallotChoice[] = [{ proposalId: 1, points: 4 }];
    expect(blockReason(rules, options, all, 2)).toBe('no-points-left');
    expect(setPoints(rules, options, all, 1, 0)).toEqual([]);
    expect(evaluateBallot(rules, options, removeChoice(all, 1)).pointsLeft).toBe(4);
    expect(blockReason(rules, options, removeChoice(all, 1), 2)).toBeNull();
  });

  it('refuses zero, negative and fractional points', () => {
    for (const points of [0, -1, 1.5]) {
      const ballot = evaluateBallot(cumulative(10), options, [{ proposalId: 1, points }]);
      expect(ballot.problems).toContainEqual({ kind: 'invalid-points', proposalId: 1, points });
      expect(castableChoices(ballot)).toBeNull();
    }
  });
});

describe('options not on the ballot', () => {
  it('never adds an unknown or withdrawn proposal', () => {
    const rules = withinBudget(10_000_000);
    expect(blockReason(rules, options, [], 99)).toBe('not-on-ballot');
    expect(addChoice(rules, options, [], 99)).toEqual([]);
    expect(setPoints(cumulative(10), options, [], 99, 2)).toEqual([]);
  });

  it('marks a ballot naming one invalid, costs it nothing, and casts it once it is removed', () => {
    const rules = withinBudget(10_000_000);
    const stale = pick(1, 7);
    const ballot = evaluateBallot(rules, options, stale);
    expect(ballot.problems).toEqual([{ kind: 'not-on-ballot', proposalId: 7 }]);
    expect(ballot.totalCostCents).toBe(1_150_000);
    expect(castableChoices(ballot)).toBeNull();
    expect(castableChoices(evaluateBallot(rules, options, removeChoice(stale, 7)))).toEqual(pick(1));
  });
});

describe('comparing and reading saved ballots', () => {
  it('compares ballots regardless of order, and sees a change of points', () => {
    expect(sameChoices(pick(1, 2), pick(2, 1))).toBe(true);
    expect(sameChoices(pick(1, 2), pick(1))).toBe(false);
    expect(sameChoices([{ proposalId: 1, points: 2 }], [{ proposalId: 1, points: 3 }])).toBe(false);
  });

  it('reads a saved ballot without points as approval choices of 1 point', () => {
    expect(fromSaved([{ proposalId: 3 }, { proposalId: 1, points: null }, { proposalId: 2, points: 4 }])).toEqual([
      { proposalId: 3, points: 1 },
      { proposalId: 1, points: 1 },
      { proposalId: 2, points: 4 },
    ]);
  });

  it('casts the choices in proposal order', () => {
    expect(castableChoices(evaluateBallot(withinBudget(10_000_000), options, pick(3, 1)))).toEqual(pick(1, 3));
  });
});
