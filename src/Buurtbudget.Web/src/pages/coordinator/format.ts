/** Counts as the user reads them: "12.345" in Dutch, "12,345" in English. */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nl-NL').format(value);
}

/** A share as a percentage with one decimal at most. */
export function formatPercent(part: number, whole: number, language: string): string {
  const share = whole > 0 ? part / whole : 0;
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nl-NL', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A moment with its time, for events and refreshes (formatDate gives the day only). */
export function formatDateTime(iso: string | Date, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'medium' }).format(typeof iso === 'string' ? new Date(iso) : iso);
}
