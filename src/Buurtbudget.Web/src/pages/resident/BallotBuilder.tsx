import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { formatDateTime, formatMoney } from '../../api/format';
import type { Ballot, Proposal, Round } from '../../api/types';
import {
  addChoice,
  castableChoices,
  evaluateBallot,
  fromSaved,
  removeChoice,
  sameChoices,
  setPoints,
  type BallotChoice,
  type BallotEvaluation,
  type BallotProblem,
  type BlockReason,
} from '../../ballot/budget';
import { keepDraft, leavesBallot, readDraft } from '../../ballot/draft';
import { buurtName } from '../../rounds/buurten';
import { Alert, Button, ButtonGroup, Heading, Meter, Paragraph } from '../../ui';
import { ballotOptions, categoryLabel } from './common';

interface Props {
  round: Round;
  proposals: Proposal[];
  /** The way this page votes: after signing in, or with a letter's code. A person has one ballot whichever way they
   * vote, so the saved ballot may have come the other way; the page then says which ballot counts. */
  channel: BallotChannel;
  /** The ballot saved so far, or null when none. */
  saved: Ballot | null;
  /** Casts the choices (the API answers with the saved ballot and its receipt). */
  cast: (choices: BallotChoice[]) => Promise<Ballot>;
  onSaved: (ballot: Ballot) => void;
  /** The round to keep unsent choices for across a reload (ballot/draft.ts); left out where a voting code is used, so
   * that the next code holder at a shared computer never sees them. */
  keepUnsentFor?: string;
}

/** The ballot: options with what they cost, a budget bar that keeps the ballot within the rules, the status of the
 * saved ballot (with its receipt) in a space of fixed size, and the cast button. A blank ballot is cast only after a
 * confirmation; unsent choices survive a reload (when kept) and leaving the page asks first. */
