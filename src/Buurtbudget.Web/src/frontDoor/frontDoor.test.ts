// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { wijkenOf } from '../wijken/wijken';
import { missingOf } from './NotFound';
import { routeTitleKey } from './pageTitle';
import { applyTokens, documentTitle } from './theme';

describe('the gemeente’s theme', () => {
  it('sets basis tokens as custom properties over the example theme, skips any other name, and takes them away again', () => {
    const root = document.createElement('div');
    const remove = applyTokens(root, { 'basis-color-accent-1-inverse-bg-default': '#00689e', 'utrecht-button-background-color': 'red', '--basis-x': 'blue' });

    expect(root.style.getPropertyValue('--basis-color-accent-1-inverse-bg-default')).toBe('#00689e');
    expect(root.style.getPropertyValue('--utrecht-button-background-color')).toBe('');
    expect(root.getAttribute('style')).not.toContain('red');

    remove();
    expect(root.getAttribute('style') ?? '').toBe('');
  });
});

describe('document titles', () => {
  it('name the page first, then Buurtbudget and the gemeente', () => {
    expect(documentTitle('Stemmen', 'Buurtbudget', { name: 'Rotterdam' })).toBe('Stemmen - Buurtbudget Rotterdam');
    expect(documentTitle('Stemmen', 'Buurtbudget', { name: null })).toBe('Stemmen - Buurtbudget');
    expect(documentTitle(null, 'Buurtbudget', null)).toBe('Buurtbudget');
  });

  it('come from the most specific route, and a path no route knows is "not found"', () => {
    expect(routeTitleKey('/')).toBe('home');
    expect(routeTitleKey('/rondes/abc')).toBe('round');
    expect(routeTitleKey('/rondes/abc/voorstellen/nieuw')).toBe('proposalNew');
    expect(routeTitleKey('/rondes/abc/voorstellen/3')).toBe('proposal');
    expect(routeTitleKey('/rondes/abc/voorstellen/3/bewerken')).toBe('proposalEdit');
    expect(routeTitleKey('/beheer/rondes/nieuw')).toBe('newRound');
    expect(routeTitleKey('/beheer/rondes/019a')).toBe('manageRound');
    expect(routeTitleKey('/toegankelijkheid')).toBe('accessibility');
    expect(routeTitleKey('/bestaat/niet')).toBeNull();
  });
});

describe('not found', () => {
  it('tells a missing round or proposal from any other 404, and from errors that are no 404', () => {
    expect(missingOf({ status: 404, code: 'invalid-round-id' })).toBe('round');
    expect(missingOf({ status: 404, code: 'round-not-found' })).toBe('round');
    expect(missingOf({ status: 404, code: 'invalid-proposal-id' })).toBe('proposal');
    expect(missingOf({ status: 404, code: 'no-such-address' })).toBe('page');
    expect(missingOf({ status: 403, code: 'not-your-district' })).toBeNull();
    expect(missingOf(null)).toBeNull();
  });
});

describe('the wijken to create a round in', () => {
  it('lists each wijk that had a round once, by gemeente and then name', () => {
    const district = (code: string, name: string, municipalityName: string) => ({ district: { code, name, municipalityName, municipalityCode: '' } });
    const wijken = wijkenOf([district('WK059905', 'Noord', 'Rotterdam'), district('WK036300', 'Centrum', 'Amsterdam'), district('WK059905', 'Noord', 'Rotterdam'), district('WK059903', 'Delfshaven', 'Rotterdam')]);

    expect(wijken.map((w) => w.code)).toEqual(['WK036300', 'WK059903', 'WK059905']);
  });
});
