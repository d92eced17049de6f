import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../api/client';
import type { Round, Tally, VoterRegister } from '../../api/types';
import { useApi } from '../../api/useApi';
import { Alert, Button, DataList, Heading, Paragraph } from '../../ui';
import { toApiError } from '../../downloads/download';
import { formatDateTime, formatNumber, formatPercent } from '../../api/format';
import { TallyView } from '../../results/TallyView';
import { usePolling } from './usePolling';

const REFRESH_MS = 10_000;

/** The live tally while voting: fetched again every 10 seconds while the tab is visible (paused when hidden, and on
 * request). Only a change in turnout is announced, politely; focus is never moved. */
export function LiveTally({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const [tally, setTally] = useState<Tally | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [paused, setPaused] = useState(false);
  const inFlight = useRef(false);
  const register = useApi<VoterRegister>(`/rounds/${round.id}/voter-register`);
  const registered = register.data?.required && register.data.count > 0 ? register.data.count : null;

  const load = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    api<Tally>(`/rounds/${round.id}/tally`).then(
      (result) => {
        inFlight.current = false;
        setTally(result);
        setError(null);
        setUpdatedAt(new Date());
      },
      (failure: unknown) => {
        inFlight.current = false;
        setError(toApiError(failure));
      },
    );
  }, [round.id]);

  useEffect(load, [load]);
  usePolling(load, REFRESH_MS, !paused);

  return (
    <section className="section" aria-labelledby="tally-heading">
      <Heading level={2} id="tally-heading">{t('coordinator.tally.title')}</Heading>
      <Paragraph>{t('coordinator.tally.intro')}</Paragraph>
      {/* Polite and atomic: the sentence is read once when the turnout changes; the refresh time is not in it. */}
      <div aria-live="polite" aria-atomic="true">
        {tally && <Paragraph lead>{t('coordinator.tally.turnoutLive', { count: tally.turnout, formatted: formatNumber(tally.turnout, i18n.language) })}</Paragraph>}
      </div>
      <Paragraph>
        {updatedAt && t('coordinator.tally.updated', { time: formatDateTime(updatedAt, i18n.language, 'second') })}{' '}
        {paused ? t('coordinator.tally.pausedNote') : t('coordinator.tally.autoNote')}
      </Paragraph>
      <Button kind="secondary" onClick={() => { setPaused((p) => !p); if (paused) load(); }}>
        {paused ? t('coordinator.tally.resume') : t('coordinator.tally.pause')}
      </Button>
      {error && <Alert type="error" title={error.title}>{error.detail}</Alert>}
      {tally && (
        <>
          <DataList
            items={[
              { key: 'turnout', term: t('home.turnout'), value: formatNumber(tally.turnout, i18n.language) },
              { key: 'blank', term: t('coordinator.tally.blank'), value: formatNumber(tally.blankBallots, i18n.language) },
              ...(registered !== null
                ? [{ key: 'share', term: t('coordinator.tally.ofRegister'), value: t('coordinator.tally.ofRegisterValue', { share: formatPercent(tally.turnout, registered, i18n.language), registered: formatNumber(registered, i18n.language) }) }]
                : []),
            ]}
          />
          <TallyView round={round} tally={tally} />
        </>
      )}
    </section>
  );
}
