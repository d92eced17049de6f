// The ballot builder's rules: pure functions, no React, no API calls. They follow the API's own check
// (Buurtbudget.Domain/Ballots/BallotValidation.cs) so that the page never offers a ballot the round would refuse:
// - an empty ballot is a blank vote and always valid;
// - every choice names an option on the ballot (a feasible proposal, at its approved cost), at most once;
// - approval ballots give each choice exactly 1 point; cumulative ballots at least 1 and at most the cap;
// - approval-within-budget: at most maxCount, at least minCount choices, costing together at most the budget;
// - approval-at-most-k: at most k choices; cumulative-points: at most `points` points in all.
// Money is whole eurocents (integers), so comparisons are exact.

import type { BallotMethod } from '../api/types';

/** One proposal on the ballot: its number and what it costs (its approved cost). */
export interface BallotOption {
  id: number;
  costCents: number;
}

/** One choice as the API takes it: a proposal and its points (1 for approval ballots). */
export interface BallotChoice {
  proposalId: number;
  points: number;
}

export interface BallotRules {
  budgetCents: number;
  ballotMethod: BallotMethod;
}

/** Why an option cannot be added (or get another point) right now. */
export type BlockReason = 'over-budget' | 'too-many-choices' | 'no-points-left' | 'at-cap' | 'not-on-ballot' | 'already-chosen';

/** Why the ballot as a whole cannot be cast. */
export type BallotProblem =
  | { kind: 'not-on-ballot'; proposalId: number }
  | { kind: 'duplicate'; proposalId: number }
  | { kind: 'invalid-points'; proposalId: number; points: number }
  | { kind: 'points-over-cap'; proposalId: number; points: number; max: number }
  | { kind: 'over-budget'; totalCents: number; budgetCents: number }
  | { kind: 'too-few-choices'; count: number; min: number }
  | { kind: 'too-many-choices'; count: number; max: number }
  | { kind: 'too-many-points'; total: number; max: number };

export interface OptionState {
  chosen: boolean;
  /** Points on this option (1 when chosen on an approval ballot, 0 when not chosen). */
  points: number;
  /** Whether the option can be added now (approval), or get one more point (cumulative). */
  canAdd: boolean;
  /** Why not, when it cannot. */
  blockedBy: BlockReason | null;
  /** Cumulative: the most points this option can have now, given the points left and the cap. */
  maxPoints: number;
}

export interface BallotEvaluation {
  kind: BallotMethod['kind'];
  /** The choices in proposal order. */
  choices: BallotChoice[];
  count: number;
  budgetCents: number;
  /** What the chosen options cost together (options not on the ballot count as nothing). */
  totalCostCents: number;
  /** budget − total; negative when over the budget. */
  remainingCents: number;
  /** At most this many choices (maxCount or k); null when unlimited. */
  maxChoices: number | null;
  /** At least this many choices, unless the ballot is blank; null when none. */
  minChoices: number | null;
  /** Cumulative ballots: points in all, used and left; null otherwise. */
  pointsTotal: number | null;
  pointsUsed: number;
  pointsLeft: number | null;
  /** Cumulative ballots: the most points on one option; null when uncapped or not cumulative. */
  pointsCap: number | null;
  options: Map<number, OptionState>;
  problems: BallotProblem[];
  blank: boolean;
  /** True only when the round would accept this ballot as it is. */
  valid: boolean;
}

const isWholePositive = (n: number) => Number.isInteger(n) && n >= 1;

function limits(method: BallotMethod) {
  switch (method.kind) {
    case 'approval-within-budget':
      return { maxChoices: method.maxCount ?? null, minChoices: method.minCount ?? null, pointsTotal: null, pointsCap: null };
    case 'approval-at-most-k':
      return { maxChoices: method.k ?? null, minChoices: null, pointsTotal: null, pointsCap: null };
    case 'cumulative-points':
      return { maxChoices: null, minChoices: null, pointsTotal: method.points ?? 0, pointsCap: method.maxPerProposal ?? null };
  }
}

/** Everything the ballot page shows about a ballot: totals, what is left, per option whether it can be added and
 * why not, and whether the ballot can be cast. */
