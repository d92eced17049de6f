import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { RoundIntegrityBadge, RoundIntegrityWarning } from './RoundIntegrityWarning';

beforeEach(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(cleanup);

describe('RoundIntegrityWarning', () => {
  it('tells residents in plain Dutch that a broken round is blocked and its figures may be wrong', () => {
    render(<RoundIntegrityWarning round={{ integrity: 'broken', brokenAtSequence: 12 }} />);

    const warning = screen.getByRole('status');
    expect(warning.textContent).toContain('Let op: deze ronde is geblokkeerd');
    expect(warning.textContent).toContain('kloppen de cijfers op deze pagina misschien niet');
    expect(warning.textContent).toContain('ook niet stemmen');
    expect(warning.textContent).toContain('vanaf gebeurtenis 12');
  });

  it('speaks English when the reader chose English', async () => {
    await i18n.changeLanguage('en');
    render(<RoundIntegrityWarning round={{ integrity: 'broken', brokenAtSequence: 3 }} />);

    const warning = screen.getByRole('status');
    expect(warning.textContent).toContain('Warning: this round is blocked');
    expect(warning.textContent).toContain('from event 3 on');
  });

  it('shows nothing for an intact round or one still loading', () => {
    const { container, rerender } = render(<RoundIntegrityWarning round={{ integrity: 'intact', brokenAtSequence: null }} />);
    expect(container.textContent).toBe('');

    rerender(<RoundIntegrityWarning round={undefined} />);
    expect(container.textContent).toBe('');
  });

  it('marks a broken round in a list of rounds, and only a broken one', () => {
    const { container, rerender } = render(<RoundIntegrityBadge round={{ integrity: 'broken' }} />);
    expect(container.textContent?.trim()).toBe('Geblokkeerd');

    rerender(<RoundIntegrityBadge round={{ integrity: 'intact' }} />);
    expect(container.textContent).toBe('');
  });
});
