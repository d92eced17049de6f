using System.Collections.Immutable;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>A round that people ran honestly, generated from a seed: every command goes through
/// <see cref="BudgetRound.Decide"/> as the round actor sends it, only accepted decisions are stored, and the events
/// are chained with <see cref="EventChain"/> as a store chains them. Random rules, proposals, edits, withdrawals,
/// reviews and merges, a voter register, voting codes, ballots with replacements and blanks, and, if the seed
/// goes that far, the tally, a recount, spending (spends, approvals, rejections, overruns, progress), the close and an audit sign-off of the real head.</summary>
internal sealed class HonestRound
{
    public static readonly DateTimeOffset ExportedAt = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ParticipantKey Coordinator = new("coordinator-9f2a");
    private static readonly ParticipantKey SecondCoordinator = new("coordinator-7c1d");
    private static readonly ParticipantKey Auditor = new("auditor-51c0");

    private readonly Random _random;
    private readonly bool _withCalendar;
    private readonly bool _withClearedCalendar;

    /// <summary>Where set, a voting evening's batch of paper ballots (see <see cref="PaperEvening"/>), with moments from a
    /// clock of its own, so that the main draws stay as they were before paper ballots existed.</summary>
    private readonly Random? _paperClock;
    private readonly bool _withArguments;
    private readonly bool _withPictures;
    private readonly List<StoredEvent> _events = [];

    private HonestRound(int seed)
    {
        // Chosen by the seed rather than drawn, so that the random draws (and with them the rounds that other tests
        // pick by seed) stay as they were before calendars existed.
        _withCalendar = seed % 5 == 4;
        _withClearedCalendar = seed % 10 == 9;
        _withArguments = seed % 3 == 1;
        _withPictures = seed % 7 == 6;
        _random = new Random(seed);
        _paperClock = seed % 4 == 1 ? new Random(seed + 7_919) : null;
        Id = new RoundId(Guid.Parse($"0195a1b2-{seed:x4}-7000-8000-00000000a001", System.Globalization.CultureInfo.InvariantCulture));
        State = RoundState.Initial(Id);
        Now = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddTicks(seed % 10_000_000);
    }

    public RoundId Id { get; }

    public RoundState State { get; private set; }

    public IReadOnlyList<StoredEvent> Events => _events;

    private DateTimeOffset Now { get; set; }

    /// <summary>The round's export, as the API and <c>export-round</c> write it.</summary>
    public byte[] Export() => RoundEventsDocument.FromStored(Id, _events, ExportedAt).ToCanonicalUtf8();

    /// <summary>A round of every kind of event, up to a closed and signed-off audit.</summary>
    public static HonestRound Complete(int seed = 1) => Generate(seed, RoundPhase.Closed);

    /// <summary>A round generated from <paramref name="seed"/>, stopping in a phase the seed picks unless
    /// <paramref name="through"/> says how far to go.</summary>
    public static HonestRound Generate(int seed, RoundPhase? through = null)
    {
        var round = new HonestRound(seed);
        round.Run(through ?? round.Pick([RoundPhase.Voting, RoundPhase.Tallied, RoundPhase.Spending, RoundPhase.Closed, RoundPhase.Closed]));
        return round;
    }

    /// <summary>Chains events as a store does: the way a forger who rewrites a log makes every hash consistent again.</summary>
    public static List<StoredEvent> Chain(RoundId round, IEnumerable<(string Type, ReadOnlyMemory<byte> Payload, DateTimeOffset At)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var chained = new List<StoredEvent>();
        foreach (var (type, payload, at) in events)
        {
            chained.Add(Link(round, chained.Count == 0 ? null : chained[^1], type, payload, at));
        }

        return chained;
    }

    private static StoredEvent Link(RoundId round, StoredEvent? last, string type, ReadOnlyMemory<byte> payload, DateTimeOffset at)
    {
        var previous = last?.Hash ?? EventChain.GenesisHash;
        var sequence = (last?.Sequence ?? 0) + 1;
        return new StoredEvent(round, sequence, type, payload, at, previous, EventChain.Compute(previous.Span, round, sequence, type, at, payload.Span));
    }

