import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../api/client';
import { formatDateTime } from '../../api/format';
import type { Phase, Round } from '../../api/types';
import { Alert, Button, ButtonGroup, ConfirmDialog, Heading, Paragraph, StatusMessage } from '../../ui';
import { toApiError } from '../../downloads/download';

/** The round's next phase(s), each behind a confirmation that says what the move means and that it cannot be undone. */
export function PhaseControl({ round, onMoved }: { round: Round; onMoved: (round: Round) => void }) {
  const { t, i18n } = useTranslation();
  const [target, setTarget] = useState<Phase | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Phase | null>(null);
  // The dialog keeps its last title while it closes, so that it never holds an empty heading.
  const [shown, setShown] = useState<Phase | null>(null);
  const open = (phase: Phase) => {
    setError(null);
    setDone(null);
    setShown(phase);
    setTarget(phase);
  };

  const confirm = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const moved = await api<Round>(`/rounds/${round.id}/phase`, { method: 'POST', json: { to: target } });
      setBusy(false);
      setTarget(null);
      setDone(moved.phase);
      onMoved(moved);
    } catch (failure) {
      setBusy(false);
      setError(toApiError(failure));
    }
  };

  return (
    <section className="section" aria-labelledby="phase-heading">
      <Heading level={2} id="phase-heading" tabIndex={-1}>{t('coordinator.phase.title')}</Heading>
      <Paragraph>{t('coordinator.phase.current', { phase: t(`phases.${round.phase}`) })}</Paragraph>
      <StatusMessage>{done && t('coordinator.phase.moved', { phase: t(`phases.${done}`) })}</StatusMessage>
      {round.nextPhases.length === 0 ? (
        <Paragraph>{t('coordinator.phase.last')}</Paragraph>
      ) : (
        <ButtonGroup>
          {round.nextPhases.map((phase) => (
            <Button key={phase} kind="primary" onClick={() => open(phase)}>
              {t(`coordinator.phase.move.${phase}`)}
            </Button>
          ))}
        </ButtonGroup>
      )}
      <ConfirmDialog
        open={target !== null}
        title={shown ? t(`coordinator.phase.move.${shown}`) : t('coordinator.phase.title')}
        confirmLabel={shown ? t('coordinator.phase.confirm', { phase: t(`phases.${shown}`) }) : ''}
        fallbackFocusId="phase-heading"
        cancelLabel={t('coordinator.common.cancel')}
        busy={busy}
        error={error && <Alert type="error" title={t('coordinator.phase.refused')}>{error.detail || error.title}</Alert>}
        onConfirm={() => void confirm()}
        onCancel={() => { setTarget(null); setError(null); }}
      >
        {shown && (
          <>
            <Paragraph>{t(`coordinator.phase.explain.${shown}`)}</Paragraph>
            {shown === 'voting' && (round.calendar?.votingCloses ? (
              <Paragraph>{t('coordinator.phase.closesAt', { closes: formatDateTime(round.calendar.votingCloses, i18n.language) })}</Paragraph>
            ) : (
              <Alert type="warning" title={t('coordinator.phase.noClosingTitle')}>{t('coordinator.phase.noClosing')}</Alert>
            ))}
            <Paragraph><strong>{t('coordinator.phase.irreversible')}</strong></Paragraph>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
