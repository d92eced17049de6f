using System.Text.Json;

namespace Buurtbudget.LoadTesting.Voting;

// The parts of the API's answers the harness reads. Kept apart from the API's own types on purpose: the trials
// check the API from the outside, as any client would.

public sealed record RoundAnswer(string Id, string Phase, long Turnout);

public sealed record ChoiceAnswer(int ProposalId);

public sealed record BallotAnswer(bool Saved, int Revision, IReadOnlyList<ChoiceAnswer> Choices);

public sealed record ProposalTallyAnswer(int ProposalId, long Voters);

public sealed record TallyAnswer(string Phase, long Turnout, IReadOnlyList<ProposalTallyAnswer> Proposals);

public sealed record EventAnswer(long Sequence, string Type, JsonElement Payload);

public sealed record EventLogAnswer(long LastSequence, bool ChainValid, string? ChainError, IReadOnlyList<EventAnswer> Events);

public sealed record ProblemAnswer(string? Code, string? Title, string? Detail);
