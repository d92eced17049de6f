// The API's wire types, generated from its OpenAPI document (openapi/v1.json, a copy of what /openapi/v1.json serves;
// scripts/refresh-openapi.sh refreshes it) into schema.d.ts by `npm run gen:api`. Here they get the client's names.
// Money is whole eurocents.
//
// The API's words (a phase, a status) come as enums from the document. Where one wire type serves both as a request
// (every field optional) and as an answer (some always there), Narrow says what an answer holds.

import type { components } from './schema';

type Schemas = components['schemas'];

/** The generated type with some fields narrowed to what the API's answers always hold. */
type Narrow<T, N extends { [K in keyof N]: K extends keyof T ? unknown : never }> = Omit<T, keyof N> & N;

export type Phase = Schemas['RoundDto']['phase'];

/** "broken" when the round's stored log fails its hash chain: its figures may have been changed, and it takes no changes. */
export type Integrity = Schemas['RoundDto']['integrity'];

export type District = Schemas['DistrictDto'];

export type RoundSummary = Schemas['RoundSummaryDto'];

/** The API's answers name one of the three methods (RoundMapping.ToDto writes them; the document does not list them yet). */
export type BallotMethod = Narrow<Schemas['BallotMethodDto'], { kind: 'approval-within-budget' | 'approval-at-most-k' | 'cumulative-points' }>;

/** RulesDto is also the body of a partial change, where every rule may be left out; a round's rules as the API
 * answers them always hold the budget and the ballot method. */
export type Rules = Narrow<Schemas['RulesDto'], { budgetCents: number; ballotMethod: BallotMethod }>;

/** When a round moves on by itself (PUT …/calendar): ISO 8601 moments, each after the one before. CalendarDto is also
 * the request body, whose missing moments the API refuses; an answered calendar holds all four. */
export type RoundCalendar = Narrow<Schemas['CalendarDto'], { submissionOpens: string; submissionCloses: string; votingOpens: string; votingCloses: string }>;

export type Round = Narrow<Schemas['RoundDto'], { rules: Rules; calendar?: RoundCalendar | null }>;

/** Who is signed in, as the API sees them (GET /api/me). */
export type Me = Schemas['MeDto'];

/** How the web client signs in (GET /api/client-config). */
export type ClientConfig = Schemas['ClientConfigDto'];

/** The gemeente's name, logo and NL Design System theme tokens; all optional, for a neutral default. */
export type Municipality = Schemas['MunicipalityDto'];

/** A proposal as GET /api/rounds/{id}/proposals answers it. */
export type Proposal = Schemas['ProposalDto'];

export type ProposalStatus = Proposal['status'];

/** POST …/proposals/{id}/review. */
export type ReviewRequest = Schemas['ReviewRequest'];

/** POST …/proposals/{id}/merge. */
export type MergeRequest = Schemas['MergeRequest'];

/** GET …/voting-codes: how many codes were issued and used, never which. */
export type VotingCodeUse = Schemas['VotingCodeUseDto'];

export type ProposalTally = Schemas['ProposalTallyDto'];

/** GET …/tally. */
export type Tally = Schemas['TallyDto'];

export type ProposalResult = Schemas['ProposalResultDto'];

/** GET …/results. */
export type Results = Schemas['ResultsDto'];

/** GET …/events (auditors): the hash-chained log, with the whole chain verified on every read. */
export type EventLog = Schemas['EventLogDto'];

export type LoggedEvent = Schemas['EventDto'];

/** GET …/audit. */
export type AuditStatus = Schemas['AuditDto'];

/** POST …/recount (auditors). */
export type Recount = Schemas['RecountDto'];

export type ProjectSpending = Schemas['ProjectSpendingDto'];

export type Spend = Schemas['SpendDto'];

/** GET …/spending. */
export type Spending = Schemas['SpendingDto'];

/** POST …/spending/spends. */
export type SpendRequest = Schemas['SpendRequest'];

/** POST …/spending/overruns. */
export type OverrunRequest = Schemas['OverrunRequest'];

/** PUT …/spending/projects/{proposalId}/progress. */
export type ProgressRequest = Schemas['ProgressRequest'];

/** The categories as the API names them. */
export const proposalCategories = ['traffic-safety', 'greenery', 'lighting', 'safety', 'cleanliness', 'meeting', 'youth', 'play-and-sport', 'other'] as const;
export type ProposalCategory = (typeof proposalCategories)[number];

export type GeoLocation = Schemas['LocationDto'];

/** POST /api/rounds/{id}/proposals and PUT …/proposals/{n}. */
export type ProposalRequest = Schemas['ProposalRequest'];

/** Who may vote, besides the wijk's residents (RulesDto.eligibility). */
export type Eligibility = Schemas['EligibilityDto'];

export type RulesWithEligibility = Rules;

export type BallotChoiceDto = Schemas['BallotChoiceDto'];

/** A saved ballot (PUT/GET /api/rounds/{id}/ballot, and by code). */
export type Ballot = Schemas['BallotDto'];

export type BulletinEntry = Schemas['BulletinEntryDto'];

/** GET …/voter-register: how many are in the round's register (never who), and whether the rules require it. */
export type VoterRegister = Schemas['VoterRegisterDto'];

/** POST /api/admin/dashboard-ticket (admins): where the Orleans dashboard is, and until when the ticket lasts. */
export type DashboardTicket = Schemas['DashboardTicketDto'];

/** A year of a wijk's budget (GET /api/wijken/{code}/budget). Available = allocated − reserved − spent. */
export type BudgetYear = Schemas['BudgetYearDto'];

/** A wijk's budget per year with its whole log, the hash chain verified over every event on each read. */
export type WijkBudget = Schemas['WijkBudgetDto'];

/** POST /api/wijken/{code}/budget/allocations (admins). */
export type AllocateBudgetRequest = Schemas['AllocateBudgetRequest'];
