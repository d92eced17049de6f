import { beforeEach, describe, expect, it } from 'vitest';
import { draftKey, forgetAllDrafts, keepDraft, leavesPage, readDraft } from './draft';

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

describe('leaving the ballot by a link', () => {
  const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
  const link = (href: string, target = '', hasDownload = false) => ({ href, target, hasDownload });
  const here = { origin: 'https://buurtbudget.example', pathname: '/rounds/r1/ballot', search: '' };

  it('warns for a plain click to another page of the app', () => {
    expect(leavesPage(click, link('https://buurtbudget.example/rounds/r1'), here)).toBe(true);
    expect(leavesPage(click, link('/'), here)).toBe(true);
  });

  it('does not warn where the page stays: the same address, a new tab, a modifier key, a download, another site', () => {
    expect(leavesPage(click, link('/rounds/r1/ballot'), here)).toBe(false);
    expect(leavesPage(click, link('/rounds/r1/ballot#main'), here)).toBe(false);
    expect(leavesPage(click, link('/rounds/r1', '_blank'), here)).toBe(false);
    expect(leavesPage({ ...click, ctrlKey: true }, link('/rounds/r1'), here)).toBe(false);
    expect(leavesPage({ ...click, button: 1 }, link('/rounds/r1'), here)).toBe(false);
    expect(leavesPage(click, link('/api/rounds/r1/export', '', true), here)).toBe(false);
    expect(leavesPage(click, link('https://www.rotterdam.nl/'), here)).toBe(false);
    expect(leavesPage({ ...click, defaultPrevented: true }, link('/rounds/r1'), here)).toBe(false);
  });
});
