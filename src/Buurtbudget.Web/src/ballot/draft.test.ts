// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { draftKey, forgetAllDrafts, keepDraft, leavesBallot, readDraft } from './draft';

const onBallot = new Set([1, 2, 3]);

describe('unsent ballot choices', () => {
  beforeEach(() => sessionStorage.clear());

  it('come back after a reload for the same round and saved ballot', () => {
    keepDraft(sessionStorage, 'r1', { basedOn: 0, choices: [{ proposalId: 1, points: 1 }, { proposalId: 3, points: 1 }] });
    expect(readDraft(sessionStorage, 'r1', 0, onBallot)).toEqual([{ proposalId: 1, points: 1 }, { proposalId: 3, points: 1 }]);
    expect(readDraft(sessionStorage, 'r2', 0, onBallot)).toBeNull();
  });

  it('keep only proposal numbers and points, nothing else that was handed in', () => {
    const sneaky = { proposalId: 2, points: 3, receipt: 'ABCD-EFGH-JKMN-PQRS', subject: 'bewoner' };
    keepDraft(sessionStorage, 'r1', { basedOn: 1, choices: [sneaky] });
    expect(JSON.parse(sessionStorage.getItem(draftKey('r1'))!)).toEqual({ basedOn: 1, choices: [{ proposalId: 2, points: 3 }] });
  });

  it('are dropped when a newer ballot was saved since, or when they are damaged', () => {
    keepDraft(sessionStorage, 'r1', { basedOn: 1, choices: [{ proposalId: 1, points: 1 }] });
    expect(readDraft(sessionStorage, 'r1', 2, onBallot)).toBeNull();
    expect(sessionStorage.getItem(draftKey('r1'))).toBeNull();
    sessionStorage.setItem(draftKey('r1'), '{not json');
    expect(readDraft(sessionStorage, 'r1', 0, onBallot)).toBeNull();
    sessionStorage.setItem(draftKey('r1'), JSON.stringify({ basedOn: 0, choices: [{ proposalId: 'x', points: 1 }] }));
    expect(readDraft(sessionStorage, 'r1', 0, onBallot)).toBeNull();
  });

  it('leave out proposals that are no longer on the ballot', () => {
    keepDraft(sessionStorage, 'r1', { basedOn: 0, choices: [{ proposalId: 1, points: 1 }, { proposalId: 9, points: 1 }] });
    expect(readDraft(sessionStorage, 'r1', 0, onBallot)).toEqual([{ proposalId: 1, points: 1 }]);
  });

  it('are all forgotten at sign-out, and nothing else in the tab is', () => {
    keepDraft(sessionStorage, 'r1', { basedOn: 0, choices: [{ proposalId: 1, points: 1 }] });
    keepDraft(sessionStorage, 'r2', { basedOn: 3, choices: [{ proposalId: 2, points: 1 }] });
    sessionStorage.setItem('buurtbudget.language', 'nl');
    forgetAllDrafts(sessionStorage);
    expect(readDraft(sessionStorage, 'r1', 0, onBallot)).toBeNull();
    expect(readDraft(sessionStorage, 'r2', 3, onBallot)).toBeNull();
    expect(sessionStorage.getItem('buurtbudget.language')).toBe('nl');
  });

  it('are forgotten once there is nothing unsent', () => {
    keepDraft(sessionStorage, 'r1', { basedOn: 0, choices: [{ proposalId: 1, points: 1 }] });
    keepDraft(sessionStorage, 'r1', null);
    expect(sessionStorage.getItem(draftKey('r1'))).toBeNull();
  });
});

describe('leaving the ballot', () => {
  const here = { pathname: '/rondes/r1/stembiljet', search: '' };

  it('is another page or another query of the app', () => {
    expect(leavesBallot(here, { pathname: '/rondes/r1', search: '' })).toBe(true);
    expect(leavesBallot(here, { pathname: '/', search: '' })).toBe(true);
    expect(leavesBallot(here, { pathname: '/rondes/r1/stembiljet', search: '?taal=en' })).toBe(true);
  });

  it('is not a jump within the page', () => {
    expect(leavesBallot(here, { pathname: '/rondes/r1/stembiljet', search: '' })).toBe(false);
  });
});
