import type { Proposal } from '../api/types';

/** How residents narrow and order a round's proposals: by category, by buurt, and by number or cost. */
export type ProposalSort = 'number' | 'cost-low' | 'cost-high';
export const proposalSorts: ProposalSort[] = ['number', 'cost-low', 'cost-high'];

export interface ProposalFilter {
  /** A category, or '' for all. */
  category: string;
  /** A buurt code, or '' for all. */
  buurt: string;
  sort: ProposalSort;
}

/** What a proposal costs as residents weigh it: the approved cost once reviewed, the estimate before. */
export const costOf = (p: Proposal) => p.approvedCostCents ?? p.estimatedCostCents;

/** The filter from the page's address (?category=&buurt=&sort=), so that a reload or the back button keeps it;
 * anything unknown means "all" or "by number". */
export function filterFromSearch(search: URLSearchParams): ProposalFilter {
  const sort = search.get('sort');
  return {
    category: search.get('category') ?? '',
    buurt: (search.get('buurt') ?? '').toUpperCase(),
    sort: proposalSorts.includes(sort as ProposalSort) ? (sort as ProposalSort) : 'number',
  };
}

/** The address's search part for a filter, leaving out what is the default. */
export function searchFromFilter(filter: ProposalFilter): URLSearchParams {
  const search = new URLSearchParams();
  if (filter.category) search.set('category', filter.category);
  if (filter.buurt) search.set('buurt', filter.buurt);
  if (filter.sort !== 'number') search.set('sort', filter.sort);
  return search;
}

/** The proposals that match, in the chosen order (equal costs keep number order, so the list never jumps). */
export function applyFilter(proposals: readonly Proposal[], filter: ProposalFilter): Proposal[] {
  const matching = proposals.filter((p) => (!filter.category || p.category === filter.category) && (!filter.buurt || (p.buurt ?? '').toUpperCase() === filter.buurt));
  const byNumber = (a: Proposal, b: Proposal) => a.id - b.id;
  switch (filter.sort) {
    case 'cost-low':
      return matching.sort((a, b) => costOf(a) - costOf(b) || byNumber(a, b));
    case 'cost-high':
      return matching.sort((a, b) => costOf(b) - costOf(a) || byNumber(a, b));
    default:
      return matching.sort(byNumber);
  }
}

/** The categories and buurten that occur among the proposals: a filter offers only choices that find something. */
export function filterChoices(proposals: readonly Proposal[]): { categories: string[]; buurten: string[] } {
  const categories = [...new Set(proposals.map((p) => p.category))];
  const buurten = [...new Set(proposals.map((p) => (p.buurt ?? '').toUpperCase()).filter(Boolean))];
  return { categories, buurten };
}
