import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { formatMoney } from '../../api/format';
import type { Proposal, Round, RulesWithEligibility } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import type { BallotOption } from '../../ballot/budget';
import { Alert, Button, DataList, Paragraph } from '../../ui';
import { missingOf, NotFound } from '../../frontDoor/NotFound';

/** Date and time, as a receipt shows when the ballot was saved. */
/** The ballot's options: the feasible proposals at their approved cost, in proposal order. */
export function ballotOptions(proposals: readonly Proposal[]): (BallotOption & { proposal: Proposal })[] {
  return proposals
    .filter((proposal) => proposal.status === 'feasible')
    .sort((a, b) => a.id - b.id)
    .map((proposal) => ({ id: proposal.id, costCents: proposal.approvedCostCents ?? proposal.estimatedCostCents, proposal }));
}

/** The ballot method in plain words, one sentence each (what you choose, and the limits). */
export function methodSentences(t: TFunction, round: Round, language: string): string[] {
  const method = round.rules.ballotMethod;
  const budget = formatMoney(round.rules.budgetCents, language);
  const sentences: string[] = [];
  switch (method.kind) {
    case 'approval-within-budget':
      sentences.push(t('resident.method.withinBudget', { budget }));
      if (method.minCount) sentences.push(t('resident.method.minCount', { count: method.minCount }));
      if (method.maxCount) sentences.push(t('resident.method.maxCount', { count: method.maxCount }));
      break;
    case 'approval-at-most-k':
      sentences.push(t('resident.method.atMostK', { count: method.k ?? 0 }));
      break;
    case 'cumulative-points':
      sentences.push(t('resident.method.points', { count: method.points ?? 0 }));
      if (method.maxPerProposal) sentences.push(t('resident.method.pointsCap', { count: method.maxPerProposal }));
      break;
  }
  sentences.push(t('resident.method.change'));
  const eligibility = (round.rules as RulesWithEligibility).eligibility;
  if (eligibility?.minimumAge) sentences.push(t('resident.method.minimumAge', { age: eligibility.minimumAge }));
  if (eligibility?.registerRequired) sentences.push(t('resident.method.register'));
  if (eligibility?.businessOwnersAdmitted) sentences.push(t('resident.method.businessOwners'));
  return sentences;
}

export function categoryLabel(t: TFunction, category: string): string {
  return t(`resident.categories.${category}`, { defaultValue: category });
}

/** An API problem as a message; a 401 becomes an invitation to sign in and come back here. */
export function ProblemMessage({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  if (error.status === 401) return <SignInNeeded />;
  // A round or proposal that an address names but that does not exist: a friendly page, under the page's own h1.
  const missing = missingOf(error);
  if (missing) return <NotFound missing={missing} level={2} />;
  return <Alert type="error" title={error.title || t('errors.title')}>{error.detail || error.message}</Alert>;
}

/** The page needs a signed-in resident. */
export function SignInNeeded() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const location = useLocation();
  return (
    <Alert type="info" title={t('errors.signInNeeded')}>
      <Paragraph>{t('resident.signInWhy')}</Paragraph>
      <Button onClick={() => void signIn(location.pathname)}>{t('app.signIn')}</Button>
    </Alert>
  );
}

/** Terms and their values (the NL Design System data list), spaced for the residents' pages. */
export function Facts({ items }: { items: { key: string; term: ReactNode; value: ReactNode }[] }) {
  return <DataList items={items} className="facts" />;
}
