/** Typing a paper ballot quickly: the proposals marked on the paper as their numbers ("1 3", "1,3" or "1 en 3"),
 * kept in step with the checkboxes. Only numbers of proposals on the ballot are taken; the rest is reported, so that
 * a typo never silently drops or adds a choice. */
export function parseNumbers(text: string, onBallot: ReadonlySet<number>): { numbers: number[]; unknown: string[] } {
  const numbers: number[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[^0-9]+/).filter(Boolean)) {
    const n = Number(part);
    if (onBallot.has(n)) {
      if (!numbers.includes(n)) numbers.push(n);
    } else {
      unknown.push(part);
    }
  }
  return { numbers: numbers.sort((a, b) => a - b), unknown };
}

/** The numbers as the field shows them after a checkbox changed. */
export function formatNumbers(numbers: Iterable<number>): string {
  return [...numbers].sort((a, b) => a - b).join(' ');
}

/** Whether a typed code can be a voting code at all (16 symbols of the code alphabet; case, spaces and dashes do not
 * matter), so that an obvious slip is caught at the field before anything is sent. Whether the round issued it, the
 * API decides. */
export function looksLikeCode(text: string): boolean {
  return /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{16}$/.test(text.replace(/[\s\-\u2010-\u2013]/g, '').toUpperCase());
}
