import type { LoggedEvent } from '../api/types';

/** One line of a wijk budget's history, read from one event of its log (Buurtbudget.Domain.Wijken.WijkBudgetEvents). */
export type BudgetHistoryEntry =
  | { sequence: number; at: string; kind: 'allocated'; year: number; amountCents: number; reason: string }
  | { sequence: number; at: string; kind: 'reserved'; year: number; amountCents: number; previousCents: number; roundId: string }
  | { sequence: number; at: string; kind: 'released'; year: number; amountCents: number; roundId: string }
  | { sequence: number; at: string; kind: 'settled'; year: number; reservedCents: number; spentCents: number; returnedCents: number; roundId: string }
  | { sequence: number; at: string; kind: 'unknown'; type: string };

type Payload = Record<string, unknown>;
const num = (payload: Payload, name: string) => (typeof payload[name] === 'number' ? (payload[name] as number) : 0);
const str = (payload: Payload, name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : '');

/** The wijk budget's log as people read it, in the log's order. Money in the payloads is whole eurocents. An event
 * type this client does not know stays in the history as such, so that no stored fact is silently left out. */
export function budgetHistory(events: readonly LoggedEvent[]): BudgetHistoryEntry[] {
  return events.map((event) => {
    const payload = (event.payload ?? {}) as Payload;
    const base = { sequence: event.sequence, at: event.at };
    switch (event.type) {
      case 'wijk-budget-allocated':
        return { ...base, kind: 'allocated', year: num(payload, 'year'), amountCents: num(payload, 'amount'), reason: str(payload, 'reason') };
      case 'wijk-budget-reserved':
        return { ...base, kind: 'reserved', year: num(payload, 'year'), amountCents: num(payload, 'amount'), previousCents: num(payload, 'previous'), roundId: str(payload, 'round') };
      case 'wijk-budget-released':
        return { ...base, kind: 'released', year: num(payload, 'year'), amountCents: num(payload, 'amount'), roundId: str(payload, 'round') };
      case 'wijk-budget-settled': {
        const reservedCents = num(payload, 'reserved');
        const spentCents = num(payload, 'spent');
        return { ...base, kind: 'settled', year: num(payload, 'year'), reservedCents, spentCents, returnedCents: reservedCents - spentCents, roundId: str(payload, 'round') };
      }
      default:
        return { ...base, kind: 'unknown', type: event.type };
    }
  });
}
