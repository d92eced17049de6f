import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import { formatDateTime } from '../api/format';
import type { Round } from '../api/types';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthProvider';
import { permissionsFor } from '../access/access';
import { Refusal, useFormState, type FieldErrors } from '../forms/useFormState';
import { Alert, Button, ButtonGroup, FormField, Heading, Paragraph, StatusBadge, StatusMessage, TextArea, TextInput } from '../ui';
import { checkArgument, fieldOfRefusal, limits, mayAgree, oneLine, type Argument, type ArgumentField, type ProposalArguments as Arguments, type Side } from './arguments';
import './arguments.css';

/** "Argumenten voor" and "Argumenten tegen" under a proposal: anyone reads them; residents of the wijk post one (under
 * a name they choose the first time) and agree once with someone else's; the wijk's coordinators hide one with a
 * reason that is shown in its place. A proposal out of the race (withdrawn, merged, infeasible) keeps its arguments
 * to read but takes no new ones (inRace), as the round decides. */
export function ProposalArguments({ round, proposalId, inRace }: { round: Round; proposalId: number; inRace: boolean }) {
  const { t } = useTranslation();
  const { ready, user, me } = useAuth();
  const path = `/rounds/${round.id}/proposals/${proposalId}/arguments`;
  const list = useApi<Arguments>(ready ? path : null);
  const [said, setSaid] = useState<string | null>(null);
  const mayTakePart = Boolean(me && me.role === 'resident' && me.districts.includes(round.district.code));
  const moderates = permissionsFor(me ?? null, round).review;

  const changed = (message: string) => {
    setSaid(message);
    list.reload();
  };

  return (
    <section aria-labelledby="arguments-title" className="arguments">
      <Heading level={2} id="arguments-title">{t('proposalArguments.title')}</Heading>
      <Paragraph>{t('proposalArguments.intro')}</Paragraph>
      {list.error && <Alert type="error" title={list.error.title || t('errors.title')}>{list.error.detail || list.error.message}</Alert>}
      {list.data && (
        <>
          <div className="arguments__columns">
            {(['for', 'against'] as const).map((side) => (
              <Column key={side} side={side} items={list.data![side]} open={list.data!.open} mayTakePart={mayTakePart} moderates={moderates} roundId={round.id} onChanged={changed} />
            ))}
          </div>
          <StatusMessage>{said}</StatusMessage>
          {list.data.open && mayTakePart && inRace && (
            <PostArgument path={path} displayName={list.data.myDisplayName ?? null} onPosted={() => changed(t('proposalArguments.form.posted'))} />
          )}
          {/* Words, not a second sign-in button: reading a proposal never asks to sign in (journey 96). */}
          {list.data.open && ready && !user && <Paragraph>{t('proposalArguments.signInToTakePart')}</Paragraph>}
          {list.data.open && user && me && !mayTakePart && !moderates && <Paragraph>{t('proposalArguments.onlyResidents', { wijk: round.district.name })}</Paragraph>}
          {!list.data.open && <Paragraph>{t('proposalArguments.closed')}</Paragraph>}
        </>
      )}
    </section>
  );
}

