using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Api.Rounds;

/// <summary>Gives every stored round without a summary one, at start-up, before the server takes requests: an
/// installation upgraded from before the read model (or a round imported straight into the store) lists all its rounds
/// from its first request. Done at start-up rather than lazily because a list cannot know what it is missing without
/// asking the store about every round, which is what the read model exists to avoid. After the first start it finds
/// nothing to do: every round's grain keeps its summary on commit.</summary>
internal sealed partial class RoundSummaryRebuild(IRoundSummaries summaries, IGrainFactory grains, ILogger<RoundSummaryRebuild> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RoundId> missing;
        try
        {
            missing = await summaries.ListRoundsWithoutSummaryAsync(cancellationToken);
        }
        catch (StorageUnavailableException exception)
        {
            // A store that is not reachable yet does not stop the node (/health/ready reports it); a round that is
            // loaded later stores its summary then.
            LogNotRebuilt(logger, exception);
            return;
        }

        if (missing.Count == 0)
        {
            return;
        }

        LogRebuilding(logger, missing.Count);

        // The round's own grain makes the summary (one mapping from state to summary), as it does on every load; each
        // goes again once done, so an upgrade of thousands of rounds never holds them all in memory.
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (round, _) => await grains.GetRoundGrain(round).StoreSummaryAsync());
        LogRebuilt(logger, missing.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Count} stored rounds have no summary yet; loading them once to list them")]
    private static partial void LogRebuilding(ILogger logger, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Count} round summaries rebuilt")]
    private static partial void LogRebuilt(ILogger logger, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Could not look for rounds without a summary at start-up; they are listed once they are loaded")]
    private static partial void LogNotRebuilt(ILogger logger, Exception exception);
}