export function evaluateBallot(rules: BallotRules, options: readonly BallotOption[], choices: readonly BallotChoice[]): BallotEvaluation {
  const kind = rules.ballotMethod.kind;
  const cumulative = kind === 'cumulative-points';
  const { maxChoices, minChoices, pointsTotal, pointsCap } = limits(rules.ballotMethod);
  const byId = new Map(options.map((option) => [option.id, option]));
  const problems: BallotProblem[] = [];
  const seen = new Set<number>();
  let totalCostCents = 0;
  let pointsUsed = 0;

  for (const choice of choices) {
    const option = byId.get(choice.proposalId);
    if (!option) problems.push({ kind: 'not-on-ballot', proposalId: choice.proposalId });
    else if (seen.has(choice.proposalId)) problems.push({ kind: 'duplicate', proposalId: choice.proposalId });
    if (seen.has(choice.proposalId)) continue;
    seen.add(choice.proposalId);
    if (cumulative ? !isWholePositive(choice.points) : choice.points !== 1) {
      problems.push({ kind: 'invalid-points', proposalId: choice.proposalId, points: choice.points });
    } else if (cumulative && pointsCap !== null && choice.points > pointsCap) {
      problems.push({ kind: 'points-over-cap', proposalId: choice.proposalId, points: choice.points, max: pointsCap });
    }
    if (option) totalCostCents += option.costCents;
    pointsUsed += Number.isFinite(choice.points) ? choice.points : 0;
  }

  const count = choices.length;
  const blank = count === 0;
  if (!blank) {
    if (maxChoices !== null && count > maxChoices) problems.push({ kind: 'too-many-choices', count, max: maxChoices });
    if (minChoices !== null && count < minChoices) problems.push({ kind: 'too-few-choices', count, min: minChoices });
    if (kind === 'approval-within-budget' && totalCostCents > rules.budgetCents) {
      problems.push({ kind: 'over-budget', totalCents: totalCostCents, budgetCents: rules.budgetCents });
    }
    if (cumulative && pointsTotal !== null && pointsUsed > pointsTotal) problems.push({ kind: 'too-many-points', total: pointsUsed, max: pointsTotal });
  }

  const remainingCents = rules.budgetCents - totalCostCents;
  const pointsLeft = pointsTotal === null ? null : Math.max(0, pointsTotal - pointsUsed);
  const pointsOf = new Map(choices.map((choice) => [choice.proposalId, choice.points]));
  const optionStates = new Map<number, OptionState>();
  for (const option of options) {
    const points = pointsOf.get(option.id) ?? 0;
    const chosen = pointsOf.has(option.id);
    let blockedBy: BlockReason | null = null;
    let maxPoints = chosen ? 1 : 0;
    if (cumulative) {
      maxPoints = Math.min(pointsCap ?? Number.POSITIVE_INFINITY, points + (pointsLeft ?? 0));
      if (pointsCap !== null && points >= pointsCap) blockedBy = 'at-cap';
      else if (pointsLeft === 0) blockedBy = 'no-points-left';
    } else if (!chosen) {
      if (maxChoices !== null && count >= maxChoices) blockedBy = 'too-many-choices';
      else if (kind === 'approval-within-budget' && option.costCents > remainingCents) blockedBy = 'over-budget';
      maxPoints = blockedBy ? 0 : 1;
    }
    optionStates.set(option.id, { chosen, points, canAdd: cumulative ? blockedBy === null : !chosen && blockedBy === null, blockedBy, maxPoints });
  }

  return {
    kind,
    choices: [...choices].sort((a, b) => a.proposalId - b.proposalId),
    count,
    budgetCents: rules.budgetCents,
    totalCostCents,
    remainingCents,
    maxChoices,
    minChoices,
    pointsTotal,
    pointsUsed,
    pointsLeft,
    pointsCap,
    options: optionStates,
    problems,
    blank,
    valid: problems.length === 0,
  };
}

/** Why `proposalId` cannot be added now, or null when it can (approval ballots: not chosen yet, and it fits). */
export function blockReason(rules: BallotRules, options: readonly BallotOption[], choices: readonly BallotChoice[], proposalId: number): BlockReason | null {
  const state = evaluateBallot(rules, options, choices).options.get(proposalId);
  if (!state) return 'not-on-ballot';
  if (state.canAdd) return null;
  return state.blockedBy ?? 'already-chosen';
}

/** The choices with `proposalId` added (1 point; on a cumulative ballot one more point). Unchanged when it cannot
 * be added: over budget, too many choices, no points left, at the cap, or not on the ballot. */
export function addChoice(rules: BallotRules, options: readonly BallotOption[], choices: readonly BallotChoice[], proposalId: number): BallotChoice[] {
  if (blockReason(rules, options, choices, proposalId) !== null) return [...choices];
  const current = choices.find((choice) => choice.proposalId === proposalId);
  if (current) return choices.map((choice) => (choice.proposalId === proposalId ? { ...choice, points: choice.points + 1 } : choice));
  return [...choices, { proposalId, points: 1 }];
}

/** The choices without `proposalId`: always allowed, and frees its cost, its place and its points. */
export function removeChoice(choices: readonly BallotChoice[], proposalId: number): BallotChoice[] {
  return choices.filter((choice) => choice.proposalId !== proposalId);
}

/** Sets the points on one option, clamped to what is allowed now; 0 removes it. On approval ballots any positive
 * number means "chosen" (added only if it fits). */
export function setPoints(rules: BallotRules, options: readonly BallotOption[], choices: readonly BallotChoice[], proposalId: number, points: number): BallotChoice[] {
  const wanted = Number.isFinite(points) ? Math.floor(points) : 0;
  if (wanted <= 0) return removeChoice(choices, proposalId);
  const evaluation = evaluateBallot(rules, options, choices);
  const state = evaluation.options.get(proposalId);
  if (!state) return [...choices];
  if (evaluation.kind !== 'cumulative-points') return state.chosen ? [...choices] : addChoice(rules, options, choices, proposalId);
  const clamped = Math.min(wanted, state.maxPoints);
  if (clamped <= 0) return [...choices];
  return state.chosen
    ? choices.map((choice) => (choice.proposalId === proposalId ? { ...choice, points: clamped } : choice))
    : [...choices, { proposalId, points: clamped }];
}

/** The choices to send to the API, or null when the ballot is not valid: an invalid ballot is never cast. */
export function castableChoices(evaluation: BallotEvaluation): BallotChoice[] | null {
  return evaluation.valid ? evaluation.choices.map(({ proposalId, points }) => ({ proposalId, points })) : null;
}

/** Whether two ballots hold the same proposals and points, in any order (as the API compares them). */
export function sameChoices(a: readonly BallotChoice[], b: readonly BallotChoice[]): boolean {
  if (a.length !== b.length) return false;
  const points = new Map(a.map((choice) => [choice.proposalId, choice.points]));
  return b.every((choice) => points.get(choice.proposalId) === choice.points);
}

/** The choices of a saved ballot as the builder holds them (the API may leave points out for approval ballots). */
export function fromSaved(choices: readonly { proposalId: number; points?: number | null }[]): BallotChoice[] {
  return choices.map((choice) => ({ proposalId: choice.proposalId, points: choice.points ?? 1 }));
}
