import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../api/types';
import { budgetHistory } from './history';
import { wijkCodeOf } from './wijken';
import { allocationFieldOf } from './WijkBudgetPage';

const event = (sequence: number, type: string, payload: unknown): LoggedEvent =>
  ({ sequence, type, at: '2026-03-01T10:00:00Z', payload, previousHash: '', hash: '' }) as LoggedEvent;

describe('budgetHistory', () => {
  it('reads every kind of wijk budget event as people read it, in the log’s order', () => {
    const round = '019a8e3c-5a00-7000-8000-000000000009';
    const history = budgetHistory([
      event(1, 'wijk-budget-allocated', { district: 'WK059905', year: 2026, amount: 4_000_000, reason: 'Raadsbesluit 2026', by: 'x', at: '' }),
      event(2, 'wijk-budget-reserved', { round, year: 2026, amount: 1_000_000, previous: 0 }),
      event(3, 'wijk-budget-reserved', { round, year: 2026, amount: 800_000, previous: 1_000_000 }),
      event(4, 'wijk-budget-settled', { round, year: 2026, reserved: 800_000, spent: 275_000 }),
      event(5, 'wijk-budget-released', { round: 'r2', year: 2026, amount: 50_000 }),
      event(6, 'wijk-budget-something-new', {}),
    ]);

    expect(history.map((entry) => entry.kind)).toEqual(['allocated', 'reserved', 'reserved', 'settled', 'released', 'unknown']);
    expect(history[0]).toMatchObject({ year: 2026, amountCents: 4_000_000, reason: 'Raadsbesluit 2026' });
    expect(history[2]).toMatchObject({ roundId: round, amountCents: 800_000, previousCents: 1_000_000 });
    expect(history[3]).toMatchObject({ reservedCents: 800_000, spentCents: 275_000, returnedCents: 525_000 });
    expect(history[5]).toMatchObject({ type: 'wijk-budget-something-new', sequence: 6 });
  });
});

describe('allocationFieldOf', () => {
  it('puts the API’s refusal at the field it is about, and the rest at the form', () => {
    expect(allocationFieldOf({ code: 'amount-out-of-range', args: { field: 'amount' } })).toBe('amount');
    expect(allocationFieldOf({ code: 'budget-year-out-of-range', args: { value: '1990' } })).toBe('year');
    expect(allocationFieldOf({ code: 'text-too-short', args: { field: 'reason' } })).toBe('reason');
    expect(allocationFieldOf({ code: 'storage-unavailable', args: {} })).toBeNull();
  });
});

describe('wijkCodeOf', () => {
  it('accepts a CBS wijk code as typed and refuses anything else', () => {
    expect(wijkCodeOf(' wk 059905 ')).toBe('WK059905');
    expect(wijkCodeOf('WK05990')).toBeNull();
    expect(wijkCodeOf('BU05990501')).toBeNull();
  });
});
