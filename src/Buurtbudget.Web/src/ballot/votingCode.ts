// Voting codes from a letter: 16 symbols from the API's alphabet (digits 2–9, letters without I, L, O and U),
// printed as KX7F-9QPM-3TRW-H4NC. Case, spaces and dashes do not matter (VotingCode.TryNormalize in the domain).

export const votingCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const votingCodeLength = 16;

export type VotingCodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: 'empty' | 'length' | 'symbols'; length: number; invalid: string[] };

/** Checks what a resident typed; gives the code grouped in fours when it can be one. */
export function checkVotingCode(typed: string): VotingCodeCheck {
  const compact = typed.replace(/[\s\-–]+/g, '').toUpperCase();
  const invalid = [...new Set([...compact].filter((symbol) => !votingCodeAlphabet.includes(symbol)))];
  if (compact.length === 0) return { ok: false, reason: 'empty', length: 0, invalid };
  if (invalid.length > 0) return { ok: false, reason: 'symbols', length: compact.length, invalid };
  if (compact.length !== votingCodeLength) return { ok: false, reason: 'length', length: compact.length, invalid };
  return { ok: true, code: compact.match(/.{4}/g)!.join('-') };
}

/** A receipt as the bulletin board knows it: 16 Crockford base32 digits in groups of four; case and dashes do not
 * matter. Null when it cannot be one. */
export function normalizeReceipt(typed: string): string | null {
  const compact = typed.replace(/[\s\-–]+/g, '').toUpperCase();
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(compact) ? compact.match(/.{4}/g)!.join('-') : null;
}
