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

export interface Round extends Omit<RoundSummary, 'budgetCents' | 'proposalCount'> {
  rules: Rules;
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
}

/** How the web client signs in (GET /api/client-config). */
export interface ClientConfig {
  authority: string;
  clientId: string;
  scope: string;
  development: boolean;
}
