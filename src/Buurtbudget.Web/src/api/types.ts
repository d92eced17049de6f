// The API's wire types (see the OpenAPI document at /openapi/v1.json). Money is whole eurocents.

export type Phase = 'draft' | 'submission' | 'review' | 'voting' | 'tallied' | 'spending' | 'closed';

export interface District {
  code: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
}

export interface RoundSummary {
  id: string;
  title: string;
  district: District;
  phase: Phase;
  budgetCents: number;
  proposalCount: number;
  turnout: number;
  /** "broken" when the round's stored log fails its hash chain: its figures may have been changed, and it takes no changes. */
  integrity: 'intact' | 'broken';
  /** The first event at fault when broken. */
  brokenAtSequence?: number | null;
  /** When voting closes by the round's calendar; null when the coordinators close it by hand. */
  votingCloses?: string | null;
}

export interface BallotMethod {
  kind: 'approval-within-budget' | 'approval-at-most-k' | 'cumulative-points';
  minCount?: number | null;
  maxCount?: number | null;
  k?: number | null;
  points?: number | null;
  maxPerProposal?: number | null;
}

export interface Rules {
  budgetCents: number;
  ballotMethod: BallotMethod;
  outcomeRule?: string;
  tieBreak?: string;
  minimumSupport?: number;
  liveTallyVisible?: boolean;
}

/** When a round moves on by itself (PUT …/calendar): ISO 8601 moments, each after the one before. */
export interface RoundCalendar {
  submissionOpens: string;
  submissionCloses: string;
  votingOpens: string;
  votingCloses: string;
}

export interface Round extends Omit<RoundSummary, 'budgetCents' | 'proposalCount' | 'votingCloses'> {
  rules: Rules;
  /** Null when the coordinators move the round by hand only; frozen with the rules once voting opens. */
  calendar?: RoundCalendar | null;
  rulesFrozen: boolean;
  proposalCount: number;
  feasibleCount: number;
  createdAt?: string | null;
  votingOpenedAt?: string | null;
  votingClosedAt?: string | null;
  nextPhases: Phase[];
}

/** Who is signed in, as the API sees them (GET /api/me). */
export interface Me {
  role: 'resident' | 'business-owner' | 'coordinator' | 'auditor' | 'admin';
  districts: string[];
  /** An admin on a node that serves the Orleans dashboard (off unless configured). */
  clusterDashboard: boolean;
}

/** How the web client signs in (GET /api/client-config). */
export interface ClientConfig {
  authority: string;
  clientId: string;
  scope: string;
  development: boolean;
  /** The gemeente the platform serves (section Municipality of the API's configuration). */
  municipality: Municipality;
}

/** The gemeente's name, logo and NL Design System theme tokens; all optional, for a neutral default. */
export interface Municipality {
  name: string | null;
  /** A path on this platform. */
  logo: string | null;
  logoAlt: string | null;
  /** Basis tokens by name without the leading dashes ("basis-color-accent-1-inverse-bg-default") and their values. */
  tokens: Record<string, string>;
}

// --- Coordinator and auditor pages (review, phases, voting codes, tally, results, event log, audit, spending) ---

/** A proposal as GET /api/rounds/{id}/proposals answers it. Money in whole eurocents. */
export interface Proposal {
  id: number;
  title: string;
  description: string;
  category: string;
  estimatedCostCents: number;
  approvedCostCents?: number | null;
  buurt?: string | null;
  location?: { latitude: number; longitude: number } | null;
  status: 'submitted' | 'withdrawn' | 'feasible' | 'infeasible' | 'merged';
  reviewNote?: string | null;
  infeasibleReason?: string | null;
  mergedInto?: number | null;
  mergedFrom: number[];
  submittedAt: string;
  updatedAt: string;
  isMine: boolean;
}

/** POST …/proposals/{id}/review. */
export type ReviewRequest =
  | { decision: 'feasible'; approvedCostCents: number; note?: string | null }
  | { decision: 'infeasible'; reason: string };

/** POST …/proposals/{id}/merge. */
export interface MergeRequest {
  into: number;
  note?: string | null;
}

/** GET …/voting-codes: how many codes were issued and used, never which. */
export interface VotingCodeUse {
  issued: number;
  used: number;
  batches: number;
}

/** GET …/tally. */
export interface Tally {
  phase: Phase;
  turnout: number;
  blankBallots: number;
  proposals: ProposalTally[];
}

export interface ProposalTally {
  proposalId: number;
  title: string;
  costCents: number;
  voters: number;
  points: number;
}

/** GET …/results. */
export interface Results {
  rule: string;
  tieBreak: string;
  budgetCents: number;
  spentCents: number;
  remainingCents: number;
  turnout: number;
  proposals: ProposalResult[];
}

export interface ProposalResult {
  proposalId: number;
  title: string;
  costCents: number;
  support: number;
  rank: number;
  won: boolean;
  explanationKind: 'won' | 'did-not-fit' | 'below-minimum-support';
  remainingBeforeCents: number;
  explanation: string;
}

/** GET …/events (auditors): the hash-chained log, with the whole chain verified on every read. */
export interface EventLog {
  roundId: string;
  lastSequence: number;
  chainValid: boolean;
  chainError?: string | null;
  events: LoggedEvent[];
}

export interface LoggedEvent {
  sequence: number;
  type: string;
  at: string;
  payload: unknown;
  previousHash: string;
  hash: string;
}

