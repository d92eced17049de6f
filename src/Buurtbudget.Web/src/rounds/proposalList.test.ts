import { describe, expect, it } from 'vitest';
import type { Proposal } from '../api/types';
import { applyFilter, filterChoices, filterFromSearch, searchFromFilter } from './proposalList';
import { buurtenOf, buurtName } from './buurten';

const proposal = (id: number, category: string, estimatedCostCents: number, buurt: string | null, approvedCostCents: number | null = null): Proposal => ({
  id,
  title: `Voorstel ${id}`,
  description: 'Omschrijving',
  category,
  estimatedCostCents,
  approvedCostCents,
  buurt,
  status: 'submitted',
  mergedFrom: [],
  submittedAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  isMine: false,
});

const list = [
  proposal(1, 'lighting', 250_000, 'BU05990321'),
  proposal(2, 'greenery', 150_000, 'BU05990325'),
  proposal(3, 'meeting', 400_000, 'BU05990323'),
  proposal(4, 'greenery', 80_000, 'bu05990325'),
  proposal(5, 'cleanliness', 100_000, null, 300_000),
];
const ids = (proposals: Proposal[]) => proposals.map((p) => p.id);

describe('the proposal list', () => {
  it('filters by category and by buurt, together', () => {
    expect(ids(applyFilter(list, { category: 'greenery', buurt: '', sort: 'number' }))).toEqual([2, 4]);
    expect(ids(applyFilter(list, { category: '', buurt: 'BU05990325', sort: 'number' }))).toEqual([2, 4]);
    expect(ids(applyFilter(list, { category: 'lighting', buurt: 'BU05990325', sort: 'number' }))).toEqual([]);
  });

  it('sorts by cost both ways, using the approved cost once there is one', () => {
    expect(ids(applyFilter(list, { category: '', buurt: '', sort: 'cost-low' }))).toEqual([4, 2, 1, 5, 3]);
    expect(ids(applyFilter(list, { category: '', buurt: '', sort: 'cost-high' }))).toEqual([3, 5, 1, 2, 4]);
    expect(ids(applyFilter([...list].reverse(), { category: '', buurt: '', sort: 'number' }))).toEqual([1, 2, 3, 4, 5]);
  });

  it('offers only the categories and buurten that occur', () => {
    expect(filterChoices(list)).toEqual({ categories: ['lighting', 'greenery', 'meeting', 'cleanliness'], buurten: ['BU05990321', 'BU05990325', 'BU05990323'] });
  });

  it('keeps the filter in the address and reads anything unknown as the default', () => {
    const filter = { category: 'greenery', buurt: 'BU05990325', sort: 'cost-high' as const };
    expect(filterFromSearch(searchFromFilter(filter))).toEqual(filter);
    expect(searchFromFilter({ category: '', buurt: '', sort: 'number' }).toString()).toBe('');
    expect(filterFromSearch(new URLSearchParams('sort=cheapest&buurt=bu05990325'))).toEqual({ category: '', buurt: 'BU05990325', sort: 'number' });
  });
});

describe('buurt names', () => {
  it('names a known buurt and shows an unknown one by its code', () => {
    expect(buurtName('BU05990325')).toBe('Middelland');
    expect(buurtName('bu05990325')).toBe('Middelland');
    expect(buurtName('BU03630001')).toBe('BU03630001');
    expect(buurtName(null)).toBe('');
  });

  it('lists the buurten of a wijk by name', () => {
    const delfshaven = buurtenOf('WK059903');
    expect(delfshaven).toHaveLength(9);
    expect(delfshaven[0]).toEqual({ code: 'BU05990321', name: 'Bospolder' });
    expect(delfshaven.every((b) => b.code.startsWith('BU059903'))).toBe(true);
    expect(buurtenOf('WK036300')).toEqual([]);
  });
});
