/** Euro amounts as coordinators type them, to whole eurocents, exactly: no floating point on the way. Accepts
 * "12500", "12.500", "12.500,50", "12500,5", "12,500.50", "12500.50" and a leading "€". A separator followed by one or
 * two digits at the end is the decimal separator; any other separator must group thousands. Returns null for
 * anything else (negative amounts, letters, three decimals). */
export function parseEuroToCents(input: string): number | null {
  const text = input.replace(/[\s\u00a0€]/g, '');
  if (text === '') return null;
  const match = /^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, whole = '', decimalSeparator, fraction = ''] = match;
  // "12.500" or "1,250": a lone separator before three digits groups thousands. Mixed grouping ("1.250,500") fails
  // the pattern above; a grouping separator equal to the decimal one ("1.250.5") is refused here.
  if (decimalSeparator && whole.includes(decimalSeparator)) return null;
  const groups = whole.match(/[.,]/g) ?? [];
  if (groups.length > 0 && new Set(groups).size > 1) return null;
  const euros = whole.replace(/[.,]/g, '');
  const cents = BigInt(euros) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return cents > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(cents);
}

/** Cents as an input value in the user's language, without grouping or currency: "12500,00" or "12500.00". */
export function centsToEuroInput(cents: number, language: string): string {
  const euros = Math.trunc(cents / 100);
  const rest = String(Math.abs(cents % 100)).padStart(2, '0');
  return `${euros}${language === 'en' ? '.' : ','}${rest}`;
}
