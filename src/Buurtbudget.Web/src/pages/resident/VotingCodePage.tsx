import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Ballot, Proposal, Round } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import type { BallotChoice } from '../../ballot/budget';
import { checkVotingCode } from '../../ballot/votingCode';
import { RoundIntegrityWarning } from '../../rounds/RoundIntegrityWarning';
import { Alert, Button, ButtonGroup, FormField, Heading, Link, Paragraph, TextInput } from '../../ui';
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

/** Asks for the code's ballot paper: the round, the proposals on the ballot and the code's ballot so far; of the round
 * in the address, or else of the round that issued the code. Throws for a code no such round issued. */
function ballotPaper(roundId: string | undefined, code: string): Promise<BallotPaper> {
  const path = roundId ? `/rounds/${roundId}/ballot/by-code/ballot-paper` : '/voting-codes/ballot-paper';
  return api<BallotPaper>(path, { method: 'POST', json: { code } });
}

/** A code found by the home page's form, handed to the code page in memory (never in the address bar or the history),
 * so that the home page leads straight to the ballot. */
let handedOver: Found | null = null;

/** Voting with the one-time code from a letter, without an account: enter the code, see the ballot, cast it with
 * the code (PUT …/ballot/by-code), see the receipt, and change it with the same code until voting closes. A signed-in
 * resident is told that their own ballot counts already and that a code is for someone without an account. */
export function VotingCodePage() {
  const { roundId: routeRound } = useParams();
  const { t } = useTranslation();
  const { user } = useAuth();
  const [found, setFound] = useState<Found | null>(() => handedOver);
  const [focusInput, setFocusInput] = useState(0);

  useEffect(() => {
    handedOver = null;
  }, []);

  useEffect(() => {
    if (focusInput > 0) document.getElementById('voting-code')?.focus();
  }, [focusInput]);

  if (found) {
    return (
      <CodeBallot
        found={found}
        onSaved={(ballot) => setFound({ ...found, paper: { ...found.paper, ballot } })}
        onOtherCode={() => {
          setFound(null);
          setFocusInput((n) => n + 1);
        }}
      />
    );
  }

  return (
    <>
      <Heading level={1}>{t('resident.code.title')}</Heading>
      {user && (
        <Alert type="info" title={t('publicPages.code.signedInTitle')}>
          <Paragraph>{t('publicPages.code.signedInBody')}</Paragraph>
          <Paragraph><Link to="/">{t('publicPages.code.signedInLink')}</Link></Paragraph>
        </Alert>
      )}
      <Paragraph lead>{t('resident.code.intro')}</Paragraph>
      <Paragraph>{t('resident.code.privacy')}</Paragraph>
      <VotingCodeForm roundId={routeRound} onFound={setFound} />
    </>
  );
}

/** The code form of the home page: a code alone leads straight to its round's ballot on the code page. */
export function HomeVotingCodeForm() {
  const navigate = useNavigate();
  return (
    <VotingCodeForm
      onFound={(found) => {
        handedOver = found;
        void navigate('/stemcode');
      }}
    />
  );
}

/** The code field and its check: with a round in the address (the letters print the round's own), that round's ballot
 * paper; without one, the round that issued the code (POST /voting-codes/ballot-paper). */
function VotingCodeForm({ roundId, onFound }: { roundId?: string; onFound: (found: Found) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
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
      const paper = await ballotPaper(roundId, checked.code);
      onFound({ roundId: paper.round.id, code: checked.code, paper });
    } catch (error) {
      const problem = asApiError(error, t('errors.title'));
      if (problem.code === 'unknown-voting-code' || problem.code === 'voting-code-not-found') {
        setFieldError(problem.detail || t('resident.code.errors.unknown'));
        setFocusInput((n) => n + 1);
      } else setFailure(problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
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
      <BallotBuilder round={round} proposals={options} channel="letter-code" saved={ballot} cast={cast} onSaved={onSaved} />
      <ButtonGroup>
        <Button kind="secondary" onClick={onOtherCode}>{t('resident.code.other')}</Button>
      </ButtonGroup>
    </>
  );
}
