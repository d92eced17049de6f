import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { formatMoney } from '../../api/format';
import type { Ballot, Proposal, Round, RoundSummary } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import type { BallotChoice } from '../../ballot/budget';
import { checkVotingCode } from '../../ballot/votingCode';
import { Alert, Button, ButtonGroup, FormField, Heading, Link, Paragraph, TextInput } from '../../ui';
import { BallotBuilder } from './BallotBuilder';
import { formatDateTime, Loading, methodSentences } from './common';

interface Found {
  roundId: string;
  /** The code as the letter prints it; kept in memory only, never in the address bar. */
  code: string;
  saved: Ballot | null;
}

const asApiError = (error: unknown, fallback: string) => (error instanceof ApiError ? error : new ApiError(0, 'unknown', fallback, String(error)));

/** Asks the round whether it knows the code: its ballot, null when it has none yet; throws for an unknown code. */
async function lookup(roundId: string, code: string): Promise<Ballot | null> {
  try {
    return await api<Ballot>(`/rounds/${roundId}/ballot/by-code/lookup`, { method: 'POST', json: { code } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'no-ballot-yet') return null;
    throw error;
  }
}

/** Voting with the one-time code from a letter, without an account: enter the code, see the ballot, cast it with
 * the code (PUT …/ballot/by-code), see the receipt, and change it with the same code until voting closes. */
export function VotingCodePage() {
  const { roundId: routeRound } = useParams();
  const { t } = useTranslation();
  const { user } = useAuth();
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<Found | null>(null);
  const [focusInput, setFocusInput] = useState(0);

  useEffect(() => {
    if (focusInput > 0) document.getElementById('voting-code')?.focus();
  }, [focusInput]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = checkVotingCode(typed);
    if (!checked.ok) {
      setFieldError(
        checked.reason === 'empty'
          ? t('resident.code.errors.empty')
          : checked.reason === 'symbols'
            ? t('resident.code.errors.symbols', { symbols: checked.invalid.join(' ') })
            : t('resident.code.errors.length', { length: checked.length }),
      );
      setFocusInput((n) => n + 1);
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      if (routeRound) {
        setFound({ roundId: routeRound, code: checked.code, saved: await lookup(routeRound, checked.code) });
        return;
      }
      // Without a round in the address, the round is found among those open for voting: only a signed-in visitor
      // can list them (the API has no anonymous way to find a code's round).
      if (!user) {
        setFailure(new ApiError(0, 'round-unknown', t('resident.code.roundUnknownTitle'), t('resident.code.roundUnknown')));
        return;
      }
      const rounds = await api<RoundSummary[]>('/rounds?phase=voting');
      for (const round of rounds) {
        try {
          setFound({ roundId: round.id, code: checked.code, saved: await lookup(round.id, checked.code) });
          return;
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'unknown-voting-code')) throw error;
        }
      }
      setFieldError(t('resident.code.errors.unknown'));
      setFocusInput((n) => n + 1);
    } catch (error) {
      const problem = asApiError(error, t('errors.title'));
      if (problem.code === 'unknown-voting-code') {
        setFieldError(problem.detail || t('resident.code.errors.unknown'));
        setFocusInput((n) => n + 1);
      } else setFailure(problem);
    } finally {
      setBusy(false);
    }
  }

  if (found) {
    return (
      <CodeBallot
        found={found}
        onSaved={(ballot) => setFound({ ...found, saved: ballot })}
        onOtherCode={() => {
          setFound(null);
          setTyped('');
          setFocusInput((n) => n + 1);
        }}
      />
    );
  }

  return (
    <>
      <Heading level={1}>{t('resident.code.title')}</Heading>
      <Paragraph lead>{t('resident.code.intro')}</Paragraph>
      <Paragraph>{t('resident.code.privacy')}</Paragraph>
      {failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <FormField id="voting-code" label={t('resident.code.label')} description={t('resident.code.help')} error={fieldError}>
          {({ id, describedBy, invalid }) => (
            <TextInput
              id={id}
              name="voting-code"
              className="code-input"
              aria-describedby={describedBy}
              invalid={invalid}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          )}
        </FormField>
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{busy ? t('resident.code.checking') : t('resident.code.submit')}</Button>
        </ButtonGroup>
      </form>
    </>
  );
}

