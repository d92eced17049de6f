using System.Collections.Immutable;
using System.Text.Json;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Wijken;
using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Seeds;

internal sealed class SeedOptions
{
    /// <summary>A directory of seed files (*.json) loaded into an empty store at start-up; empty = no seeds.</summary>
    public string? Directory { get; set; }
}

/// <summary>Loads the seeds at start-up, once the silo runs; a seed that cannot be loaded stops the start.</summary>
internal sealed class SeedLoading(SeedLoader loader) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => loader.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Loads the demo data into an empty store by sending the same commands people would, so seeded rounds
/// have real, hash-chained events. A store that already holds any round is never touched.</summary>
internal sealed partial class SeedLoader(
    IOptions<SeedOptions> options,
    IEventStore store,
    IGrainFactory grains,
    ParticipantHasher hasher,
    TimeProvider time,
    ILogger<SeedLoader> logger)
{
    /// <summary>The issuer under which seeded authors and voters are hashed: they are demo people, not real ones.</summary>
    public const string SeedIssuer = "buurtbudget-seed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var directory = options.Value.Directory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        if (!System.IO.Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Seeds:Directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        if ((await store.ListRoundsAsync(cancellationToken)).Count > 0)
        {
            LogSkipped(logger);
            return;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            var seed = await JsonSerializer.DeserializeAsync<SeedFile>(stream, Json, cancellationToken)
                ?? throw new InvalidOperationException($"Seed file {file} is empty.");
            var districts = seed.Districts.ToDictionary(d => d.Code, StringComparer.Ordinal);
            foreach (var budget in seed.Budgets ?? [])
            {
                await AllocateAsync(budget, districts);
            }

            foreach (var round in seed.Rounds)
            {
                await LoadRoundAsync(round, districts, cancellationToken);
                LogRound(logger, round.Id, round.District, round.Phase);
            }
        }
    }

    private async Task LoadRoundAsync(SeedRound seed, Dictionary<string, SeedDistrict> districts, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(RoundId.Parse(seed.Id));
        var coordinator = Person("coordinator-" + seed.District);
        if (!districts.TryGetValue(seed.District, out var district))
        {
            throw new InvalidOperationException($"Seed round {seed.Id} names district {seed.District}, which the seed file does not list.");
        }

        if (!RoundMapping.TryParsePhase(seed.Phase, out var target))
        {
            throw new InvalidOperationException($"Seed round {seed.Id} has unknown phase '{seed.Phase}'.");
        }

        var (rules, error) = seed.Rules.ToDomain(current: null);
        if (error is not null)
        {
            throw new InvalidOperationException($"Seed round {seed.Id} has invalid rules: {error}.");
        }

        // Like the API: the round's budget is reserved from its wijk's allocation of this year before it is created.
        var code = DistrictCode.Parse(district.Code);
        var wijk = grains.GetWijkBudgetGrain(code);
        await SendAsync(wijk, new ReserveForRound(grain.RoundId(), BudgetYear.Containing(time.GetUtcNow()), rules!.Budget, Person("admin")), $"round {seed.Id}");
        await SendAsync(grain, new CreateRound(Person("admin"), grain.RoundId(), new District(code, district.Name, district.Municipality), seed.Title, rules), cancellationToken);
        if (target < RoundPhase.Submission)
        {
            return;
        }

        await SendAsync(grain, new OpenSubmission(coordinator), cancellationToken);
        foreach (var proposal in seed.Proposals)
        {
            var request = new ProposalRequest(proposal.Title, proposal.Description, proposal.Category, proposal.EstimatedCostCents, proposal.Buurt);
            var (content, contentError) = request.ToContent();
            if (contentError is not null)
            {
                throw new InvalidOperationException($"Seed proposal '{proposal.Title}' is invalid: {contentError}.");
            }

            await SendAsync(grain, new SubmitProposal(Person(proposal.Author), content!), cancellationToken);
        }

        if (target < RoundPhase.Review)
        {
            return;
        }

        await SendAsync(grain, new StartReview(coordinator), cancellationToken);
        var number = 0;
        foreach (var proposal in seed.Proposals)
        {
            var id = new ProposalId(++number);
            RoundCommand? review = proposal.Review switch
            {
                { Decision: "feasible", ApprovedCostCents: { } cents } r => new MarkFeasible(coordinator, id, new Money(cents), r.Note),
                { Decision: "infeasible", Reason: { } reason } => new MarkInfeasible(coordinator, id, reason),
                null => null,
                _ => throw new InvalidOperationException($"Seed proposal '{proposal.Title}' has an incomplete review."),
            };
            if (review is not null)
            {
                await SendAsync(grain, review, cancellationToken);
            }
        }

        if (target < RoundPhase.Voting)
        {
            return;
        }

        if (seed.VotingClosesInDays is { } days)
        {
            // Submission's moments are history; voting opens by hand right after, a minute before its calendar moment.
            var now = time.GetUtcNow();
            var calendar = new RoundCalendar(now.AddDays(-14), now.AddDays(-7), now.AddMinutes(1), now.AddDays(days));
            await SendAsync(grain, new SetCalendar(coordinator, calendar), cancellationToken);
        }

        await SendAsync(grain, new OpenVoting(coordinator), cancellationToken);
        var voter = 0;
        foreach (var ballot in seed.Ballots)
        {
            var choices = ballot.Select(n => new BallotChoice(new ProposalId(n))).ToImmutableArray();
            await SendAsync(grain, new CastBallot(Person($"voter-{seed.District}-{++voter}"), choices), cancellationToken);
        }

        if (target < RoundPhase.Tallied)
        {
            return;
        }

        await SendAsync(grain, new CloseVoting(coordinator), cancellationToken);
        if (target < RoundPhase.Spending)
        {
            return;
        }

        await SendAsync(grain, new StartSpending(coordinator), cancellationToken);
        foreach (var command in SpendingCommands(seed, coordinator, Person("coordinator-2-" + seed.District)))
        {
            await SendAsync(grain, command, cancellationToken);
        }

        if (target == RoundPhase.Closed)
        {
            await SendAsync(grain, new CloseRound(coordinator), cancellationToken);
            await wijk.ReconcileAsync();
        }
    }

    private static IEnumerable<RoundCommand> SpendingCommands(SeedRound seed, ParticipantKey coordinator, ParticipantKey second)
    {
        foreach (var overrun in seed.Spending?.Overruns ?? [])
        {
            yield return new ApproveOverrun(coordinator, new ProposalId(overrun.ProposalId ?? 0), new Money(overrun.AmountCents ?? 0), overrun.Reason ?? "");
        }

        var number = 0;
        foreach (var spend in seed.Spending?.Spends ?? [])
        {
            number++;
            yield return new RecordSpend(
                coordinator, new ProposalId(spend.ProposalId), new Money(spend.AmountCents), spend.Description, spend.Supplier, spend.InvoiceReference, spend.InvoiceDate, spend.AttachmentReference);
            switch (spend.Decision)
            {
                case "approved":
                    yield return new ApproveSpend(second, number);
                    break;
                case "rejected":
                    yield return new RejectSpend(second, number, spend.Reason ?? "");
                    break;
                case null:
                    break;
                default:
                    throw new InvalidOperationException($"Seed round {seed.Id}: spend {number} has decision '{spend.Decision}'; use approved, rejected or none.");
            }
        }

        foreach (var progress in seed.Spending?.Progress ?? [])
        {
            if (!Domain.Spending.SpendingNames.TryParse(progress.Status, out var status))
            {
                throw new InvalidOperationException($"Seed round {seed.Id}: progress status '{progress.Status}' is unknown.");
            }

            yield return new ReportProgress(coordinator, new ProposalId(progress.ProposalId), status, progress.PercentComplete, progress.Milestone);
        }
    }

    private async Task AllocateAsync(SeedBudget budget, Dictionary<string, SeedDistrict> districts)
    {
        if (!districts.ContainsKey(budget.District))
        {
            throw new InvalidOperationException($"A seed budget names district {budget.District}, which the seed file does not list.");
        }

        var year = BudgetYear.Containing(time.GetUtcNow()) - budget.YearsAgo;
        await SendAsync(
            grains.GetWijkBudgetGrain(DistrictCode.Parse(budget.District)),
            new AllocateBudget(year, new Money(budget.AmountCents), budget.Reason, Person("admin")),
            $"the budget of {budget.District} for {year}");
    }

    private ParticipantKey Person(string subject) => hasher.Hash(SeedIssuer, subject);

    private static async Task SendAsync(IWijkBudgetGrain wijk, WijkBudgetCommand command, string what)
    {
        var result = await wijk.ExecuteAsync(command);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed at {command.GetType().Name}: {result.Status} {result.Error}.");
        }
    }

    private static async Task SendAsync(IRoundGrain grain, RoundCommand command, CancellationToken cancellationToken)
    {
        var result = await grain.ExecuteAsync(command);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Seeding round {grain.RoundId()} failed at {command.GetType().Name}: {result.Status} {result.Error}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeds not loaded: the store already holds rounds")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded round {RoundId} in {District}, phase {Phase}")]
    private static partial void LogRound(ILogger logger, string roundId, string district, string phase);
}
