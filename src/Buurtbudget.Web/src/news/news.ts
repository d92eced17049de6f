/** The checks the form makes before it sends: the API decides in the end (news-address-invalid). */
export function checkEmail(typed: string): 'required' | 'invalid' | null {
  const address = typed.trim();
  if (address === '') return 'required';
  const at = address.indexOf('@');
  if (/\s/.test(address) || at < 1 || at !== address.lastIndexOf('@') || !address.slice(at + 1).includes('.') || address.length > 254) return 'invalid';
  return null;
}

/** The token of a link in a news message (…?token=…); null when the link lost it. */
export function tokenOf(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}