function Column({ side, items, open, mayTakePart, moderates, roundId, onChanged }: {
  side: Side;
  items: Argument[];
  open: boolean;
  mayTakePart: boolean;
  moderates: boolean;
  roundId: string;
  onChanged: (message: string) => void;
}) {
  const { t } = useTranslation();
  const titleId = `arguments-${side}-title`;
  return (
    <section aria-labelledby={titleId} className={`arguments__column arguments__column--${side}`}>
      <Heading level={3} id={titleId}>{t(`proposalArguments.column.${side}`, { count: items.length })}</Heading>
      {items.length === 0 ? (
        <Paragraph>{t(`proposalArguments.none.${side}`)}</Paragraph>
      ) : (
        <ul className="arguments__list">
          {items.map((argument) => (
            <li key={argument.id}>
              <ArgumentItem argument={argument} open={open} mayTakePart={mayTakePart} moderates={moderates} roundId={roundId} onChanged={onChanged} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ArgumentItem({ argument, open, mayTakePart, moderates, roundId, onChanged }: {
  argument: Argument;
  open: boolean;
  mayTakePart: boolean;
  moderates: boolean;
  roundId: string;
  onChanged: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const headingId = useId();
  // The button that was pressed ("Ik ben het eens", or the coordinator's "Argument verbergen") is gone once the list
  // shows the change: focus then goes to what took its place, not back to the start of the page.
  const [done, setDone] = useState<'agreed' | 'hidden' | null>(null);
  const agreedRef = useRef<HTMLSpanElement>(null);
  const hiddenRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done === 'agreed' && argument.agreedByMe) agreedRef.current?.focus();
    if (done === 'hidden' && argument.hidden) hiddenRef.current?.focus();
  }, [done, argument.agreedByMe, argument.hidden]);

  async function agree() {
    setBusy(true);
    setFailure(null);
    try {
      await api(`/rounds/${roundId}/arguments/${argument.id}/agreement`, { method: 'POST' });
      setDone('agreed');
      onChanged(t('proposalArguments.agreed'));
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className={`argument${argument.hidden ? ' argument--hidden' : ''}`} aria-labelledby={headingId}>
      {argument.hidden ? (
        <>
          <p id={headingId} ref={hiddenRef} tabIndex={-1} className="utrecht-paragraph argument__meta"><strong>{t('proposalArguments.hidden.title')}</strong></p>
          <Paragraph>{t('proposalArguments.hidden.reason', { reason: argument.hidden.reason })}</Paragraph>
        </>
      ) : (
        <>
          <Paragraph id={headingId} className="argument__meta">
            <strong>{argument.displayName}</strong>{' '}
            <span className="argument__date">{formatDateTime(argument.postedAt, i18n.language)}</span>
            {argument.mine && <> <StatusBadge>{t('proposalArguments.mine')}</StatusBadge></>}
          </Paragraph>
          <Paragraph className="argument__text">{argument.text}</Paragraph>
        </>
      )}
      <Paragraph className="argument__agreements">{t('proposalArguments.agreements', { count: argument.agreements })}</Paragraph>
      {failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
      {(mayAgree(argument, open, mayTakePart) || argument.agreedByMe) && (
        <ButtonGroup>
          {argument.agreedByMe ? (
            <span ref={agreedRef} tabIndex={-1} className="argument__agreed"><StatusBadge>{t('proposalArguments.youAgree')}</StatusBadge></span>
          ) : (
            <Button kind="secondary" busy={busy} disabled={busy} onClick={() => void agree()} aria-describedby={headingId}>
              {t('proposalArguments.agree')}
            </Button>
          )}
        </ButtonGroup>
      )}
      {moderates && !argument.hidden && <HideArgument roundId={roundId} argument={argument} onHidden={() => { setDone('hidden'); onChanged(t('proposalArguments.hide.done')); }} />}
    </article>
  );
}

/** The coordinator's hide-with-reason: a button that opens a one-line reason field, then hides. */
function HideArgument({ roundId, argument, onHidden }: { roundId: string; argument: Argument; onHidden: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const form = useFormState<'reason'>();
  const askRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) form.focus('reason');
  }, [asking, form]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = oneLine(reason);
    const found: FieldErrors<'reason'> = {};
    if (typed.length < limits.reasonMin) found.reason = t('proposalArguments.hide.reasonShort', { min: limits.reasonMin });
    else if (typed.length > limits.reasonMax) found.reason = t('proposalArguments.hide.reasonLong', { max: limits.reasonMax });
    if (!form.check(found)) return;
    void form.run(
      () => api(`/rounds/${roundId}/arguments/${argument.id}/hiding`, { method: 'POST', json: { reason: typed } }),
      () => {
        onHidden();
      },
      (refusal) => (refusal.code === 'invalid-text' ? 'reason' : null),
    );
  };

  if (!asking) {
    return (
      <ButtonGroup>
        <Button kind="secondary" ref={askRef} onClick={() => setAsking(true)}>
          {t('proposalArguments.hide.open', { name: argument.displayName ?? '' })}
        </Button>
      </ButtonGroup>
    );
  }

  return (
    <form ref={form.ref} onSubmit={submit} noValidate className="stack argument__hide">
      <FormField label={t('proposalArguments.hide.label')} description={t('proposalArguments.hide.description')} error={form.errors.reason}>
        {({ id, describedBy, invalid }) => (
          <TextInput id={id} data-field="reason" aria-describedby={describedBy} invalid={invalid} maxLength={limits.reasonMax + 50} value={reason}
            onChange={(e) => { setReason(e.target.value); form.clearErrors(); }} />
        )}
      </FormField>
      <Refusal refusal={form.refusal} title={t('proposalArguments.hide.refused')} />
      <ButtonGroup>
        <Button type="submit" kind="primary" busy={form.busy} disabled={form.busy}>{t('proposalArguments.hide.submit')}</Button>
        <Button kind="secondary" disabled={form.busy} onClick={() => { setAsking(false); setTimeout(() => askRef.current?.focus()); }}>{t('proposalArguments.hide.cancel')}</Button>
      </ButtonGroup>
    </form>
  );
}

/** The form to post an argument, with the display-name choice the first time in the round. */
function PostArgument({ path, displayName, onPosted }: { path: string; displayName: string | null; onPosted: () => void }) {
  const { t } = useTranslation();
  const form = useFormState<ArgumentField>();
  const [side, setSide] = useState<Side | null>(null);
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const needsName = displayName === null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = checkArgument({ side, text, displayName: name }, needsName);
    const found: FieldErrors<ArgumentField> = {};
    for (const [field, problem] of Object.entries(problems)) {
      found[field as ArgumentField] = t(`proposalArguments.form.${problem}`, { min: field === 'text' ? limits.textMin : limits.nameMin, max: field === 'text' ? limits.textMax : limits.nameMax });
    }
    if (!form.check(found)) return;
    void form.run(
      () => api(path, { method: 'POST', json: { side, text: oneLine(text), displayName: needsName ? name.trim() : undefined } }),
      () => {
        setText('');
        setSide(null);
        onPosted();
      },
      (refusal) => fieldOfRefusal(refusal.code, refusal.args),
    );
  };

  return (
    <form ref={form.ref} onSubmit={submit} noValidate className="stack arguments__form" aria-labelledby="argument-form-title">
      <Heading level={3} id="argument-form-title">{t('proposalArguments.form.title')}</Heading>
      {needsName ? (
        <FormField label={t('proposalArguments.form.nameLabel')} description={t('proposalArguments.form.nameDescription', { min: limits.nameMin, max: limits.nameMax })} error={form.errors.displayName}>
          {({ id, describedBy, invalid }) => (
            <TextInput id={id} data-field="displayName" autoComplete="off" aria-describedby={describedBy} invalid={invalid} value={name}
              onChange={(e) => { setName(e.target.value); form.clearErrors(); }} />
          )}
        </FormField>
      ) : (
        <Paragraph>{t('proposalArguments.form.postingAs', { name: displayName })}</Paragraph>
      )}
      <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset arguments__sides" aria-describedby={form.errors.side ? 'argument-side-error' : undefined}>
        <legend className="utrecht-form-fieldset__legend">{t('proposalArguments.form.sideLabel')}</legend>
        {form.errors.side && <p id="argument-side-error" className="utrecht-form-field-error-message">{form.errors.side}</p>}
        <div className="arguments__side-options">
          {(['for', 'against'] as const).map((option, index) => (
            <label key={option} className="utrecht-form-label utrecht-form-label--radio">
              <input type="radio" className="utrecht-radio-button utrecht-radio-button--html-input" name="argument-side" value={option}
                data-field={index === 0 ? 'side' : undefined} checked={side === option} onChange={() => { setSide(option); form.clearErrors(); }} />
              {t(`proposalArguments.form.side.${option}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FormField label={t('proposalArguments.form.textLabel')} description={t('proposalArguments.form.textDescription', { min: limits.textMin, max: limits.textMax })} error={form.errors.text}>
        {({ id, describedBy, invalid }) => (
          <TextArea id={id} data-field="text" rows={4} aria-describedby={describedBy} invalid={invalid} value={text}
            onChange={(e) => { setText(e.target.value); form.clearErrors(); }} />
        )}
      </FormField>
      <Paragraph className="arguments__count" aria-live="polite">{t('proposalArguments.form.count', { count: oneLine(text).length, max: limits.textMax })}</Paragraph>
      <Refusal refusal={form.refusal} title={t('proposalArguments.form.refused')} />
      <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('proposalArguments.form.submit')}</Button></div>
    </form>
  );
}
