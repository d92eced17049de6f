import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../i18n';
import type { Proposal, Round } from '../../api/types';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ProposalList } from './ProposalList';

const round: Round = {
  id: 'r1',
  title: 'Proefronde',
  district: { code: 'WK059903', name: 'Delfshaven', municipalityCode: 'GM0599', municipalityName: 'Rotterdam' },
  phase: 'submission',
  rules: { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } },
  rulesFrozen: false,
  proposalCount: 3,
  feasibleCount: 0,
  turnout: 0,
  integrity: 'intact',
  nextPhases: ['review'],
};

const proposal = (id: number, title: string, estimatedCostCents: number, buurt: string): Proposal => ({
  id,
  title,
  description: 'Omschrijving',
  category: 'greenery',
  estimatedCostCents,
  status: 'submitted',
  mergedFrom: [],
  submittedAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  isMine: false,
  buurt,
});

const proposals = [proposal(1, 'Lantaarns', 250_000, 'BU05990321'), proposal(2, 'Geveltuinen', 150_000, 'BU05990325'), proposal(3, 'Bankjes', 400_000, 'BU05990323')];

/** The list on its page of a data router, as in the app: its filter lives in the address. */
function renderOnPage(initial = '/rondes/r1') {
  const router = createMemoryRouter([{ path: '/rondes/:id', element: <ProposalList round={round} proposals={proposals} spending={null as never} /> }], { initialEntries: [initial] });
  render(<RouterProvider router={router} />);
  return router;
}

const titles = () => screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent).filter((t) => /^\d\./.test(t ?? ''));

afterEach(cleanup);

describe('the proposal list', () => {
  it('shows one buurt, and all again, in the chosen order, keeping the choice in the address', async () => {
    const router = renderOnPage();
    expect(screen.getByRole('status').textContent).toBe('Alle 3 voorstellen');

    await act(async () => fireEvent.change(screen.getByRole('combobox', { name: 'Buurt' }), { target: { value: 'BU05990323' } }));
    expect(router.state.location.search).toBe('?buurt=BU05990323');
    expect(titles()).toEqual(['3. Bankjes']);
    expect(screen.getByRole('status').textContent).toBe('1 van de 3 voorstellen past bij uw keuze');

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Alle voorstellen tonen' })));
    await act(async () => fireEvent.change(screen.getByRole('combobox', { name: 'Volgorde' }), { target: { value: 'cost-low' } }));
    expect(router.state.location.search).toBe('?sort=cost-low');
    expect(titles()).toEqual(['2. Geveltuinen', '1. Lantaarns', '3. Bankjes']);
  });

  it('builds a change on the one before it, even when the page has not been drawn again in between', async () => {
    // A quick resident (or a test robot) presses "show all" and picks an order before the list is re-rendered: the
    // order must not bring back the buurt that "show all" took away.
    const router = renderOnPage('/rondes/r1?buurt=BU05990323');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Alle voorstellen tonen' }));
      fireEvent.change(screen.getByRole('combobox', { name: 'Volgorde' }), { target: { value: 'cost-high' } });
    });
    expect(router.state.location.search).toBe('?sort=cost-high');
    expect(screen.getByRole('status').textContent).toBe('Alle 3 voorstellen');
    expect(titles()).toEqual(['3. Bankjes', '1. Lantaarns', '2. Geveltuinen']);
  });

  it('builds on the address again once a navigation has landed', async () => {
    const router = renderOnPage();
    await act(async () => fireEvent.change(screen.getByRole('combobox', { name: 'Buurt' }), { target: { value: 'BU05990323' } }));
    // A link to the round without a filter (the page stays mounted) shows all again; the next change starts from there.
    await act(async () => router.navigate('/rondes/r1'));
    expect(screen.getByRole('status').textContent).toBe('Alle 3 voorstellen');
    await act(async () => fireEvent.change(screen.getByRole('combobox', { name: 'Volgorde' }), { target: { value: 'cost-high' } }));
    expect(router.state.location.search).toBe('?sort=cost-high');
  });
});
