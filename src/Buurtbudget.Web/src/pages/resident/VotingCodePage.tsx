import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Ballot, Proposal, Round, RoundSummary } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import type { BallotChoice } from '../../ballot/budget';
import { checkVotingCode } from '../../ballot/votingCode';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { Alert, Button, ButtonGroup, FormField, Heading, Paragraph, TextInput } from '../../ui';
import { BallotBuilder } from './BallotBuilder';
import { methodSentences } from './common';

/** What the round answers for a code it issued (POST …/ballot/by-code/ballot-paper): no account needed. */
interface BallotPaper {
  round: Round;
  options: Proposal[];
  ballot: Ballot | null;
}

interface Found {
  roundId: string;
  /** The code as the letter prints it; kept in memory only, never in the address bar. */
  code: string;
  paper: BallotPaper;
}

const asApiError = (error: unknown, fallback: string) => (error instanceof ApiError ? error : new ApiError(0, 'unknown', fallback, String(error)));

/** Asks the round for the code's ballot paper: the round, the proposals on the ballot and the code's ballot so far;
 * throws for a code the round did not issue. */
function ballotPaper(roundId: string, code: string): Promise<BallotPaper> {
  return api<BallotPaper>(`/rounds/${roundId}/ballot/by-code/ballot-paper`, { method: 'POST', json: { code } });
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
        setFound({ roundId: routeRound, code: checked.code, paper: await ballotPaper(routeRound, checked.code) });
        return;
      }
      // Without a round in the address (the letters print the round's own address), the round is found among those
      // open for voting: only a signed-in visitor can list them.
      if (!user) {
        setFailure(new ApiError(0, 'round-unknown', t('resident.code.roundUnknownTitle'), t('resident.code.roundUnknown')));
        return;
      }
      const rounds = await api<RoundSummary[]>('/rounds?phase=voting');
      for (const round of rounds) {
        try {
          setFound({ roundId: round.id, code: checked.code, paper: await ballotPaper(round.id, checked.code) });
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
        onSaved={(ballot) => setFound({ ...found, paper: { ...found.paper, ballot } })}
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
  const { round, options, ballot } = found.paper;
  const cast = useCallback(
    (choices: BallotChoice[]) => api<Ballot>(`/rounds/${found.roundId}/ballot/by-code`, { method: 'PUT', json: { code: found.code, choices } }),
    [found.roundId, found.code],
  );

  return (
    <>
      <Heading level={1}>{t('resident.code.ballotTitle', { title: round.title })}</Heading>
      <RoundIntegrityWarning round={round} />
      <Paragraph>{t('resident.code.accepted', { code: found.code })}</Paragraph>
      <Paragraph lead>{methodSentences(t, round, i18n.language).join(' ')}</Paragraph>
      <BallotBuilder round={round} proposals={options} saved={ballot} cast={cast} onSaved={onSaved} />
      <ButtonGroup>
        <Button kind="secondary" onClick={onOtherCode}>{t('resident.code.other')}</Button>
      </ButtonGroup>
    </>
  );
}
