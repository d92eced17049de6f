/** Whole eurocents as residents read them: "€ 12.500,00" in Dutch, "€12,500.00" in English. */
export function formatMoney(cents: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long' }).format(new Date(iso));
}