    private void Run(RoundPhase through)
    {
        var budget = Money.FromEuros(_random.Next(20, 200) * 1_000);
        Do(new CreateRound(Coordinator, Id, new District(DistrictCode.Parse("WK059903"), "Delfshaven", "Rotterdam"), $"Buurtbudget {_random.Next(1000)}", Rules(budget)));
        if (_random.Next(2) == 0)
        {
            budget = Money.FromEuros(_random.Next(20, 200) * 1_000);
            Do(new ChangeRules(Coordinator, Rules(budget) with { Eligibility = new Eligibility(MinimumAge: 16, RegisterRequired: _random.Next(2) == 0) }));
        }

        var voters = _random.Next(3, 25);
        if (State.Rules!.Eligibility?.RegisterRequired == true || _random.Next(3) == 0)
        {
            Do(new ImportVoterRegister(Coordinator, [.. Enumerable.Range(1, voters).Select(Resident)]));
        }

        if (_withClearedCalendar)
        {
            // A first calendar, removed again before the one the round keeps.
            Do(new SetCalendar(Coordinator, new RoundCalendar(Now.AddDays(10), Now.AddDays(20), Now.AddDays(25), Now.AddDays(40))));
            Do(new ClearCalendar(Coordinator));
        }

        if (_withCalendar)
        {
            // Far enough ahead that the coordinator moves every phase by hand first.
            Do(new SetCalendar(Coordinator, new RoundCalendar(Now.AddDays(30), Now.AddDays(60), Now.AddDays(90), Now.AddDays(120))));
        }

        Do(new OpenSubmission(Coordinator));
        var proposals = _random.Next(1, 8);
        for (var i = 0; i < proposals; i++)
        {
            Do(new SubmitProposal(Resident(_random.Next(1, voters + 1)), Content(budget, $"Voorstel {i + 1}")));
        }

        if (_withArguments)
        {
            // Without random draws, so that the rounds other tests pick by seed stay as they were.
            Do(new PostArgument(Resident(1), new ProposalId(1), ArgumentSide.For, "Dit maakt de straat veiliger voor kinderen.", "Buur een"));
            Do(new PostArgument(Resident(2), new ProposalId(1), ArgumentSide.Against, "Het geld kan beter naar de speeltuin gaan.", "Buur twee"));
            Do(new AgreeWithArgument(Resident(2), new ArgumentId(1)));
            Do(new HideArgument(Coordinator, new ArgumentId(2), "Op verzoek van de schrijver."));
        }

        if (_withPictures)
        {
            // Also without random draws: the author adds two pictures and removes one; a coordinator hides the other
            // and erases its bytes.
            var first = new ProposalId(1);
            var author = State.Proposals[first].Author;
            Do(new AddProposalImage(author, first, Picture(1), "De kruising bij de school"));
            Do(new AddProposalImage(author, first, Picture(2), "Auto's rijden hier hard"));
            Do(new RemoveProposalImage(author, first, Picture(2).Image));
            Do(new HideProposalImage(Coordinator, first, Picture(1).Image, "Er staan herkenbare kinderen op."));
            Do(new EraseProposalImage(Coordinator, first, Picture(1).Image));
        }

        foreach (var proposal in State.Proposals.Values.ToList())
        {
            if (_random.Next(4) == 0)
            {
                Do(new EditProposal(proposal.Author, proposal.Id, Content(budget, proposal.Content.Title + " (herzien)")));
            }
            else if (proposal.Id.Number > 1 && _random.Next(6) == 0)
            {
                Do(new WithdrawProposal(proposal.Author, proposal.Id));
            }
        }

        var codes = _random.Next(3) == 0 ? IssueCodes() : [];
        Do(new StartReview(Coordinator));
        Review(budget);
        if (_random.Next(3) == 0)
        {
            codes = codes.AddRange(IssueCodes());
        }

        Do(new OpenVoting(Coordinator));
        Vote(voters, codes);
        PaperEvening(codes);
        if (through == RoundPhase.Voting)
        {
            return;
        }

        Do(new CloseVoting(Coordinator));
        Do(new RecordRecount(Auditor, BudgetRound.DetermineOutcome(State), State.Version - 1));
        if (through == RoundPhase.Tallied)
        {
            return;
        }

        Do(new StartSpending(Coordinator));
        Spend();
        if (through == RoundPhase.Spending)
        {
            return;
        }

        // A round closes only once every spend is decided.
        foreach (var pending in State.Spending.Spends.Where(spend => spend.Status == SpendStatus.Pending).ToList())
        {
            Do(new ApproveSpend(pending.RecordedBy == Coordinator ? SecondCoordinator : Coordinator, pending.Number));
        }

        Do(new CloseRound(Coordinator));
        var findings = _random.Next(2) == 0
            ? ImmutableArray<AuditFinding>.Empty
            : [new AuditFinding("Twee stemmen zijn binnen een seconde vervangen.", [1, State.Version])];
        Do(new SignOffAudit(Auditor, findings.IsEmpty ? AuditVerdict.Approved : AuditVerdict.Findings, findings, State.Version, Convert.ToHexStringLower(_events[^1].Hash.Span)));
    }

