using Buurtbudget.Api.Ballots;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Api.VotingCodes;

/// <param name="Count">How many codes to issue: 1 to 50,000 per request; ask again for another print batch.</param>
public sealed record IssueVotingCodesRequest(int? Count);

/// <summary>A batch of codes as issued: the only place the plain codes ever appear. <see cref="Notice"/> says so.</summary>
/// <param name="Codes">The codes, grouped for print (<c>KX7F-9QPM-3TRW-H4NC</c>); numbered 1, 2, 3, … in this order.</param>
public sealed record VotingCodeBatchDto(RoundId RoundId, int Batch, int Count, string Notice, IReadOnlyList<string> Codes);

/// <summary>How many codes were issued and used, never which code voted what.</summary>
public sealed record VotingCodeUseDto(int Issued, int Used, int Batches);

/// <param name="Code">The code from the letter; case, spaces and dashes do not matter.</param>
/// <param name="Choices">As in <see cref="BallotRequest"/>; an empty list is a blank ballot.</param>
public sealed record BallotByCodeRequest(string? Code, IReadOnlyList<BallotChoiceDto>? Choices);

/// <param name="Code">The code from the letter, in the body so that it never appears in a URL or a log.</param>
public sealed record VotingCodeLookupRequest(string? Code);

/// <summary>What a resident with a code and no account needs to vote: the round, the proposals on its ballot (frozen when
/// voting opened, at their approved cost) and the code's ballot so far.</summary>
/// <param name="Ballot">The ballot cast with this code, with its receipt; null before the first cast.</param>
public sealed record VotingCodeBallotDto(Rounds.RoundDto Round, IReadOnlyList<Proposals.ProposalDto> Options, BallotDto? Ballot);
