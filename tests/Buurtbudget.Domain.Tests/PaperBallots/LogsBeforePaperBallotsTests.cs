using Buurtbudget.Domain.Ballots;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.PaperBallots;

/// <summary>Paper ballots added event types and a state member; a round stored before them must mean what it meant.</summary>
public class LogsBeforePaperBallotsTests
{
    /// <summary>A round of the kinds of event that existed before paper ballots: codes, sign-in and code ballots, a
    /// replaced ballot, closing with its outcome.</summary>
    private static RoundScenario RoundOfBefore()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(budgetEuros: 20_000), 5_000, 6_000, 7_000);
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [new ParticipantKey("code-0001"), new ParticipantKey("code-0002")]));
        scenario.Vote(1, 1, 2);
        scenario.Vote(2, 3);
        scenario.Do(new CastBallot(new ParticipantKey("code-0001"), Sample.Approve(2), BallotChannel.LetterCode));
        scenario.Vote(1, 2);
        scenario.Do(new CloseVoting(Sample.Coordinator));
        return scenario;
    }

    [Fact]
    public void A_log_written_before_paper_ballots_encodes_to_the_same_bytes_and_still_replays()
    {
        var scenario = RoundOfBefore();
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var roundEvent in scenario.History)
        {
            var (type, payload) = RoundEventCodec.Encode(roundEvent);
            digest.AppendData(Encoding.UTF8.GetBytes(type));
            digest.AppendData(payload);
        }

        // The digest of this log's stored types and payloads, pinned when paper ballots were added (which left the records
        // of these events as they were at 7489fdf): the hash chain is over these bytes, so a change here would break
        // every stored chain.
        Assert.Equal("0684a5eeb1808c26463e3948d307d494598e502784d881fd29035b8ccc66b5af", Convert.ToHexStringLower(digest.GetHashAndReset()));
        var replay = LogReplay.Replay(scenario.State.Id, LogReplayTests.Logged(scenario.History));
        Assert.True(replay.IsValid, replay.ToString());
        Assert.Empty(replay.State.PaperBatches);
    }

    [Fact]
    public void A_snapshot_taken_before_paper_ballots_loads_as_a_round_without_batches()
    {
        var scenario = RoundOfBefore();
        var snapshot = JsonNode.Parse(RoundSnapshotCodec.Encode(scenario.State))!.AsObject();
        Assert.True(snapshot.Remove("paperBatches"));

        var restored = RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(snapshot.ToJsonString()));

        Assert.Empty(restored.PaperBatches);
        Assert.Equal(RoundSnapshotCodec.Encode(scenario.State), RoundSnapshotCodec.Encode(restored));
    }
}
