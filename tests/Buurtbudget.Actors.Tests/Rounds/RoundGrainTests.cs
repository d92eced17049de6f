using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class RoundGrainTests
{
    [Fact]
    public async Task A_refused_command_is_answered_rejected_with_its_reason_and_stores_nothing()
    {
        await using var context = new ActorTestContext();
        var grain = await VotingRound.InSubmissionAsync(await context.StartClusterAsync());
        var before = await context.Store.ReadAsync(grain.RoundId());

        var result = await grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1)));

        Assert.Equal(CommandStatus.Rejected, result.Status);
        Assert.False(result.Succeeded);
        Assert.Equal(RoundErrors.WrongPhase, result.Error?.Code);
        Assert.Empty(result.Events);
        Assert.Equal(before.Count, (await context.Store.ReadAsync(grain.RoundId())).Count);
        Assert.Equal(before.Count, result.Round.Version);
    }

    [Fact]
    public async Task A_command_for_a_round_that_does_not_exist_is_rejected()
    {
        await using var context = new ActorTestContext();
        var grain = (await context.StartClusterAsync()).GetRoundGrain(RoundId.New());

        var result = await grain.ExecuteAsync(new OpenSubmission(VotingRound.Coordinator));

        Assert.Equal(CommandStatus.Rejected, result.Status);
        Assert.Equal(RoundErrors.RoundNotFound, result.Error?.Code);
        Assert.Empty(await context.Store.ReadAsync(grain.RoundId()));
        Assert.False((await grain.RoundAsync()).Exists);
    }

    [Fact]
    public async Task Committed_answers_carry_their_own_events_and_a_durable_state()
    {
        await using var context = new ActorTestContext();
        var grain = await VotingRound.InSubmissionAsync(await context.StartClusterAsync());

        var result = await grain.ExecuteAsync(new SubmitProposal(VotingRound.Resident(7), VotingRound.Proposal(1)));

        Assert.Equal(CommandStatus.Committed, result.Status);
        var submitted = Assert.IsType<ProposalSubmitted>(Assert.Single(result.Events));
        Assert.Equal(VotingRound.Resident(7), submitted.Author);
        Assert.Equal(context.Clock.GetUtcNow(), submitted.At);
        var stored = await context.Store.ReadAsync(grain.RoundId());
        Assert.Equal(stored.Count, result.Round.Version);
        Assert.Equal(submitted.At, stored[^1].At);
        Assert.True(result.Round.Proposals.ContainsKey(submitted.Proposal));
        StateAssert.Equivalent(result.Round, await grain.RoundAsync());
    }

    [Fact]
    public async Task Commands_in_one_batch_see_the_earlier_accepted_commands_of_that_batch()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var grain = await VotingRound.InSubmissionAsync(host);
        var author = VotingRound.Resident(3);

        // Hold a turn at the store so that the next commands queue up and are decided as one batch.
        var gate = context.Store.HoldNextAppend();
        var holder = grain.ExecuteAsync(new SubmitProposal(VotingRound.Resident(9), VotingRound.Proposal(9)));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var callsBefore = context.Store.AppendCalls;

        var submit = await context.SendQueuedAsync(grain, new SubmitProposal(author, VotingRound.Proposal(1)));
        var edit = await context.SendQueuedAsync(grain, new EditProposal(author, new ProposalId(2), VotingRound.Proposal(2)));
        var editByOther = await context.SendQueuedAsync(grain, new EditProposal(VotingRound.Resident(4), new ProposalId(2), VotingRound.Proposal(3)));
        var withdraw = await context.SendQueuedAsync(grain, new WithdrawProposal(author, new ProposalId(2)));
        var editWithdrawn = await context.SendQueuedAsync(grain, new EditProposal(author, new ProposalId(2), VotingRound.Proposal(4)));
        gate.Open();
        await holder;

        Assert.Equal(CommandStatus.Committed, (await submit).Status);
        Assert.Equal(new ProposalId(2), (await submit).Events.OfType<ProposalSubmitted>().Single().Proposal);
        Assert.Equal(CommandStatus.Committed, (await edit).Status);
        Assert.Equal(RoundErrors.NotProposalAuthor, (await editByOther).Error?.Code);
        Assert.Equal(CommandStatus.Committed, (await withdraw).Status);
        Assert.Equal(RoundErrors.ProposalNotInRightState, (await editWithdrawn).Error?.Code);

        // One write for the whole batch, and each answer shows the round as its own command left it: the refused edit
        // of the withdrawn proposal sees the withdrawal it was refused against.
        Assert.Equal(callsBefore + 1, context.Store.AppendCalls);
        Assert.Equal(ProposalStatus.Submitted, (await edit).Round.Proposals[new ProposalId(2)].Status);
        var state = (await withdraw).Round;
        StateAssert.Equivalent(state, (await editWithdrawn).Round);
        Assert.Equal(ProposalStatus.Withdrawn, state.Proposals[new ProposalId(2)].Status);
        Assert.Equal(VotingRound.Proposal(2), state.Proposals[new ProposalId(2)].Content);
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), state);
    }

    [Fact]
    public async Task A_command_the_domain_throws_on_fails_only_its_own_caller()
    {
        await using var context = new ActorTestContext();
        var grain = await VotingRound.InSubmissionAsync(await context.StartClusterAsync());

        // CreateRound naming another round is a programmer error: the domain throws instead of refusing.
        var gate = context.Store.HoldNextAppend();
        var holder = grain.ExecuteAsync(new SubmitProposal(VotingRound.Resident(1), VotingRound.Proposal(1)));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var broken = grain.ExecuteAsync(VotingRound.Create(RoundId.New()));
        var sound = grain.ExecuteAsync(new SubmitProposal(VotingRound.Resident(2), VotingRound.Proposal(2)));
        gate.Open();

        await Assert.ThrowsAsync<ArgumentException>(() => broken);
        Assert.Equal(CommandStatus.Committed, (await holder).Status);
        Assert.Equal(CommandStatus.Committed, (await sound).Status);
        Assert.Equal(2, (await grain.RoundAsync()).Proposals.Count);
        Assert.Contains(context.Log.Entries, e => e.Level == LogLevel.Error && e.Exception is ArgumentException);
    }

    [Fact]
    public async Task Turns_never_overlap_neither_deciding_nor_writing()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(o => o.MaxBatchSize = 7);
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var appendsBefore = context.Store.AppendsStored;

        // The activation reads the clock once per command it decides; doing so while one of its own appends is
        // in flight would mean a turn started before the previous one ended.
        var decidedDuringWrite = 0;
        context.Clock.OnRead = () =>
        {
            if (context.Store.AppendsInFlight > 0)
            {
                Interlocked.Increment(ref decidedDuringWrite);
            }
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(n => Task.Run(() =>
            grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length])))));
        context.Clock.OnRead = null;

        Assert.All(results, r => Assert.Equal(CommandStatus.Committed, r.Status));
        Assert.Equal(1, context.Store.MaxConcurrentAppends);
        Assert.Equal(0, decidedDuringWrite);
        Assert.True(context.Store.AppendsStored - appendsBefore >= 300 / 7, "A turn took more commands than MaxBatchSize allows.");
        Assert.Equal(300, (await grain.RoundAsync()).Tally.Turnout);
    }

    [Fact]
    public async Task Readers_do_not_wait_for_a_turn_in_progress()
    {
        await using var context = new ActorTestContext();
        var (grain, proposals) = await VotingRound.InVotingAsync(await context.StartClusterAsync());
        var before = await grain.RoundAsync();

        var gate = context.Store.HoldNextAppend();
        var writing = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);

        // The write is stuck at the store; a read still answers, with the last committed state.
        var during = await grain.RoundAsync().WaitAsync(ActorTestContext.HangGuard);
        StateAssert.Equivalent(before, during);
        Assert.Equal(0, during.Tally.Turnout);

        gate.Open();
        var after = await writing;
        Assert.Equal(1, (await grain.RoundAsync()).Tally.Turnout);
        StateAssert.Equivalent(after.Round, await grain.RoundAsync());
    }
}
