import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Phase, Round } from '../api/types';
import { Paragraph } from '../ui';
import { formatClosingMoment, timeLeft } from './deadline';

/** What a page knows about a round's voting window: a round (its calendar and when voting closed) or a round summary
 * (its closing moment only). */
export interface VotingWindow {
  phase: Phase;
  votingOpens?: string | null;
  votingCloses?: string | null;
  votingClosedAt?: string | null;
}

/** The current time, again every <paramref name="everyMs">, so that the time left counts down without a reload. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A round's voting window from its calendar and when voting closed. */
export function votingWindowOf(round: Round): VotingWindow {
  return { phase: round.phase, votingOpens: round.calendar?.votingOpens, votingCloses: round.calendar?.votingCloses, votingClosedAt: round.votingClosedAt };
}

const before: Phase[] = ['draft', 'submission', 'review'];

/** Until when residents can vote, in Dutch time, with the time left ("Stemmen kan tot vrijdag 11 december 2026 om 17:00
 * (nog 3 dagen)"); while voting without a closing moment, that the coordinator closes it; once closed or passed, until
 * when it could. Nothing for a round before voting without a calendar. */
export function VotingDeadline({ window: round, className }: { window: VotingWindow; className?: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const language = i18n.language;
  const closes = round.votingCloses ?? null;
  const time = (iso: string) => <time dateTime={iso} />;
  const classes = ['voting-deadline', className].filter(Boolean).join(' ');

  if (before.includes(round.phase)) {
    if (!closes) return null;
    return (
      <Paragraph className={classes}>
        {round.votingOpens ? (
          <Trans
            i18nKey="publicPages.deadline.upcoming"
            values={{ opens: formatClosingMoment(round.votingOpens, language), closes: formatClosingMoment(closes, language) }}
            components={{ opens: time(round.votingOpens), closes: time(closes) }}
          />
        ) : (
          <Trans i18nKey="publicPages.deadline.upcomingUntil" values={{ closes: formatClosingMoment(closes, language) }} components={{ closes: time(closes) }} />
        )}
      </Paragraph>
    );
  }

  if (round.phase === 'voting') {
    if (!closes) return <Paragraph className={classes}>{t('publicPages.deadline.noMoment')}</Paragraph>;
    const left = timeLeft(new Date(closes), now);
    if (left.unit === 'passed') {
      return (
        <Paragraph className={classes}>
          <Trans i18nKey="publicPages.deadline.passed" values={{ moment: formatClosingMoment(closes, language) }} components={{ time: time(closes) }} />
        </Paragraph>
      );
    }
    const leftText = left.unit === 'lessThanMinute' ? t('publicPages.deadline.left.lessThanMinute') : t(`publicPages.deadline.left.${left.unit}`, { count: left.count });
    return (
      <Paragraph className={classes}>
        <Trans i18nKey="publicPages.deadline.open" values={{ moment: formatClosingMoment(closes, language), left: leftText }} components={{ time: time(closes) }} />
      </Paragraph>
    );
  }

  // Tallied, spending, closed: when it closed (by hand or by the calendar).
  const closedAt = round.votingClosedAt ?? closes;
  if (!closedAt) return null;
  return (
    <Paragraph className={classes}>
      <Trans i18nKey="publicPages.deadline.closed" values={{ moment: formatClosingMoment(closedAt, language) }} components={{ time: time(closedAt) }} />
    </Paragraph>
  );
}
