/** What a typed paper ballot holds, as `parseMarks` reads it. */
export interface ParsedMarks {
  /** The choices in number order, each with its points (always 1 in a round without points). */
  choices: { proposalId: number; points: number }[];
  /** Numbers that are not on the ballot, as typed. */
  unknown: string[];
  /** Points typed in a round without points, or points that are not a whole number of at least 1, as typed. */
  badPoints: string[];
  /** Every mark that was not taken (an unknown number or bad points), as typed with its points: kept in the field
   * when a box changes, so that it is still refused on Enter rather than silently dropped. */
  untaken: string[];
}

const MARK = /^(\d+)(?:[:x×=*](\d*))?$/i;

/** Typing a paper ballot quickly: the proposals marked on the paper as their numbers ("1 3", "1,3" or "1 en 3"),
 * kept in step with the boxes under the field. In a round with points, a number may carry the points written beside
 * it ("1:4 3:2", also "1x4" or "1=4"); a number without points is one point, and a number typed twice adds up. Only
 * proposals on the ballot are taken; everything else is reported, so that a typo never silently drops or adds a
 * choice or a point. */
export function parseMarks(text: string, onBallot: ReadonlySet<number>, withPoints: boolean): ParsedMarks {
  const points = new Map<number, number>();
  const unknown: string[] = [];
  const badPoints: string[] = [];
  const untaken: string[] = [];
  // "3 : 2" and "3 x 2" are one mark: the separator and the points stick to the number before them.
  const tokens = text.replace(/\s*([:x×=*])\s*/gi, '$1').split(/[^0-9:x×=*]+/i).filter(Boolean);
  for (const token of tokens) {
    const match = MARK.exec(token);
    if (!match) {
      badPoints.push(token);
      untaken.push(token);
      continue;
    }
    // The pattern's first group always takes part in a match; the second only when points were typed.
    const number = match[1] ?? '';
    const given = match[2];
    const id = Number(number);
    if (!onBallot.has(id)) {
      unknown.push(number);
      untaken.push(token);
      continue;
    }
    if (given !== undefined && (!withPoints || !/^[1-9]\d*$/.test(given))) {
      badPoints.push(token);
      untaken.push(token);
      continue;
    }
    const value = given === undefined ? 1 : Number(given);
    points.set(id, withPoints ? (points.get(id) ?? 0) + value : 1);
  }
  const choices = [...points].sort(([a], [b]) => a - b).map(([proposalId, p]) => ({ proposalId, points: p }));
  return { choices, unknown, badPoints, untaken };
}

/** The marks as the field shows them after a box changed: "1 3", or with points "1:4 3", followed by the marks that
 * were not taken (`ParsedMarks.untaken`), as they were typed. */
export function formatMarks(choices: Iterable<{ proposalId: number; points: number }>, untaken: readonly string[] = []): string {
  return [...choices]
    .filter((c) => c.points > 0)
    .sort((a, b) => a.proposalId - b.proposalId)
    .map((c) => (c.points === 1 ? String(c.proposalId) : `${c.proposalId}:${c.points}`))
    .concat(untaken)
    .join(' ');
}

/** Whether a typed code can be a voting code at all (16 symbols of the code alphabet; case, spaces and dashes do not
 * matter), so that an obvious slip is caught at the field before anything is sent. Whether the round issued it, the
 * API decides. */
export function looksLikeCode(text: string): boolean {
  return /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{16}$/.test(text.replace(/[\s\-\u2010-\u2013]/g, '').toUpperCase());
}
