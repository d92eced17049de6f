import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../i18n';
import type { Ballot, Proposal, Round } from '../../api/types';
import type { BallotChoice } from '../../ballot/budget';
import { createContext, useContext, type ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { BallotBuilder } from './BallotBuilder';

/** The ballot inside a data router, as in the app (it asks the router before it is left), kept mounted across
 * rerenders so that its state survives them. */
function renderInApp(ui: ReactNode) {
  const Slot = createContext<ReactNode>(null);
  const Page = () => <>{useContext(Slot)}</>;
  const router = createMemoryRouter([{ path: '*', element: <Page /> }], { initialEntries: ['/rondes/r1/stembiljet'] });
  const wrapper = ({ children }: { children: ReactNode }) => <Slot.Provider value={children}><RouterProvider router={router} /></Slot.Provider>;
  return { ...render(ui, { wrapper }), router };
}

const round: Round = {
  id: 'r1',
  title: 'Proefronde',
  district: { code: 'WK059903', name: 'Delfshaven', municipalityCode: 'GM0599', municipalityName: 'Rotterdam' },
  phase: 'voting',
  rules: { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget' } },
  rulesFrozen: true,
  proposalCount: 4,
  feasibleCount: 3,
  turnout: 0,
  integrity: 'intact',
  nextPhases: ['tallied'],
};

const proposal = (id: number, title: string, approvedCostCents: number, status: Proposal['status'] = 'feasible'): Proposal => ({
  id,
  title,
  description: 'Omschrijving',
  category: 'greenery',
  estimatedCostCents: approvedCostCents,
  approvedCostCents,
  status,
  mergedFrom: [],
  submittedAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  isMine: false,
});

const proposals = [proposal(1, 'Bankjes', 600_000), proposal(2, 'Lampen', 400_000), proposal(3, 'Bloembakken', 500_000), proposal(4, 'Ingetrokken', 1, 'withdrawn')];

const receiptOf = (choices: BallotChoice[]): Ballot => ({
  saved: true,
  revision: 1,
  blank: choices.length === 0,
  castAt: '2026-11-20T12:00:00Z',
  choices,
  totalCostCents: 0,
  pointsUsed: choices.length,
  receipt: 'ABCD-EFGH-JKMN-PQRS',
  channel: 'sign-in',
});

afterEach(cleanup);

describe('the ballot page', () => {
  it('offers only feasible proposals, disables what no longer fits with the reason, and casts only a valid ballot', async () => {
    const cast = vi.fn(async (choices: BallotChoice[]) => receiptOf(choices));
    let saved: Ballot | null = null;
    const { rerender } = renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={null} cast={cast} onSaved={(b) => (saved = b)} />);

    expect(screen.queryByLabelText(/Ingetrokken/)).toBeNull();
    fireEvent.click(screen.getByLabelText('1. Bankjes'));
    fireEvent.click(screen.getByLabelText('2. Lampen'));
    // 600,000 + 400,000 is exactly the budget: the third option no longer fits.
    const third = screen.getByLabelText('3. Bloembakken');
    expect(third.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById('ballot-option-3-reason')?.textContent).toMatch(/Past niet meer/);
    fireEvent.click(third);
    expect((third as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText(/Over: € 0,00 van € 10\.000,00/)).toBeTruthy();
    expect(screen.getAllByText('Nog niet opgeslagen').length).toBeGreaterThan(0);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stem uitbrengen' })));
    expect(cast).toHaveBeenCalledWith([{ proposalId: 1, points: 1 }, { proposalId: 2, points: 1 }]);
    expect(saved).not.toBeNull();

    rerender(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={saved} cast={cast} onSaved={(b) => (saved = b)} />);
    expect(document.querySelector('.ballot-status')?.textContent).toContain('Uw stem is opgeslagen');
    expect(document.querySelector('.ballot-status')?.textContent).toContain('ABCD-EFGH-JKMN-PQRS');

    // Removing a choice frees its budget, marks the ballot unsaved, and the freed option can be chosen again.
    fireEvent.click(screen.getByLabelText('1. Bankjes'));
    expect(document.querySelector('.ballot-status')?.textContent).toContain('Nog niet opgeslagen');
    expect(screen.getByLabelText('3. Bloembakken').getAttribute('aria-disabled')).toBeNull();
  });

  it('never casts a ballot with too few choices', async () => {
    const cast = vi.fn(async (choices: BallotChoice[]) => receiptOf(choices));
    const strict: Round = { ...round, rules: { budgetCents: 1_000_000, ballotMethod: { kind: 'approval-within-budget', minCount: 2 } } };
    renderInApp(<BallotBuilder round={strict} proposals={proposals} channel="sign-in" saved={null} cast={cast} onSaved={() => undefined} />);
    fireEvent.click(screen.getByLabelText('1. Bankjes'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stem uitbrengen' })));
    expect(cast).not.toHaveBeenCalled();
    expect(screen.getByText(/Kies minstens 2 voorstellen \(nu 1\)/)).toBeTruthy();
  });

  it('asks before a blank vote, and casts it only after yes', async () => {
    const cast = vi.fn(async (choices: BallotChoice[]) => receiptOf(choices));
    renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={null} cast={cast} onSaved={() => undefined} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Blanco stemmen' })));
    expect(cast).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Wilt u blanco stemmen?' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Nee, eerst voorstellen kiezen' }));
    expect(screen.queryByRole('group', { name: 'Wilt u blanco stemmen?' })).toBeNull();
    expect(cast).not.toHaveBeenCalled();

    // Choosing something while the question shows takes the question away.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Blanco stemmen' })));
    fireEvent.click(screen.getByLabelText('1. Bankjes'));
    expect(screen.queryByRole('group', { name: 'Wilt u blanco stemmen?' })).toBeNull();
    fireEvent.click(screen.getByLabelText('1. Bankjes'));

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Blanco stemmen' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Ja, blanco stemmen' })));
    expect(cast).toHaveBeenCalledWith([]);
  });

  it('says which receipt a change replaced', async () => {
    const first = receiptOf([{ proposalId: 1, points: 1 }]);
    const second = { ...receiptOf([{ proposalId: 2, points: 1 }]), revision: 2, receipt: 'WXYZ-2345-6789-ABCD' };
    const cast = vi.fn(async () => second);
    let saved: Ballot = first;
    const { rerender } = renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={saved} cast={cast} onSaved={(b) => (saved = b)} />);
    expect(document.querySelector('.ballot-status')?.textContent).not.toContain('is vervangen');
    fireEvent.click(screen.getByLabelText('1. Bankjes'));
    fireEvent.click(screen.getByLabelText('2. Lampen'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Wijziging opslaan' })));
    rerender(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={saved} cast={cast} onSaved={(b) => (saved = b)} />);
    const status = document.querySelector('.ballot-status')?.textContent ?? '';
    expect(status).toContain('WXYZ-2345-6789-ABCD');
    expect(status).toContain('Uw vorige stem (ontvangstcode ABCD-EFGH-JKMN-PQRS) is vervangen');
  });

  it('tells a person who voted both ways which ballot counts, on the page and after casting', async () => {
    // Cast earlier with the letter's code: on the sign-in page that ballot is shown, and said to be the one that counts.
    const byCode: Ballot = { ...receiptOf([{ proposalId: 1, points: 1 }]), channel: 'letter-code' };
    const signedIn: Ballot = { ...receiptOf([{ proposalId: 2, points: 1 }]), revision: 2, receipt: 'WXYZ-2345-6789-ABCD', channel: 'sign-in', replacedChannel: 'letter-code' };
    const cast = vi.fn(async () => signedIn);
    let saved: Ballot = byCode;
    const { rerender } = renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={saved} cast={cast} onSaved={(b) => (saved = b)} />);
    expect(document.querySelector('.ballot-status')?.textContent).toContain('U stemde ook met de stemcode uit uw brief. Die stem telt nu');

    fireEvent.click(screen.getByLabelText('1. Bankjes'));
    fireEvent.click(screen.getByLabelText('2. Lampen'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Wijziging opslaan' })));
    rerender(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={saved} cast={cast} onSaved={(b) => (saved = b)} />);

    const status = document.querySelector('.ballot-status')?.textContent ?? '';
    expect(status).toContain('U stemde eerder met uw stemcode. Deze stem telt nu; de vorige telt niet meer.');
    expect(status).not.toContain('Die stem telt nu');
  });

  it('says nothing about channels to a person who voted one way only', () => {
    const again: Ballot = { ...receiptOf([{ proposalId: 1, points: 1 }]), revision: 2, channel: 'letter-code' };
    renderInApp(<BallotBuilder round={round} proposals={proposals} channel="letter-code" saved={again} cast={vi.fn()} onSaved={() => undefined} />);
    expect(document.querySelector('.ballot-status .ballot-status__channel')).toBeNull();
  });

  it('keeps unsent choices for the round across a remount, and forgets them once cast', async () => {
    sessionStorage.clear();
    const cast = vi.fn(async (choices: BallotChoice[]) => receiptOf(choices));
    const first = renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={null} cast={cast} onSaved={() => undefined} keepUnsentFor="r1" />);
    fireEvent.click(screen.getByLabelText('2. Lampen'));
    first.unmount();

    renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={null} cast={cast} onSaved={() => undefined} keepUnsentFor="r1" />);
    expect((screen.getByLabelText('2. Lampen') as HTMLInputElement).checked).toBe(true);
    expect(document.querySelector('.ballot-status')?.textContent).toContain('Nog niet opgeslagen');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stem uitbrengen' })));
    expect(cast).toHaveBeenCalledWith([{ proposalId: 2, points: 1 }]);
    expect(sessionStorage.getItem('buurtbudget.ballotDraft.r1')).toBeNull();
  });

  it('keeps nothing for a ballot cast with a voting code', () => {
    sessionStorage.clear();
    renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={null} cast={vi.fn()} onSaved={() => undefined} />);
    fireEvent.click(screen.getByLabelText('2. Lampen'));
    expect(sessionStorage.length).toBe(0);
  });

  it('asks before unsent choices are left behind by any navigation in the app, and stays when the answer is no', async () => {
    const cast = vi.fn(async (choices: BallotChoice[]) => receiptOf(choices));
    const { router } = renderInApp(<BallotBuilder round={round} proposals={proposals} channel="sign-in" saved={null} cast={cast} onSaved={() => undefined} />);
    const confirm = vi.spyOn(window, 'confirm');
    await act(async () => router.navigate('/rondes/r1'));
    expect(confirm).not.toHaveBeenCalled();
    expect(router.state.location.pathname).toBe('/rondes/r1');

    await act(async () => router.navigate('/rondes/r1/stembiljet'));
    fireEvent.click(screen.getByLabelText('2. Lampen'));
    confirm.mockReturnValueOnce(false);
    await act(async () => router.navigate(-1));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Uw keuze is nog niet verstuurd'));
    expect(router.state.location.pathname).toBe('/rondes/r1/stembiljet');

    confirm.mockReturnValueOnce(true);
    await act(async () => router.navigate('/'));
    expect(router.state.location.pathname).toBe('/');
    confirm.mockRestore();
  });
});