    /// <summary>Coordinators keep the accounts of the funded projects: spends (some over the limit, which the round
    /// refuses), overruns, approvals by the second coordinator, rejections and progress.</summary>
    private void Spend()
    {
        var funded = State.Outcome!.Winners.Select(w => w.Proposal).ToList();
        for (var step = 0; funded.Count > 0 && step < _random.Next(2, 12); step++)
        {
            var proposal = Pick(funded.ToArray());
            var spends = State.Spending.Spends.Length;
            Try(_random.Next(6) switch
            {
                0 or 1 => new RecordSpend(
                    _random.Next(2) == 0 ? Coordinator : SecondCoordinator,
                    proposal,
                    new Money(_random.NextInt64(1, State.Outcome.Budget.Cents / 2 + 2)),
                    "Termijn aannemer",
                    "Stadsbeheer BV",
                    $"F-{_random.Next(10_000)}",
                    DateOnly.FromDateTime(Now.UtcDateTime),
                    _random.Next(2) == 0 ? null : "DMS-88213"),
                2 => new ApproveSpend(SecondCoordinator, _random.Next(1, spends + 2)),
                3 => new RejectSpend(Coordinator, _random.Next(1, spends + 2), "Factuur hoort bij een ander project."),
                4 => new ApproveOverrun(Coordinator, proposal, new Money(_random.NextInt64(1, State.Outcome.Budget.Cents / 4 + 2)), "Tegenvaller in het grondwerk."),
                _ => new ReportProgress(SecondCoordinator, proposal, ProjectStatus.InProgress, _random.Next(0, 100), _random.Next(2) == 0 ? null : "Werk begonnen."),
            });
        }
    }

    private RoundRules Rules(Money budget)
    {
        BallotMethod method = _random.Next(3) switch
        {
            0 => new ApprovalWithinBudget(MaxCount: _random.Next(2) == 0 ? null : _random.Next(1, 5)),
            1 => new ApprovalAtMostK(_random.Next(1, 4)),
            _ => new CumulativePoints(_random.Next(3, 11), _random.Next(2) == 0 ? null : 3),
        };
        var rules = new RoundRules(budget, method, Pick(Enum.GetValues<OutcomeRule>()), Pick(Enum.GetValues<TieBreak>()), _random.Next(1, 3));

        // Not every rule suits every ballot; greedy suits them all.
        return BudgetRound.Decide(RoundState.Initial(Id), new CreateRound(Coordinator, Id, new District(DistrictCode.Parse("WK059903"), "D", "R"), "T", rules), Now).IsAccepted
            ? rules
            : rules with { Rule = OutcomeRule.Greedy };
    }

    private ProposalContent Content(Money budget, string title) =>
        new(title, "Een voorstel om de buurt veiliger en prettiger te maken.", Pick(Enum.GetValues<ProposalCategory>()), new Money(_random.NextInt64(1, budget.Cents + 1)), null, null);

    private ImmutableArray<ParticipantKey> IssueCodes()
    {
        ImmutableArray<ParticipantKey> codes = [.. Enumerable.Range(0, _random.Next(1, 5)).Select(_ => new ParticipantKey($"code-{_random.NextInt64():x16}"))];
        Do(new IssueVotingCodes(Coordinator, codes));
        return codes;
    }

    /// <summary>Every active proposal gets a decision, the first one feasible, so that voting can open.</summary>
    private void Review(Money budget)
    {
        var active = State.Proposals.Values.Where(p => p.IsActive).Select(p => p.Id).ToList();
        Do(new MarkFeasible(Coordinator, active[0], new Money(_random.NextInt64(1, budget.Cents + 1)), null));
        foreach (var proposal in active.Skip(1))
        {
            switch (_random.Next(5))
            {
                case 0:
                    Do(new MarkInfeasible(Coordinator, proposal, "Dit kan de gemeente niet uitvoeren."));
                    break;
                case 1:
                    Do(new MergeProposals(Coordinator, proposal, active[0], "Hetzelfde plan."));
                    break;
                default:
                    Do(new MarkFeasible(Coordinator, proposal, new Money(_random.NextInt64(1, budget.Cents + 1)), _random.Next(2) == 0 ? null : "Inclusief onderhoud."));
                    break;
            }
        }
    }

