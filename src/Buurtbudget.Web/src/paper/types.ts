import type { components } from '../api/schema';

type Schemas = components['schemas'];

/** A voting evening's pile of paper ballots, as GET …/paper-batches answers it. */
export type PaperBatch = Schemas['PaperBatchDto'];

/** The answer to typing one paper ballot. */
export type PaperEntry = Schemas['PaperEntryDto'];

/** One's own typing of a batch, to go on where one left off. */
export type PaperPassEntries = Schemas['PaperPassEntriesDto'];

/** A position where the two typings differ. */
export type PaperDisagreement = Schemas['PaperDisagreementDto'];

export type PaperMark = Schemas['PaperMarkDto'];