export function BallotBuilder({ round, proposals, channel, saved, cast, onSaved, keepUnsentFor }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const options = useMemo(() => ballotOptions(proposals), [proposals]);
  const rules = round.rules;
  const savedChoices = useMemo(() => (saved ? fromSaved(saved.choices) : []), [saved]);
  const savedRevision = saved?.revision ?? 0;
  // Unsent choices from before a reload win over the saved ballot they were made on.
  const startingChoices = useCallback(
    () => (keepUnsentFor && typeof sessionStorage !== 'undefined' ? readDraft(sessionStorage, keepUnsentFor, savedRevision, new Set(options.map((o) => o.id))) : null) ?? savedChoices,
    [keepUnsentFor, savedRevision, options, savedChoices],
  );
  const [choices, setChoices] = useState<BallotChoice[]>(startingChoices);
  const [confirmBlank, setConfirmBlank] = useState(false);
  const [replaced, setReplaced] = useState<string | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [attempted, setAttempted] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const justSaved = useRef(false);

  // A ballot loaded (or saved) later replaces the choices on screen (only then: not on every change of the options).
  useEffect(() => setChoices(startingChoices()), [savedChoices]);
  useEffect(() => {
    if (justSaved.current) {
      justSaved.current = false;
      statusRef.current?.focus();
    }
  }, [saved]);

  const evaluation = evaluateBallot(rules, options, choices);
  const changed = saved ? !sameChoices(choices, savedChoices) : choices.length > 0;
  const open = round.phase === 'voting';

  // Unsent choices are kept for this tab (or forgotten once they equal the saved ballot).
  useEffect(() => {
    if (!keepUnsentFor || !open || typeof sessionStorage === 'undefined') return;
    keepDraft(sessionStorage, keepUnsentFor, changed ? { basedOn: savedRevision, choices } : null);
  }, [keepUnsentFor, open, changed, savedRevision, choices]);

  // Leaving with a choice that is not saved asks first: closing or reloading the tab with the browser's own question,
  // any way of leaving inside the app (a link, the back and forward buttons) in words.
  const leaveQuestion = t('ballotResults.ballot.leaveConfirm');
  const unsent = changed && open;
  const blocker = useBlocker(useCallback(
    ({ currentLocation, nextLocation }: { currentLocation: { pathname: string; search: string }; nextLocation: { pathname: string; search: string } }) =>
      unsent && leavesBallot(currentLocation, nextLocation),
    [unsent],
  ));
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(leaveQuestion)) blocker.proceed();
    else blocker.reset();
  }, [blocker, leaveQuestion]);
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsent]);
  useEffect(() => {
    if (confirmBlank) confirmRef.current?.focus();
  }, [confirmBlank]);
  // The question is about this empty ballot: choosing something withdraws it, so "yes" never casts other choices.
  useEffect(() => setConfirmBlank(false), [choices]);
  const castable = castableChoices(evaluation);
  const canCast = open && castable !== null && (changed || !saved) && !busy;

  async function submit(blankConfirmed = false) {
    setAttempted(true);
    setFailure(null);
    if (!open || castable === null) return;
    // A blank ballot is a choice too, but never one made by a single click on an empty ballot.
    if (castable.length === 0 && !blankConfirmed) {
      setConfirmBlank(true);
      return;
    }
    setConfirmBlank(false);
    setBusy(true);
    try {
      const result = await cast(castable);
      justSaved.current = true;
      setAttempted(false);
      if (keepUnsentFor && typeof sessionStorage !== 'undefined') keepDraft(sessionStorage, keepUnsentFor, null);
      setReplaced(saved && saved.receipt !== result.receipt ? saved.receipt : null);
      onSaved(result);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'unknown', t('errors.title'), String(error)));
    } finally {
      setBusy(false);
    }
  }

  const statusKind: StatusKind = saved && !changed ? 'saved' : changed ? 'changed' : 'none';
  const titleOf = (id: number) => options.find((o) => o.id === id)?.proposal.title ?? t('resident.proposal.number', { id });

  return (
    <div className="ballot">
      <div className="ballot__sticky">
        <BallotMeter evaluation={evaluation} language={language} />
      </div>

      {/* Every state of the saved ballot is laid in the same grid cell; the ones not shown are invisible but keep
          their room, so the frame is as tall as the tallest at any width and nothing below it moves. */}
      <div className="ballot-status-frame">
        <div className="ballot-status" ref={statusRef} tabIndex={-1} role="status" aria-live="polite" aria-atomic="true">
          <StatusBox kind={statusKind} saved={saved} open={open} replaced={replaced} channel={channel} />
        </div>
        {(['saved', 'changed', 'none'] as const).map((kind) => (
          <div key={kind} className="ballot-status__sizer" aria-hidden="true">
            <StatusBox kind={kind} saved={sizerBallot} open={open} replaced={sizerBallot.receipt} channel={channel} sizing />
          </div>
        ))}
      </div>

      <fieldset className="utrecht-form-fieldset ballot__options">
        <legend className="utrecht-form-fieldset__legend"><Heading level={2}>{t('resident.ballot.options', { count: options.length })}</Heading></legend>
        <ul className="ballot-options">
          {options.map(({ id, costCents, proposal }) => {
            const state = evaluation.options.get(id)!;
            const reasonId = `ballot-option-${id}-reason`;
            const detailId = `ballot-option-${id}-cost`;
            const blocked = evaluation.kind === 'cumulative-points' ? !state.canAdd : !state.chosen && !state.canAdd;
            const reason = blocked && state.blockedBy ? blockText(t, state.blockedBy, evaluation, costCents, language) : null;
            return (
              <li key={id} className={`ballot-option${state.chosen ? ' ballot-option--chosen' : ''}${blocked && !state.chosen ? ' ballot-option--blocked' : ''}`}>
                {evaluation.kind === 'cumulative-points' ? (
                  <PointsControl
                    id={id}
                    title={proposal.title}
                    points={state.points}
                    max={state.maxPoints}
                    canAdd={state.canAdd}
                    disabled={!open}
                    describedBy={[detailId, reason ? reasonId : null].filter(Boolean).join(' ')}
                    onChange={(points) => setChoices((current) => setPoints(rules, options, current, id, points))}
                    onAdd={() => setChoices((current) => addChoice(rules, options, current, id))}
                  />
                ) : (
                  <div className="utrecht-form-field utrecht-form-field--checkbox">
                    <input
                      id={`ballot-option-${id}`}
                      type="checkbox"
                      className="utrecht-checkbox utrecht-checkbox--html-input"
                      checked={state.chosen}
                      aria-disabled={(!open || (blocked && !state.chosen)) || undefined}
                      aria-describedby={[detailId, reason ? reasonId : null].filter(Boolean).join(' ')}
                      onChange={() => {
                        if (!open) return;
                        setChoices((current) => (state.chosen ? removeChoice(current, id) : addChoice(rules, options, current, id)));
                      }}
                    />
                    <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={`ballot-option-${id}`}>
                      {t('resident.proposal.numbered', { id, title: proposal.title })}
                    </label>
                  </div>
                )}
                <p className="utrecht-paragraph ballot-option__facts" id={detailId}>
                  {formatMoney(costCents, language)} · {categoryLabel(t, proposal.category)}
                  {proposal.buurt ? ` · ${buurtName(proposal.buurt)}` : ''}
                </p>
                <p className="utrecht-paragraph ballot-option__reason" id={reasonId}>{reason ?? ''}</p>
                <details className="ballot-option__details">
                  <summary>{t('resident.ballot.more', { title: proposal.title })}</summary>
                  <p className="utrecht-paragraph pre-line">{proposal.description}</p>
                </details>
              </li>
            );
          })}
        </ul>
      </fieldset>

      {evaluation.problems.length > 0 && (attempted || changed) && (
        <Alert type="warning" title={t('resident.ballot.cannotCast')}>
          <ul className="utrecht-unordered-list">
            {evaluation.problems.map((problem, index) => (
              <li key={index} className="utrecht-unordered-list__item">{problemText(t, problem, language, titleOf)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {failure && (
        <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>
      )}
      {open && evaluation.blank && changed === false && !saved && <Paragraph>{t('resident.ballot.blankHint')}</Paragraph>}
      {open && confirmBlank && (
        <div className="confirm-step" ref={confirmRef} tabIndex={-1} role="group" aria-labelledby="confirm-step-title" aria-describedby="confirm-step-text">
          <Heading level={2} id="confirm-step-title">{t('ballotResults.ballot.blankConfirmTitle')}</Heading>
          <Paragraph id="confirm-step-text">{saved ? t('ballotResults.ballot.blankConfirmReplace', { receipt: saved.receipt }) : t('ballotResults.ballot.blankConfirmText')}</Paragraph>
          <ButtonGroup>
            <Button kind="primary" busy={busy} disabled={busy} onClick={() => void submit(true)}>{t('ballotResults.ballot.blankConfirmYes')}</Button>
            <Button kind="secondary" disabled={busy} onClick={() => { setConfirmBlank(false); setAttempted(false); document.getElementById(`ballot-option-${options[0]?.id}`)?.focus(); }}>{t('ballotResults.ballot.blankConfirmNo')}</Button>
          </ButtonGroup>
        </div>
      )}
      {open && !confirmBlank && (
        <ButtonGroup>
          <Button
            kind="primary"
            busy={busy}
            aria-disabled={!canCast || undefined}
            onClick={() => (canCast ? void submit() : setAttempted(true))}
          >
            {busy ? t('resident.ballot.saving') : evaluation.blank ? t('resident.ballot.castBlank') : saved ? t('resident.ballot.saveChange') : t('resident.ballot.cast')}
          </Button>
          {saved && changed && (
            <Button kind="secondary" onClick={() => setChoices(savedChoices)} disabled={busy}>{t('resident.ballot.undo')}</Button>
          )}
        </ButtonGroup>
      )}
      {open && !canCast && !busy && (
        <Paragraph className="ballot__hint">
          {castable === null ? t('resident.ballot.fixFirst') : saved && !changed ? t('resident.ballot.nothingToSave') : ''}
        </Paragraph>
      )}
    </div>
  );
}

type StatusKind = 'saved' | 'changed' | 'none';

/** Only for measuring: the longest a saved ballot's status can be (a blank ballot, the longest month's name). */
const sizerBallot: Ballot = { saved: true, revision: 1, blank: true, castAt: '2026-09-30T21:59:00Z', choices: [], totalCostCents: 0, pointsUsed: 0, receipt: 'WWWW-WWWW-WWWW-WWWW', channel: 'sign-in' };

export type BallotChannel = 'sign-in' | 'letter-code';

/** Which of a person's ballots counts, when they voted both ways (issue 17): the saved ballot came the other way (it
 * counts until one is saved here), or the one saved here replaced one that came the other way. Null otherwise. */
export function channelNotice(t: (key: string) => string, saved: Ballot, channel: BallotChannel): string | null {
  if (saved.channel && saved.channel !== channel) return t(`onePerson.countsOther.${saved.channel}`);
  if (saved.replacedChannel && saved.replacedChannel !== channel) return t(`onePerson.replaced.${saved.replacedChannel}`);
  return null;
}

function StatusBox({ kind, saved, open, replaced, channel, sizing = false }: {
  kind: StatusKind;
  saved: Ballot | null;
  open: boolean;
  replaced: string | null;
  channel: BallotChannel;
  /** Only for measuring: the longest notice about the other channel takes its room too. */
  sizing?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const other: BallotChannel = channel === 'sign-in' ? 'letter-code' : 'sign-in';
  const notice = sizing
    ? [t(`onePerson.countsOther.${other}`), t(`onePerson.replaced.${other}`)].reduce((a, b) => (b.length > a.length ? b : a))
    : saved && channelNotice(t, saved, channel);
  if (kind === 'saved' && saved) {
    return (
      <div className="utrecht-alert utrecht-alert--ok ballot-status__box">
        <div className="utrecht-alert__content">
          <p className="utrecht-paragraph ballot-status__title"><strong>{t('resident.ballot.saved')}</strong></p>
          <p className="utrecht-paragraph">{t('resident.ballot.receipt')} <code className="receipt">{saved.receipt}</code></p>
          <p className="utrecht-paragraph">{t('resident.ballot.savedAt', { time: formatDateTime(saved.castAt, i18n.language) })}{saved.blank ? ` ${t('resident.ballot.blankSaved')}` : ''}</p>
          {replaced && <p className="utrecht-paragraph">{t('ballotResults.ballot.replaced', { receipt: replaced })}</p>}
          {notice && <p className="utrecht-paragraph ballot-status__channel"><strong>{notice}</strong></p>}
        </div>
      </div>
    );
  }
  if (kind === 'changed') {
    return (
      <div className="utrecht-alert utrecht-alert--warning ballot-status__box">
        <div className="utrecht-alert__content">
          <p className="utrecht-paragraph ballot-status__title"><strong>{t('resident.ballot.notSaved')}</strong></p>
          <p className="utrecht-paragraph">{saved ? t('resident.ballot.notSavedChanged') : t('resident.ballot.notSavedNew')}</p>
          {saved && <p className="utrecht-paragraph">{t('resident.ballot.previousStillCounts', { receipt: saved.receipt })}</p>}
        </div>
      </div>
    );
  }
  return (
    <div className="utrecht-alert utrecht-alert--info ballot-status__box">
      <div className="utrecht-alert__content">
        <p className="utrecht-paragraph ballot-status__title"><strong>{t('resident.ballot.noBallot')}</strong></p>
        <p className="utrecht-paragraph">{open ? t('resident.ballot.noBallotHelp') : t('resident.ballot.closed')}</p>
      </div>
    </div>
  );
}

function PointsControl(props: {
  id: number;
  title: string;
  points: number;
  max: number;
  canAdd: boolean;
  disabled: boolean;
  describedBy: string;
  onChange: (points: number) => void;
  onAdd: () => void;
}) {
  const { t } = useTranslation();
  const inputId = `ballot-option-${props.id}`;
  return (
    <div className="points-control">
      <label className="utrecht-form-label" htmlFor={inputId}>{t('resident.proposal.numbered', { id: props.id, title: props.title })}</label>
      <div className="points-control__row">
        <Button kind="secondary" aria-label={t('resident.ballot.pointLess', { title: props.title })} disabled={props.disabled || props.points === 0} onClick={() => props.onChange(props.points - 1)}>−</Button>
        <input
          id={inputId}
          className="utrecht-textbox utrecht-textbox--html-input points-control__input"
          type="number"
          inputMode="numeric"
          min={0}
          max={Number.isFinite(props.max) ? props.max : undefined}
          step={1}
          value={props.points}
          disabled={props.disabled}
          aria-describedby={props.describedBy}
          onChange={(event) => props.onChange(Number(event.target.value))}
        />
        <Button kind="secondary" aria-label={t('resident.ballot.pointMore', { title: props.title })} aria-disabled={props.disabled || !props.canAdd || undefined} onClick={() => !props.disabled && props.onAdd()}>+</Button>
        <span className="points-control__unit">{t('resident.ballot.pointsUnit', { count: props.points })}</span>
      </div>
    </div>
  );
}

/** The budget bar: money for ballots within the budget, choices for at-most-k, points for cumulative ones. */
function BallotMeter({ evaluation: e, language }: { evaluation: BallotEvaluation; language: string }) {
  const { t } = useTranslation();
  if (e.kind === 'cumulative-points') {
    const total = e.pointsTotal ?? 0;
    return (
      <Meter
        label={t('resident.ballot.meterPoints')}
        value={e.pointsUsed}
        max={total}
        over={e.pointsUsed > total}
        valueText={t('resident.ballot.meterPointsText', { used: e.pointsUsed, left: e.pointsLeft ?? 0, total })}
      />
    );
  }
  if (e.kind === 'approval-at-most-k') {
    const max = e.maxChoices ?? 0;
    return (
      <Meter
        label={t('resident.ballot.meterChoices')}
        value={e.count}
        max={max}
        over={e.count > max}
        valueText={t('resident.ballot.meterChoicesText', { count: e.count, max, left: Math.max(0, max - e.count), cost: formatMoney(e.totalCostCents, language) })}
      />
    );
  }
  return (
    <Meter
      label={t('resident.ballot.meterBudget')}
      value={e.totalCostCents}
      max={e.budgetCents}
      over={e.remainingCents < 0}
      valueText={
        <>
          {t('resident.ballot.meterBudgetText', {
            spent: formatMoney(e.totalCostCents, language),
            left: formatMoney(Math.max(0, e.remainingCents), language),
            budget: formatMoney(e.budgetCents, language),
          })}
          {e.maxChoices !== null && ` ${t('resident.ballot.meterCountText', { count: e.count, max: e.maxChoices })}`}
        </>
      }
    />
  );
}

function blockText(t: TFunction, reason: BlockReason, e: BallotEvaluation, costCents: number, language: string): string {
  switch (reason) {
    case 'over-budget':
      return t('resident.ballot.blocked.overBudget', { cost: formatMoney(costCents, language), left: formatMoney(Math.max(0, e.remainingCents), language) });
    case 'too-many-choices':
      return t('resident.ballot.blocked.tooMany', { count: e.maxChoices ?? 0 });
    case 'no-points-left':
      return t('resident.ballot.blocked.noPoints');
    case 'at-cap':
      return t('resident.ballot.blocked.atCap', { count: e.pointsCap ?? 0 });
    default:
      return t('resident.ballot.blocked.notOnBallot');
  }
}

function problemText(t: TFunction, problem: BallotProblem, language: string, titleOf: (id: number) => string): string {
  switch (problem.kind) {
    case 'over-budget':
      return t('resident.ballot.problem.overBudget', { total: formatMoney(problem.totalCents, language), budget: formatMoney(problem.budgetCents, language) });
    case 'too-few-choices':
      return t('resident.ballot.problem.tooFew', { count: problem.min, chosen: problem.count });
    case 'too-many-choices':
      return t('resident.ballot.problem.tooMany', { count: problem.max, chosen: problem.count });
    case 'too-many-points':
      return t('resident.ballot.problem.tooManyPoints', { count: problem.max, used: problem.total });
    case 'points-over-cap':
      return t('resident.ballot.problem.overCap', { title: titleOf(problem.proposalId), count: problem.max });
    case 'invalid-points':
      return t('resident.ballot.problem.invalidPoints', { title: titleOf(problem.proposalId) });
    case 'duplicate':
      return t('resident.ballot.problem.duplicate', { title: titleOf(problem.proposalId) });
    case 'not-on-ballot':
      return t('resident.ballot.problem.notOnBallot', { id: problem.proposalId });
  }
}
