// The proposal form's checks in the browser, the same limits as the API's (ProposalLimits, ProposalMapping): so
// that a resident hears what is wrong next to the field before sending, and an API refusal lands on the same field.

import type { ProposalCategory } from '../api/types';
import { proposalCategories } from '../api/types';

export const proposalLimits = { titleMin: 3, titleMax: 120, descriptionMin: 10, descriptionMax: 4000 } as const;

export type ProposalField = 'title' | 'description' | 'category' | 'cost' | 'buurt';
export const proposalFields: ProposalField[] = ['title', 'description', 'category', 'cost', 'buurt'];

export interface ProposalDraft {
  title: string;
  description: string;
  category: string;
  /** As typed, in euros: "12.500", "12500,50", "€ 1.250,00". */
  cost: string;
  buurt: string;
}

/** A field's problem: a key under resident.form.errors and the values its text needs. */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}

/** Euros as typed (Dutch or English separators) to whole eurocents; null when it is not an amount. */
export function parseEuros(typed: string): number | null {
  const text = typed.replace(/[\s€]/g, '').replace(/^eur/i, '');
  if (!/^\d[\d.,]*$/.test(text)) return null;
  const lastSeparator = Math.max(text.lastIndexOf(','), text.lastIndexOf('.'));
  let whole = text;
  let fraction = '';
  // A separator followed by one or two digits at the end is the decimal one; anything else groups thousands.
  if (lastSeparator >= 0 && text.length - lastSeparator - 1 <= 2) {
    whole = text.slice(0, lastSeparator);
    fraction = text.slice(lastSeparator + 1);
  }
  if (/[.,]/.test(whole) && !/^\d{1,3}([.,]\d{3})*$/.test(whole)) return null;
  const digits = whole.replace(/[.,]/g, '');
  if (digits === '' || fraction.length === 0 && lastSeparator === text.length - 1) return null;
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) ? cents : null;
}

const controlCharacter = (multiline: boolean) => (multiline ? /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/ : /[\u0000-\u001F\u007F]/);

function checkText(value: string, min: number, max: number, multiline: boolean): FieldError | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return { key: 'required' };
  if (trimmed.length < min) return { key: 'tooShort', values: { min, length: trimmed.length } };
  if (trimmed.length > max) return { key: 'tooLong', values: { max, length: trimmed.length } };
  if (controlCharacter(multiline).test(trimmed)) return { key: 'controlCharacter' };
  return null;
}

/** Every field's problem, or an empty object when the draft can be sent. `districtCode` is the round's wijk
 * (WK059903): a buurt code must lie in it (BU059903xx). */
export function validateProposal(draft: ProposalDraft, budgetCents: number, districtCode: string): Partial<Record<ProposalField, FieldError>> {
  const errors: Partial<Record<ProposalField, FieldError>> = {};
  const title = checkText(draft.title, proposalLimits.titleMin, proposalLimits.titleMax, false);
  if (title) errors.title = title;
  const description = checkText(draft.description, proposalLimits.descriptionMin, proposalLimits.descriptionMax, true);
  if (description) errors.description = description;
  if (!draft.category) errors.category = { key: 'categoryRequired' };
  else if (!(proposalCategories as readonly string[]).includes(draft.category)) errors.category = { key: 'categoryUnknown' };
  if (draft.cost.trim() === '') errors.cost = { key: 'required' };
  else {
    const cents = parseEuros(draft.cost);
    if (cents === null) errors.cost = { key: 'notAnAmount' };
    else if (cents <= 0) errors.cost = { key: 'amountTooLow' };
    else if (cents > budgetCents) errors.cost = { key: 'amountOverBudget', values: { budgetCents } };
  }
  const buurt = draft.buurt.trim().toUpperCase();
  if (buurt) {
    if (!/^BU\d{8}$/.test(buurt)) errors.buurt = { key: 'buurtFormat' };
    else if (buurt.slice(2, 8) !== districtCode.toUpperCase().replace(/^WK/, '')) errors.buurt = { key: 'buurtOutside', values: { district: districtCode } };
  }
  return errors;
}

/** The body the API takes, from a draft that passed validateProposal. */
export function toProposalRequest(draft: ProposalDraft) {
  const buurt = draft.buurt.trim().toUpperCase();
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    category: draft.category as ProposalCategory,
    estimatedCostCents: parseEuros(draft.cost) ?? 0,
    buurt: buurt || null,
  };
}

/** Which field an API problem is about: its `arguments.field`, or the field its code concerns; null for a problem
 * of the whole form (phase closed, not your wijk, …), which goes to the error summary. */
export function fieldOfProblem(code: string, args: Record<string, string>): ProposalField | null {
  switch (args.field) {
    case 'title':
    case 'description':
    case 'category':
      return args.field;
    case 'estimatedCost':
    case 'estimatedCostCents':
      return 'cost';
    case 'buurt':
      return 'buurt';
  }
  switch (code) {
    case 'invalid-category':
      return 'category';
    case 'invalid-buurt-code':
    case 'buurt-outside-district':
      return 'buurt';
    default:
      return null;
  }
}
