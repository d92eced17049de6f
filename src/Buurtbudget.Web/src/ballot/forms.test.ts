import { describe, expect, it } from 'vitest';
import { fieldOfProblem, parseEuros, toProposalRequest, validateProposal, type ProposalDraft } from './proposalForm';
import { checkVotingCode, normalizeReceipt } from './votingCode';

const draft: ProposalDraft = {
  title: 'Bankjes bij het speelveld',
  description: 'Drie bankjes zodat ouders bij het speelveld kunnen zitten.',
  category: 'meeting',
  cost: '4.500',
  buurt: 'BU05990325',
};

describe('amounts as residents type them', () => {
  it('reads Dutch and English separators as whole eurocents', () => {
    expect(parseEuros('12.500')).toBe(1_250_000);
    expect(parseEuros('12.500,50')).toBe(1_250_050);
    expect(parseEuros('€ 1.250,00')).toBe(125_000);
    expect(parseEuros('12,500.5')).toBe(1_250_050);
    expect(parseEuros('12500')).toBe(1_250_000);
    expect(parseEuros('0,01')).toBe(1);
  });

  it('refuses what is not an amount', () => {
    for (const typed of ['', 'abc', '12,5,0', '-5', '1.2.3,4', '12,']) expect(parseEuros(typed)).toBeNull();
  });
});

describe('the proposal form', () => {
  it('accepts a complete draft and sends it trimmed, in cents, with the buurt upper case', () => {
    expect(validateProposal(draft, 5_000_000, 'WK059903')).toEqual({});
    expect(toProposalRequest({ ...draft, title: '  Bankjes  ', buurt: 'bu05990325' })).toMatchObject({ title: 'Bankjes', estimatedCostCents: 450_000, buurt: 'BU05990325' });
    expect(toProposalRequest({ ...draft, buurt: ' ' }).buurt).toBeNull();
  });

  it('names every missing required field', () => {
    const errors = validateProposal({ title: ' ', description: '', category: '', cost: '', buurt: '' }, 5_000_000, 'WK059903');
    expect(Object.keys(errors).sort()).toEqual(['category', 'cost', 'description', 'title']);
    expect(errors.title).toEqual({ key: 'required' });
  });

  it('checks lengths after trimming, as the API does', () => {
    expect(validateProposal({ ...draft, title: '  ab  ' }, 5_000_000, 'WK059903').title).toEqual({ key: 'tooShort', values: { min: 3, length: 2 } });
    expect(validateProposal({ ...draft, title: 'x'.repeat(121) }, 5_000_000, 'WK059903').title).toEqual({ key: 'tooLong', values: { max: 120, length: 121 } });
    expect(validateProposal({ ...draft, title: 'x'.repeat(120) }, 5_000_000, 'WK059903').title).toBeUndefined();
    expect(validateProposal({ ...draft, description: 'te kort' }, 5_000_000, 'WK059903').description?.key).toBe('tooShort');
    expect(validateProposal({ ...draft, title: 'een\nregel' }, 5_000_000, 'WK059903').title?.key).toBe('controlCharacter');
    expect(validateProposal({ ...draft, description: 'regel een\nregel twee' }, 5_000_000, 'WK059903').description).toBeUndefined();
  });

  it('keeps the estimate above zero and within the round budget', () => {
    expect(validateProposal({ ...draft, cost: '0' }, 5_000_000, 'WK059903').cost?.key).toBe('amountTooLow');
    expect(validateProposal({ ...draft, cost: '50.000' }, 5_000_000, 'WK059903').cost).toBeUndefined();
    expect(validateProposal({ ...draft, cost: '50.000,01' }, 5_000_000, 'WK059903').cost?.key).toBe('amountOverBudget');
  });

  it('wants a buurt code of the round wijk', () => {
    expect(validateProposal({ ...draft, buurt: 'BU123' }, 5_000_000, 'WK059903').buurt?.key).toBe('buurtFormat');
    expect(validateProposal({ ...draft, buurt: 'BU05990510' }, 5_000_000, 'WK059903').buurt?.key).toBe('buurtOutside');
  });

  it('maps API problems onto the field they name, else onto the summary', () => {
    expect(fieldOfProblem('invalid-text', { field: 'title' })).toBe('title');
    expect(fieldOfProblem('amount-out-of-range', { field: 'estimatedCost' })).toBe('cost');
    expect(fieldOfProblem('missing-field', { field: 'estimatedCostCents' })).toBe('cost');
    expect(fieldOfProblem('buurt-outside-district', { buurt: 'BU05990510', district: 'WK059903' })).toBe('buurt');
    expect(fieldOfProblem('wrong-phase', { action: 'submit', phase: 'review' })).toBeNull();
  });
});

describe('voting codes and receipts as typed', () => {
  it('accepts a code in any case, with spaces or dashes, and groups it in fours', () => {
    expect(checkVotingCode('kx7f 9qpm-3trw h4nc')).toEqual({ ok: true, code: 'KX7F-9QPM-3TRW-H4NC' });
    expect(checkVotingCode('KX7F9QPM3TRWH4NC')).toEqual({ ok: true, code: 'KX7F-9QPM-3TRW-H4NC' });
  });

  it('says what is wrong with a code that cannot be one', () => {
    expect(checkVotingCode('  ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkVotingCode('KX7F-9QPM-3TRW')).toMatchObject({ ok: false, reason: 'length', length: 12 });
    expect(checkVotingCode('KX7F-9QPM-3TRW-H40C')).toMatchObject({ ok: false, reason: 'symbols', invalid: ['0'] });
    expect(checkVotingCode('IL1O-9QPM-3TRW-H4NC')).toMatchObject({ ok: false, reason: 'symbols', invalid: ['I', 'L', '1', 'O'] });
  });

  it('reads a receipt in any case, with or without dashes', () => {
    expect(normalizeReceipt('7qx2 m4kd 09tb rz1a')).toBe('7QX2-M4KD-09TB-RZ1A');
    expect(normalizeReceipt('7QX2-M4KD-09TB')).toBeNull();
    expect(normalizeReceipt('7QX2-M4KD-09TB-RZ1U')).toBeNull();
  });
});