/** The ballot of a code that the round knows. */
function CodeBallot({ found, onSaved, onOtherCode }: { found: Found; onSaved: (ballot: Ballot) => void; onOtherCode: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [round, setRound] = useState<Round | null>(null);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [unavailable, setUnavailable] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api<Round>(`/rounds/${found.roundId}`), api<Proposal[]>(`/rounds/${found.roundId}/proposals`)]).then(
      ([r, p]) => {
        if (cancelled) return;
        setRound(r);
        setProposals(p);
      },
      (error: unknown) => !cancelled && setUnavailable(asApiError(error, t('errors.title'))),
    );
    return () => {
      cancelled = true;
    };
  }, [found.roundId, t]);

  const cast = useCallback(
    (choices: BallotChoice[]) => api<Ballot>(`/rounds/${found.roundId}/ballot/by-code`, { method: 'PUT', json: { code: found.code, choices } }),
    [found.roundId, found.code],
  );

  const saved = found.saved;
  return (
    <>
      <Heading level={1}>{round ? t('resident.code.ballotTitle', { title: round.title }) : t('resident.code.title')}</Heading>
      <Paragraph>{t('resident.code.accepted', { code: found.code })}</Paragraph>
      {round && <Paragraph lead>{methodSentences(t, round, language).join(' ')}</Paragraph>}
      {round && proposals && <BallotBuilder round={round} proposals={proposals} saved={saved} cast={cast} onSaved={onSaved} />}
      {!round && !unavailable && <Loading />}
      {unavailable && (
        <>
          {/* Anonymous callers cannot read the round or its proposals (both need sign-in), so only what the code's
              lookup answers can be shown: the saved ballot's proposal numbers, cost and receipt. */}
          <Alert type="warning" title={t('resident.code.optionsUnavailableTitle')}>
            <Paragraph>{unavailable.status === 401 ? t('resident.code.optionsUnavailable') : unavailable.detail}</Paragraph>
          </Alert>
          <div role="status" className="ballot-status">
            {saved ? (
              <div className="utrecht-alert utrecht-alert--ok ballot-status__box">
                <div className="utrecht-alert__content">
                  <p className="utrecht-paragraph ballot-status__title"><strong>{t('resident.ballot.saved')}</strong></p>
                  <p className="utrecht-paragraph">{t('resident.ballot.receipt')} <code className="receipt">{saved.receipt}</code></p>
                  <p className="utrecht-paragraph">{t('resident.ballot.savedAt', { time: formatDateTime(saved.castAt, language) })}</p>
                </div>
              </div>
            ) : (
              <div className="utrecht-alert utrecht-alert--info ballot-status__box">
                <div className="utrecht-alert__content">
                  <p className="utrecht-paragraph ballot-status__title"><strong>{t('resident.ballot.noBallot')}</strong></p>
                </div>
              </div>
            )}
          </div>
          {saved && (
            <Paragraph>
              {saved.blank
                ? t('resident.ballot.blankSaved')
                : t('resident.code.savedChoices', {
                    proposals: saved.choices.map((c) => (c.points && c.points > 1 ? `${c.proposalId} (${c.points})` : String(c.proposalId))).join(', '),
                    cost: formatMoney(saved.totalCostCents, language),
                  })}
            </Paragraph>
          )}
        </>
      )}
      <ButtonGroup>
        <Button kind="secondary" onClick={onOtherCode}>{t('resident.code.other')}</Button>
      </ButtonGroup>
      {round && <Paragraph><Link to={`/rounds/${round.id}`}>{t('resident.backToRound', { title: round.title })}</Link></Paragraph>}
    </>
  );
}
