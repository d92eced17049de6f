using System.Buffers;
using System.Collections.Immutable;
using System.Reflection;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>What crosses a round grain's boundary stays small whatever the round's size: a round's whole state holds
/// every ballot (tens of megabytes at a quarter of a million), and between silos every answer is serialized.</summary>
public sealed class SmallMessagesTests
{
    [Fact]
    public void No_grain_method_takes_or_answers_a_whole_round_state()
    {
        foreach (var method in typeof(IRoundGrain).GetMethods())
        {
            var types = method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType);
            foreach (var type in types)
            {
                Assert.False(Mentions(type, typeof(RoundState), depth: 3), $"{method.Name} carries a {nameof(RoundState)} through {type.Name}.");
            }
        }
    }

    [Fact]
    public async Task Views_and_answers_do_not_grow_with_the_ballots()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var serializer = context.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        await CastAsync(grain, proposals, from: 0, count: 10);
        var few = await SizesAsync(serializer, grain, proposals, voter: 10);
        await CastAsync(grain, proposals, from: 11, count: 3_000);
        var many = await SizesAsync(serializer, grain, proposals, voter: 3_011);

        Assert.Equal(3_012, (await grain.RoundAsync()).BallotCount);
        foreach (var (name, size) in many)
        {
            // Counts gain digits; nothing gains an entry per ballot.
            Assert.True(size - few[name] <= 64, $"{name} grew from {few[name]} to {size} bytes with 3,000 more ballots.");
            Assert.True(size < 8 * 1024, $"{name} is {size} bytes.");
        }
    }

    private static async Task<Dictionary<string, int>> SizesAsync(Serializer serializer, IRoundGrain grain, ImmutableArray<ProposalId> proposals, int voter)
    {
        var resident = VotingRound.Resident(voter);
        var ballot = await grain.CastBallotAsync(VotingRound.Ballot(resident, proposals[0]), VotingRound.FactsOf(resident));
        var command = await grain.ExecuteAsync(VotingRound.Ballot(resident, proposals[1]));
        Assert.Equal((CommandStatus.Committed, CommandStatus.Committed), (ballot.Status, command.Status));
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [nameof(RoundView)] = Size(serializer, await grain.GetViewAsync()),
            [nameof(VoterView)] = Size(serializer, await grain.GetVoterAsync(resident)),
            [nameof(BallotResult)] = Size(serializer, ballot),
            [nameof(CommandResult)] = Size(serializer, command),
            [nameof(Domain.VotingCodes.VotingCodeUse)] = Size(serializer, await grain.GetVotingCodeUseAsync()),
        };
    }

    private static int Size<T>(Serializer serializer, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        return buffer.WrittenCount;
    }

    private static Task CastAsync(IRoundGrain grain, ImmutableArray<ProposalId> proposals, int from, int count) =>
        Task.WhenAll(Enumerable.Range(from, count).Select(async n =>
        {
            var voter = VotingRound.Resident(n);
            var answer = await grain.CastBallotAsync(VotingRound.Ballot(voter, proposals[n % proposals.Length]), VotingRound.FactsOf(voter));
            Assert.Equal(CommandStatus.Committed, answer.Status);
        })).WaitAsync(ActorTestContext.HangGuard);

    private static bool Mentions(Type type, Type target, int depth)
    {
        if (type == target)
        {
            return true;
        }

        if (depth == 0 || type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
        {
            return false;
        }

        return type.GetGenericArguments().Any(argument => Mentions(argument, target, depth - 1))
            || (type.Namespace?.StartsWith("Buurtbudget", StringComparison.Ordinal) == true
                && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(property => Mentions(property.PropertyType, target, depth - 1)));
    }
}
