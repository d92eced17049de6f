import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Ballot, Proposal, Round } from '../../api/types';
import { useApi } from '../../api/useApi';
import { useAuth } from '../../auth/AuthProvider';
import type { BallotChoice } from '../../ballot/budget';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { VotingDeadline, votingWindowOf } from '../../rounds/VotingDeadline';
import { Alert, Heading, Link, Paragraph } from '../../ui';
import { BallotBuilder } from './BallotBuilder';
import { methodSentences, ProblemMessage, SignInNeeded } from './common';
import { Loading } from '../../app/Loading';
import { paths } from '../../app/paths';

/** A signed-in resident's ballot: loads the saved one (GET /ballot), builds and casts a new one (PUT /ballot). */
export function BallotPage() {
  const { roundId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user, ready } = useAuth();
  const round = useApi<Round>(user ? `/rounds/${roundId}` : null);
  const proposals = useApi<Proposal[]>(user ? `/rounds/${roundId}/proposals` : null);
  const [saved, setSaved] = useState<Ballot | null>(null);
  const [ballotLoaded, setBallotLoaded] = useState(false);
  const [ballotError, setBallotError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    api<Ballot>(`/rounds/${roundId}/ballot`).then(
      (ballot) => {
        if (cancelled) return;
        setSaved(ballot);
        setBallotLoaded(true);
      },
      (error: unknown) => {
        if (cancelled) return;
        // No ballot yet is the normal start; anything else (not your wijk) is shown.
        if (!(error instanceof ApiError && error.code === 'no-ballot-yet')) setBallotError(error instanceof ApiError ? error : null);
        setBallotLoaded(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [roundId, user]);

  const cast = useCallback(
    (choices: BallotChoice[]) => api<Ballot>(`/rounds/${roundId}/ballot`, { method: 'PUT', json: { choices } }),
    [roundId],
  );

  const heading = <Heading level={1}>{round.data ? t('resident.ballot.title', { title: round.data.title }) : t('resident.ballot.titlePlain')}</Heading>;
  if (ready && !user) return <>{heading}<SignInNeeded /><Paragraph><Link to={paths.roundCode(roundId)}>{t('resident.round.voteWithCode')}</Link></Paragraph></>;
  if (round.error) return <>{heading}<ProblemMessage error={round.error} /></>;
  if (proposals.error) return <>{heading}<ProblemMessage error={proposals.error} /></>;
  if (!round.data || !proposals.data || !ballotLoaded) return <>{heading}<Loading /></>;
  const r = round.data;

  return (
    <>
      <Paragraph><Link to={paths.round(roundId)}>{t('resident.backToRound', { title: r.title })}</Link></Paragraph>
      {heading}
      <RoundIntegrityWarning round={r} />
      <VotingDeadline window={votingWindowOf(r)} />
      <Paragraph lead>{methodSentences(t, r, i18n.language).join(' ')}</Paragraph>
      {r.phase !== 'voting' && (
        <Alert type="info" title={t('resident.ballot.notOpen', { phase: t(`phases.${r.phase}`) })}>
          {r.phase === 'tallied' || r.phase === 'spending' || r.phase === 'closed' ? (
            <Paragraph><Link to={paths.results(roundId)}>{t('resident.round.results')}</Link></Paragraph>
          ) : (
            <Paragraph>{t(`resident.phaseHelp.${r.phase}`)}</Paragraph>
          )}
        </Alert>
      )}
      {ballotError ? (
        <ProblemMessage error={ballotError} />
      ) : (
        <BallotBuilder round={r} proposals={proposals.data} channel="sign-in" saved={saved} cast={cast} onSaved={setSaved} keepUnsentFor={roundId} />
      )}
    </>
  );
}
