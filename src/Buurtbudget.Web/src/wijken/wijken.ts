import type { District, RoundSummary } from '../api/types';

export type Wijk = Pick<District, 'code' | 'name' | 'municipalityName'>;

/** The wijken that have had a round, once each, by gemeente and name: the platform keeps no other list of wijken, and
 * a wijk's first round is made with "another wijk" and its CBS code. */
export function wijkenOf(rounds: readonly Pick<RoundSummary, 'district'>[]): Wijk[] {
  const byCode = new Map<string, Wijk>();
  for (const { district } of rounds) {
    if (!byCode.has(district.code)) byCode.set(district.code, { code: district.code, name: district.name, municipalityName: district.municipalityName });
  }
  return [...byCode.values()].sort((a, b) => a.municipalityName.localeCompare(b.municipalityName, 'nl') || a.name.localeCompare(b.name, 'nl'));
}

/** A CBS wijk code as typed (spaces, lower case) in its canonical form, or null when it is not one: WK and six digits. */
export function wijkCodeOf(input: string): string | null {
  const code = input.replace(/\s/g, '').toUpperCase();
  return /^WK\d{6}$/.test(code) ? code : null;
}
