/** Every page's address, in Dutch, the product's first language. The route table (`patterns`) and the links
 * (`paths`) both come from here, so that a page moves in one place. Addresses of the API (`/api/...`) are not pages
 * and are not here. The English addresses of earlier versions still lead to the same pages (`fromEnglishPath`):
 * they are printed on voting-code letters already sent and shared in the buurt's groups. */
export const patterns = {
  home: '/',
  round: '/rondes/:roundId',
  proposalNew: '/rondes/:roundId/voorstellen/nieuw',
  proposal: '/rondes/:roundId/voorstellen/:proposalId',
  proposalEdit: '/rondes/:roundId/voorstellen/:proposalId/bewerken',
  ballot: '/rondes/:roundId/stembiljet',
  results: '/rondes/:roundId/uitslag',
  roundCode: '/rondes/:roundId/stemcode',
  code: '/stemcode',
  /** The address printed on voting-code letters when the municipality sets no VotingCodes:VotingUrl of its own. */
  letter: '/stemmen',
  manage: '/beheer',
  newRound: '/beheer/rondes/nieuw',
  manageRound: '/beheer/rondes/:roundId',
  /** Paper ballots of a voting evening, typed twice by the wijk's coordinators. */
  paperBatches: '/beheer/rondes/:roundId/papier',
  paperBatch: '/beheer/rondes/:roundId/papier/:batch',
  audit: '/controle',
  auditRound: '/controle/rondes/:roundId',
  wijkBudget: '/wijken/:code/budget',
  privacy: '/privacy',
  accessibility: '/toegankelijkheid',
  contact: '/contact',
  /** Where the links in news messages lead (the API's NewsLinks names the same addresses). */
  newsConfirm: '/nieuws/bevestigen',
  newsWithdraw: '/nieuws/afmelden',
  /** Where the sign-in provider sends the browser back: an address registered at the provider, not a page anyone
   * reads, so it keeps the name providers know it by. */
  signInCallback: '/signin-callback',
} as const;

const round = (roundId: string) => `/rondes/${encodeURIComponent(roundId)}`;

export const paths = {
  round,
  proposalNew: (roundId: string) => `${round(roundId)}/voorstellen/nieuw`,
  proposal: (roundId: string, proposalId: number | string) => `${round(roundId)}/voorstellen/${encodeURIComponent(String(proposalId))}`,
  proposalEdit: (roundId: string, proposalId: number | string) => `${paths.proposal(roundId, proposalId)}/bewerken`,
  ballot: (roundId: string) => `${round(roundId)}/stembiljet`,
  results: (roundId: string) => `${round(roundId)}/uitslag`,
  roundCode: (roundId: string) => `${round(roundId)}/stemcode`,
  newRound: patterns.newRound,
  manageRound: (roundId: string) => `/beheer/rondes/${encodeURIComponent(roundId)}`,
  paperBatches: (roundId: string) => `/beheer/rondes/${encodeURIComponent(roundId)}/papier`,
  paperBatch: (roundId: string, batch: number) => `/beheer/rondes/${encodeURIComponent(roundId)}/papier/${batch}`,
  auditRound: (roundId: string) => `/controle/rondes/${encodeURIComponent(roundId)}`,
  wijkBudget: (code: string) => `/wijken/${encodeURIComponent(code)}/budget`,
};

/** The words of the English addresses (/rounds/{id}/proposals/3/edit) and their Dutch ones; ids stay as they are. */
const ENGLISH_WORDS: Record<string, string> = {
  rounds: 'rondes',
  proposals: 'voorstellen',
  new: 'nieuw',
  edit: 'bewerken',
  ballot: 'stembiljet',
  results: 'uitslag',
};

/** The Dutch address of a page for an English address of an earlier version, or null when the path is not one. The
 * round's id (second segment) is kept as it is, and so is a proposal's number (fourth, unless it is "new"). */
export function fromEnglishPath(pathname: string): string | null {
  const segments = pathname.split('/');
  if (segments[1] !== 'rounds' || segments.length < 3 || segments[2] === '') return null;
  const kept = (i: number, segment: string) => i === 2 || (i === 4 && segment !== 'new');
  return segments.map((segment, i) => (kept(i, segment) ? segment : ENGLISH_WORDS[segment] ?? segment)).join('/');
}
