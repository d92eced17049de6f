import { useTranslation } from 'react-i18next';
import type { RoundSummary } from '../api/types';
import { Alert, Paragraph, StatusBadge } from '../ui';

/** The warning on every page about a round whose stored log was changed behind the platform's back (the API marks
 * such a round "broken"): residents and coordinators must not read its figures as if nothing happened, and must know
 * why nothing they try to change is saved. Nothing when the round is intact. */
export function RoundIntegrityWarning({ round }: { round: Pick<RoundSummary, 'integrity' | 'brokenAtSequence'> | null | undefined }) {
  const { t } = useTranslation();
  if (round?.integrity !== 'broken') return null;
  return (
    <Alert type="warning" title={t('roundIntegrity.title')}>
      <Paragraph>{t('roundIntegrity.body')}</Paragraph>
      {round.brokenAtSequence != null && <Paragraph>{t('roundIntegrity.detail', { sequence: round.brokenAtSequence })}</Paragraph>}
    </Alert>
  );
}

/** A broken round's mark in a list of rounds, beside its phase, so no one opens it unwarned. */
export function RoundIntegrityBadge({ round }: { round: Pick<RoundSummary, 'integrity'> }) {
  const { t } = useTranslation();
  return round.integrity === 'broken' ? <> <StatusBadge>{t('roundIntegrity.badge')}</StatusBadge></> : null;
}
