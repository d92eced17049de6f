// How numbers, money and moments read in the user's language: Dutch notation, or English with the switch.

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'nl-NL');

/** Whole eurocents as residents read them: "€ 12.500,00" in Dutch, "€12,500.00" in English. */
export function formatMoney(cents: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Counts as the user reads them: "12.345" in Dutch, "12,345" in English. */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(value);
}

/** A share as a percentage with one decimal at most. */
export function formatPercent(part: number, whole: number, language: string): string {
  const share = whole > 0 ? part / whole : 0;
  return new Intl.NumberFormat(locale(language), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'long' }).format(new Date(iso));
}

/** A day with its time: to the minute for residents ("1 december 2026 om 20:15"), to the second where order matters
 * (events in the log, a tally's refresh). */
export function formatDateTime(moment: string | Date, language: string, precision: 'minute' | 'second' = 'minute'): string {
  const options: Intl.DateTimeFormatOptions =
    precision === 'second' ? { dateStyle: 'medium', timeStyle: 'medium' } : { dateStyle: 'long', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale(language), options).format(typeof moment === 'string' ? new Date(moment) : moment);
}