/** GET …/audit. */
export interface AuditStatus {
  signedOff: boolean;
  verdict?: 'approved' | 'findings' | null;
  findings: { text?: string | null; events?: number[] | null }[];
  headSequence?: number | null;
  headHash?: string | null;
  at?: string | null;
}

/** POST …/recount (auditors). */
export interface Recount {
  matches: boolean;
  throughSequence: number;
  publishedWinners: number[];
  recomputedWinners: number[];
}

/** GET …/spending. */
export interface Spending {
  phase: Phase;
  budgetCents: number;
  limitsCents: number;
  spentCents: number;
  pendingCents: number;
  remainingCents: number;
  projects: ProjectSpending[];
  spends: Spend[];
}

export interface ProjectSpending {
  proposalId: number;
  title: string;
  approvedCostCents: number;
  limitCents: number;
  spentCents: number;
  pendingCents: number;
  status: 'planned' | 'in-progress' | 'on-hold' | 'completed';
  percentComplete: number;
  milestones: { text: string; status: string; percentComplete: number; at: string }[];
  overruns: { amountCents: number; reason: string; at: string }[];
}

export interface Spend {
  number: number;
  proposalId: number;
  amountCents: number;
  description: string;
  supplier: string;
  invoiceReference: string;
  invoiceDate: string;
  attachmentReference?: string | null;
  status: 'pending' | 'approved' | 'rejected';
  recordedAt: string;
  decidedAt?: string | null;
  rejectionReason?: string | null;
  /** The display name of the coordinator who recorded it (from their token), when there is one. */
  recordedBy?: string | null;
  /** The display name of the coordinator who approved or rejected it, when there is one. */
  decidedBy?: string | null;
}

/** POST …/spending/spends. */
export interface SpendRequest {
  proposalId: number;
  amountCents: number;
  description: string;
  supplier: string;
  invoiceReference: string;
  invoiceDate: string;
  attachmentReference: string | null;
}

/** POST …/spending/overruns. */
export interface OverrunRequest {
  proposalId: number;
  amountCents: number;
  reason: string;
}

/** PUT …/spending/projects/{proposalId}/progress. */
export interface ProgressRequest {
  status: ProjectSpending['status'];
  percentComplete: number;
  milestone: string | null;
}

// --- Residents: proposal form, ballots and the bulletin board (ProposalContracts.cs, BallotContracts.cs,
// BulletinBoardApi.cs). Proposal, Results and ProposalResult are declared above.

/** The categories as the API names them. */
export const proposalCategories = ['traffic-safety', 'greenery', 'lighting', 'safety', 'cleanliness', 'meeting', 'youth', 'play-and-sport', 'other'] as const;
export type ProposalCategory = (typeof proposalCategories)[number];

export type ProposalStatus = 'submitted' | 'withdrawn' | 'feasible' | 'infeasible' | 'merged';

export interface GeoLocation {
  latitude: number;
  longitude: number;
}

/** POST /api/rounds/{id}/proposals and PUT …/proposals/{n}. */
export interface ProposalRequest {
  title: string;
  description: string;
  category: ProposalCategory;
  estimatedCostCents: number;
  buurt?: string | null;
  location?: GeoLocation | null;
}

/** Who may vote, besides the wijk's residents (RulesDto.eligibility). */
export interface Eligibility {
  minimumAge?: number | null;
  businessOwnersAdmitted?: boolean | null;
  registerRequired?: boolean | null;
}

export type RulesWithEligibility = Rules & { eligibility?: Eligibility | null };

export interface BallotChoiceDto {
  proposalId: number;
  /** Cumulative ballots; 1 (or left out) on approval ballots. */
  points?: number | null;
}

/** A saved ballot (PUT/GET /api/rounds/{id}/ballot, and by code). */
export interface Ballot {
  saved: boolean;
  revision: number;
  blank: boolean;
  castAt: string;
  choices: BallotChoiceDto[];
  totalCostCents: number;
  pointsUsed: number;
  /** XXXX-XXXX-XXXX-XXXX: the ballot's entry on the bulletin board after the vote. */
  receipt: string;
}

export interface BulletinEntry {
  receipt: string;
  status: 'counted' | 'superseded';
  supersededBy?: string | null;
  choices: BallotChoiceDto[];
}

/** GET …/voter-register: how many are in the round's register (never who), and whether the rules require it. */
export interface VoterRegister {
  count: number;
  required: boolean;
}

/** POST /api/admin/dashboard-ticket (admins): where the Orleans dashboard is, and until when the ticket lasts. The
 * ticket itself is an HttpOnly cookie for that path, which the client never sees. */
export interface DashboardTicket {
  path: string;
  expiresAt: string;
}

/** A year of a wijk's budget (GET /api/wijken/{code}/budget). Available = allocated − reserved − spent. */
export interface BudgetYear {
  year: number;
  allocatedCents: number;
  reservedCents: number;
  spentCents: number;
  availableCents: number;
}

/** A wijk's budget per year with its whole log, the hash chain verified over every event on each read. */
export interface WijkBudget {
  district: string;
  years: BudgetYear[];
  reservations: { roundId: string; year: number; amountCents: number; at: string }[];
  settlements: { roundId: string; year: number; reservedCents: number; spentCents: number; returnedCents: number; at: string }[];
  streamId: string;
  lastSequence: number;
  chainValid: boolean;
  chainError?: string | null;
  events: LoggedEvent[];
}

/** POST /api/wijken/{code}/budget/allocations (admins). */
export interface AllocateBudgetRequest {
  year: number;
  amountCents: number;
  reason: string;
}