    /// <summary>Residents vote, some twice (the second replaces the first), some blank; holders of codes vote by code.
    /// A ballot the round refuses (say, one that does not fit the budget) is simply not stored.</summary>
    private void Vote(int voters, ImmutableArray<ParticipantKey> codes)
    {
        var casters = Enumerable.Range(1, voters).Select(Resident).Where(_ => _random.Next(5) > 0).Select(key => (Key: key, ByCode: false))
            .Concat(codes.Where(_ => _random.Next(3) > 0).Select(key => (Key: key, ByCode: true)))
            .ToList();
        foreach (var (key, byCode) in casters.Concat(casters.Where(_ => _random.Next(4) == 0)))
        {
            Try(new CastBallot(key, Ballot(), byCode ? BallotChannel.LetterCode : BallotChannel.SignIn));
        }
    }

    /// <summary>A batch typed twice by two coordinators and committed: a code that voted, on paper again with the same
    /// choices (so the ballots, and with them every later draw, stay as they were), a spoiled paper, and one more
    /// paper only the second entry holds, set aside.</summary>
    private void PaperEvening(ImmutableArray<ParticipantKey> codes)
    {
        if (_paperClock is not { } clock || codes.IsEmpty)
        {
            return;
        }

        var voted = codes.FirstOrDefault(State.Ballots.ContainsKey);
        PaperBallotMark[] pile = voted.Value is null
            ? [PaperBallotMark.SpoiledPaper]
            : [new PaperBallotMark(voted, State.Ballots[voted].Choices), PaperBallotMark.SpoiledPaper];
        Do(new OpenPaperBatch(Coordinator, "Buurthuis, stapel 1"), clock);
        for (var position = 1; position <= pile.Length; position++)
        {
            Do(new EnterPaperBallot(Coordinator, 1, PaperEntryPass.First, position, pile[position - 1]), clock);
            Do(new EnterPaperBallot(SecondCoordinator, 1, PaperEntryPass.Second, position, pile[position - 1]), clock);
        }

        Do(new EnterPaperBallot(SecondCoordinator, 1, PaperEntryPass.Second, pile.Length + 1, PaperBallotMark.SpoiledPaper), clock);
        Do(new FinishPaperEntry(Coordinator, 1, PaperEntryPass.First), clock);
        Do(new FinishPaperEntry(SecondCoordinator, 1, PaperEntryPass.Second), clock);
        Do(new ResolvePaperBallot(Coordinator, 1, pile.Length + 1, null, "Ontbreekt in de eerste invoer; papier zoek."), clock);
        Do(new CommitPaperBatch(Coordinator, 1), clock);
    }

    private ImmutableArray<BallotChoice> Ballot()
    {
        var options = State.BallotOptions.Where(_ => _random.Next(2) == 0).ToList();
        return State.Rules!.Method switch
        {
            CumulativePoints points => [.. options.Take(points.Points).Select(o => new BallotChoice(o.Proposal, 1))],
            ApprovalAtMostK k => [.. options.Take(k.K).Select(o => new BallotChoice(o.Proposal))],
            _ => [.. options.Select(o => new BallotChoice(o.Proposal))],
        };
    }

    private void Do(RoundCommand command, Random? clock = null)
    {
        if (!Try(command, clock))
        {
            throw new InvalidOperationException($"The generator asked for something the round refuses: {command.GetType().Name}.");
        }
    }

    private bool Try(RoundCommand command, Random? clock = null)
    {
        var draws = clock ?? _random;
        Now = Now.AddSeconds(draws.Next(1, 3_600)).AddTicks(draws.Next(10_000_000));
        var decision = BudgetRound.Decide(State, command, Now);
        if (!decision.IsAccepted)
        {
            return false;
        }

        foreach (var roundEvent in decision.Events)
        {
            State = State.Apply(roundEvent);
            var (type, payload) = RoundEventCodec.Encode(roundEvent);
            _events.Add(Link(Id, _events.Count == 0 ? null : _events[^1], type, payload, Now));
        }

        return true;
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private static ParticipantKey Resident(int number) => new($"resident-{number:D4}");

    /// <summary>A picture as the image store would name it: the hashes of two made-up byte strings.</summary>
    private static StoredImage Picture(int number) => new(ImageHashOf($"foto-{number}"), ImageHashOf($"duimnagel-{number}"), 1280, 960);

    private static ImageHash ImageHashOf(string text) =>
        ImageHash.Parse(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
}
