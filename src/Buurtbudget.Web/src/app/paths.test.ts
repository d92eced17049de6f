import { describe, expect, it } from 'vitest';
import { matchPath } from 'react-router';
import { fromEnglishPath, paths, patterns } from './paths';

describe('page addresses', () => {
  it('are Dutch, and every link a builder makes is matched by its own route', () => {
    const round = '019a3c5e-7d2b-7c1e-9f3a-2b4c6d8e0f12';
    const built: [string, string][] = [
      [paths.round(round), patterns.round],
      [paths.proposalNew(round), patterns.proposalNew],
      [paths.proposal(round, 3), patterns.proposal],
      [paths.proposalEdit(round, 3), patterns.proposalEdit],
      [paths.ballot(round), patterns.ballot],
      [paths.results(round), patterns.results],
      [paths.roundCode(round), patterns.roundCode],
      [paths.manageRound(round), patterns.manageRound],
      [paths.auditRound(round), patterns.auditRound],
      [paths.wijkBudget('WK059903'), patterns.wijkBudget],
    ];
    for (const [path, pattern] of built) {
      expect(matchPath({ path: pattern, end: true }, path), `${path} opens ${pattern}`).not.toBeNull();
    }
    expect(paths.proposalEdit(round, 3)).toBe(`/rondes/${round}/voorstellen/3/bewerken`);
    expect(paths.ballot(round)).toBe(`/rondes/${round}/stembiljet`);
    expect(paths.results(round)).toBe(`/rondes/${round}/uitslag`);
  });

  it('of earlier versions in English lead to the same pages', () => {
    expect(fromEnglishPath('/rounds/abc')).toBe('/rondes/abc');
    expect(fromEnglishPath('/rounds/abc/proposals/new')).toBe('/rondes/abc/voorstellen/nieuw');
    expect(fromEnglishPath('/rounds/abc/proposals/3')).toBe('/rondes/abc/voorstellen/3');
    expect(fromEnglishPath('/rounds/abc/proposals/3/edit')).toBe('/rondes/abc/voorstellen/3/bewerken');
    expect(fromEnglishPath('/rounds/abc/ballot')).toBe('/rondes/abc/stembiljet');
    expect(fromEnglishPath('/rounds/abc/results')).toBe('/rondes/abc/uitslag');
    expect(fromEnglishPath('/rounds/abc/stemcode')).toBe('/rondes/abc/stemcode');
  });

  it('keep a round id or proposal number that happens to be an English word', () => {
    expect(fromEnglishPath('/rounds/results/proposals/edit')).toBe('/rondes/results/voorstellen/edit');
  });

  it('other than a round\'s are not taken for English ones', () => {
    expect(fromEnglishPath('/rounds')).toBeNull();
    expect(fromEnglishPath('/rounds/')).toBeNull();
    expect(fromEnglishPath('/beheer/rondes/abc')).toBeNull();
    expect(fromEnglishPath('/roundsabc')).toBeNull();
  });
});
