import type { BallotChoice } from './budget';

/** Choices a resident has made on the ballot but not cast yet, kept per round in the tab's session storage so that a
 * reload (or a visit to another page and back) does not lose them. Only proposal numbers and points are kept: never
 * the receipt, a voting code or who the resident is. Session storage ends with the tab, so a shared computer does not
 * keep someone's choices once their tab is closed. */
export interface BallotDraft {
  /** The revision of the saved ballot the choices were made on (0 when there was none). */
  basedOn: number;
  choices: BallotChoice[];
}

const PREFIX = 'buurtbudget.ballotDraft.';

export const draftKey = (roundId: string) => `${PREFIX}${roundId}`;

/** Keeps the choices, or forgets them when there is nothing unsent (the same as the saved ballot). */
export function keepDraft(storage: Storage, roundId: string, draft: BallotDraft | null): void {
  try {
    if (draft === null) storage.removeItem(draftKey(roundId));
    else storage.setItem(draftKey(roundId), JSON.stringify({ basedOn: draft.basedOn, choices: draft.choices.map(({ proposalId, points }) => ({ proposalId, points })) }));
  } catch {
    // Storage full or refused (private mode): the choices stay on screen, only a reload loses them.
  }
}

/** Forgets every round's unsent choices: on sign-out, so that the next person in this tab never sees them. */
export function forgetAllDrafts(storage: Storage): void {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  keys.forEach((key) => storage.removeItem(key));
}

/** The unsent choices for this round, if they were made on the ballot that is saved now (a ballot cast since, for
 * instance in another tab, makes them stale) and name only proposals still on the ballot. */
export function readDraft(storage: Storage, roundId: string, savedRevision: number, onBallot: ReadonlySet<number>): BallotChoice[] | null {
  let parsed: unknown;
  try {
    const text = storage.getItem(draftKey(roundId));
    if (text === null) return null;
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isDraft(parsed) || parsed.basedOn !== savedRevision) {
    keepDraft(storage, roundId, null);
    return null;
  }
  const choices = parsed.choices.filter((choice) => onBallot.has(choice.proposalId));
  return choices;
}

function isDraft(value: unknown): value is BallotDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Partial<BallotDraft>;
  return (
    typeof draft.basedOn === 'number' &&
    Array.isArray(draft.choices) &&
    draft.choices.every((c) => typeof c === 'object' && c !== null && Number.isInteger(c.proposalId) && Number.isInteger(c.points) && c.points >= 0)
  );
}

/** Whether a navigation inside the app leaves the ballot, so that unsent choices would be left behind: another page
 * or other query. A jump within the page (the skip link's #main) stays. Asked by the router for every navigation: a
 * link, a form that moves on, and the browser's back and forward buttons. A new tab, a download or another site is
 * no navigation of the app; closing or reloading the tab is the browser's own question (beforeunload). */
export function leavesBallot(current: { pathname: string; search: string }, next: { pathname: string; search: string }): boolean {
  return current.pathname !== next.pathname || current.search !== next.search;
}
