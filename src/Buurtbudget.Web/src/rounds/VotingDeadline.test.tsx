import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { VotingDeadline } from './VotingDeadline';

const now = new Date('2026-12-05T12:00:00Z');

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(now);
  await i18n.changeLanguage('nl');
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('VotingDeadline', () => {
  it('names the closing moment in Dutch time in a time element, with the days left', () => {
    const { container } = render(<VotingDeadline window={{ phase: 'voting', votingCloses: '2026-12-08T16:00:00Z' }} />);

    expect(container.textContent).toBe('Stemmen kan tot dinsdag 8 december 2026 om 17:00 (nog 3 dagen).');
    expect(container.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-08T16:00:00Z');
  });

  it('counts down without a reload', () => {
    const { container } = render(<VotingDeadline window={{ phase: 'voting', votingCloses: '2026-12-05T12:02:30Z' }} />);
    expect(container.textContent).toContain('(nog 2 minuten)');

    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(container.textContent).toContain('(nog 1 minuut)');

    act(() => {
      vi.advanceTimersByTime(90_000);
    });
    expect(container.textContent).toBe('De stemtijd is voorbij. Stemmen kon tot zaterdag 5 december 2026 om 13:02.');
  });

  it('says the coordinator closes the vote when no closing moment is set', () => {
    const { container } = render(<VotingDeadline window={{ phase: 'voting', votingCloses: null }} />);
    expect(container.textContent).toBe('Er is geen vaste einddatum voor het stemmen. De wijkcoördinator sluit de stemming.');
  });

  it('says until when one could vote once voting closed, and nothing before voting without a calendar', () => {
    const closed = render(<VotingDeadline window={{ phase: 'tallied', votingCloses: '2026-12-01T16:00:00Z', votingClosedAt: '2026-12-01T16:00:05Z' }} />);
    expect(closed.container.textContent).toBe('Stemmen kon tot dinsdag 1 december 2026 om 17:00. De stemming is gesloten.');
    const before = render(<VotingDeadline window={{ phase: 'submission' }} />);
    expect(before.container.textContent).toBe('');
  });

  it('speaks English with the English locale', async () => {
    await i18n.changeLanguage('en');
    const { container } = render(<VotingDeadline window={{ phase: 'voting', votingCloses: '2026-12-05T17:30:00Z' }} />);
    expect(container.textContent).toBe('You can vote until Saturday, 5 December 2026 at 18:30 (5 hours left).');
  });
});
