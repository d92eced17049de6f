using System.Security.Cryptography;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Ballots;

public sealed class BulletinBoardTests
{
    [Fact]
    public void Every_ballot_event_is_on_the_board_and_a_replaced_one_names_its_successor()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 30_000);
        scenario.Vote(1, 1);
        scenario.Vote(2, 2, 3);
        scenario.Vote(3);
        scenario.Vote(1, 3);
        scenario.Do(new CloseVoting(Sample.Coordinator));
        var log = WithHashes(scenario.History);

        var board = BulletinBoard.From(log);

        Assert.Equal(4, board.Entries.Length);
        Assert.Equal(3, board.Counted);
        Assert.Equal(board.Entries.OrderBy(e => e.Receipt), board.Entries);
        var first = board.Find(ReceiptOfBallot(log, 0))!;
        var second = board.Find(ReceiptOfBallot(log, 3))!;
        Assert.False(first.Counted);
        Assert.Equal(second.Receipt, first.SupersededBy);
        Assert.Equal([1], first.Choices.Select(c => c.Proposal.Number));
        Assert.True(second.Counted);
        Assert.Equal([3], second.Choices.Select(c => c.Proposal.Number));
        Assert.Empty(board.Find(ReceiptOfBallot(log, 2))!.Choices);
    }

    [Fact]
    public void The_board_reads_the_log_only_up_to_voting_closed()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);
        scenario.Vote(1, 1);
        scenario.Do(new CloseVoting(Sample.Coordinator));
        var afterClose = new BallotCast(Sample.Resident(9), Sample.Approve(1), Sample.Start);

        var board = BulletinBoard.From(WithHashes([.. scenario.History, afterClose]));

        Assert.Single(board.Entries);
    }

    [Fact]
    public void Pages_cover_every_entry_exactly_once_in_order()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        for (var resident = 1; resident <= 23; resident++)
        {
            scenario.Vote(resident, 1 + (resident % 2));
        }

        var board = BulletinBoard.From(WithHashes(scenario.History));
        var seen = new List<BulletinEntry>();
        BallotReceipt? after = null;
        while (board.Page(after, 5) is { IsEmpty: false } page)
        {
            seen.AddRange(page);
            after = page[^1].Receipt;
        }

        Assert.Equal(board.Entries, seen);
        Assert.Empty(board.Page(board.Entries[^1].Receipt, 5));

        // A receipt that is not on the board still pages from where it would be.
        var absent = BallotReceipt.Parse("0000-0000-0000-0000");
        Assert.Equal(board.Entries.Take(5), board.Page(absent, 5));
        Assert.Null(board.Find(absent));
    }

    private static List<(RoundEvent Event, ReadOnlyMemory<byte> Hash)> WithHashes(IEnumerable<RoundEvent> events) =>
        [.. events.Select((e, index) => (e, (ReadOnlyMemory<byte>)SHA256.HashData(BitConverter.GetBytes(index))))];

    /// <summary>The receipt of the <paramref name="n"/>th ballot event of the log.</summary>
    private static BallotReceipt ReceiptOfBallot(List<(RoundEvent Event, ReadOnlyMemory<byte> Hash)> log, int n) =>
        BallotReceipt.FromEventHash(log.Where(e => e.Event is BallotCast or BallotReplaced).ElementAt(n).Hash.Span);
}
