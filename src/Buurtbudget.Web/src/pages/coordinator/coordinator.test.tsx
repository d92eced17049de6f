import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import type { Proposal, Round } from '../../api/types';
import { fakeApi, json, type ApiCall } from '../../testing/fakeApi';
import { PhaseControl } from './PhaseControl';
import { ReviewQueue } from './ReviewQueue';
import { VotingCodes } from './VotingCodes';

const round: Round = {
  id: 'r1',
  title: 'Testronde',
  district: { code: 'WK059905', name: 'Noord', municipalityCode: 'GM0599', municipalityName: 'Rotterdam' },
  phase: 'review',
  turnout: 0,
  integrity: 'intact',
  rules: { budgetCents: 2_000_000, ballotMethod: { kind: 'approval-within-budget' } },
  rulesFrozen: false,
  proposalCount: 2,
  feasibleCount: 0,
  nextPhases: ['voting'],
};

const proposal = (id: number, title: string, estimatedCostCents: number): Proposal => ({
  id, title, description: 'Omschrijving', category: 'greenery', estimatedCostCents, mergedFrom: [], status: 'submitted',
  submittedAt: '2026-11-01T10:00:00Z', updatedAt: '2026-11-01T10:00:00Z', isMine: false,
});

let calls: ApiCall[] = [];
let answer: (call: ApiCall) => Response;

beforeEach(async () => {
  await i18n.changeLanguage('nl');
  calls = fakeApi((call) => answer(call));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('PhaseControl', () => {
  it('moves only after confirming, shows the refusal in the dialog, and announces the move', async () => {
    let refuse = true;
    answer = () => (refuse
      ? json(409, { code: 'review-incomplete', title: 'Beoordeling niet klaar', detail: '1 voorstel wacht nog op beoordeling (2).' })
      : json(200, { ...round, phase: 'voting', nextPhases: ['tallied'] }));
    const moved = vi.fn();
    render(<PhaseControl round={round} onMoved={moved} />);

    const open = screen.getByRole('button', { name: 'Stemming openen' });
    open.focus();
    fireEvent.click(open);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Annuleren');
    expect(calls).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Ja, naar fase Stemmen' }));
    await screen.findByText('1 voorstel wacht nog op beoordeling (2).');
    expect(calls[0]).toMatchObject({ url: '/api/rounds/r1/phase', method: 'POST', body: { to: 'voting' } });
    expect(moved).not.toHaveBeenCalled();

    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Ja, naar fase Stemmen' }));
    await waitFor(() => expect(moved).toHaveBeenCalledWith(expect.objectContaining({ phase: 'voting' })));
    // A busy indicator may still announce itself for a moment: wait for the one status left.
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('De ronde is nu in de fase: Stemmen.'));
  });
});

describe('ReviewQueue', () => {
  it('refuses an empty reason without asking the API, and sends the approved cost in exact cents', async () => {
    const proposals = [proposal(1, 'Drempels', 900_000), proposal(2, 'Bankjes', 400_000)];
    answer = (call) => {
      if (call.method === 'GET') return json(200, proposals);
      if (call.url.endsWith('/1/review')) return json(200, { ...proposals[0], status: 'infeasible' });
      return json(200, { ...proposals[1], status: 'feasible', approvedCostCents: 350_050 });
    };
    render(<ReviewQueue round={round} onChanged={() => {}} />);
    await screen.findByText('2 voorstellen wachten op beoordeling.');

    const first = screen.getByRole('group', { name: 'Beslissing over “Drempels”' }).closest('li')!;
    fireEvent.click(first.querySelector<HTMLInputElement>('input[value="infeasible"]')!);
    fireEvent.click(screen.getByRole('button', { name: 'Niet haalbaar verklaren' }));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-field')).toBe('reason'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(first.querySelector('textarea[data-field="reason"]')?.getAttribute('aria-invalid')).toBe('true');

    const second = screen.getByRole('group', { name: 'Beslissing over “Bankjes”' }).closest('li')!;
    const cost = second.querySelector<HTMLInputElement>('input[data-field="cost"]')!;
    expect(cost.value).toBe('4000,00');
    fireEvent.change(cost, { target: { value: '3.500,50' } });
    await act(async () => {
      fireEvent.click(second.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    });
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: '/api/rounds/r1/proposals/2/review',
      body: { decision: 'feasible', approvedCostCents: 350_050, note: null },
    });
  });
});

describe('VotingCodes', () => {
  it('tells the coordinator who issues codes that whoever holds a batch can read and replace its ballots, in Dutch and English', async () => {
    answer = () => json(200, { issued: 0, used: 0, batches: 0 });
    render(<VotingCodes round={{ ...round, phase: 'voting' }} canIssue />);
    expect(await screen.findByText('Wie de codes heeft, heeft de stemmen')).toBeTruthy();
    expect(screen.getByText(/de stem van die code lezen en hem vervangen/)).toBeTruthy();

    await act(async () => { await i18n.changeLanguage('en'); });
    expect(await screen.findByText('Whoever has the codes has the votes')).toBeTruthy();
    expect(screen.getByText(/read the ballot of that code and replace it/)).toBeTruthy();
  });
});
