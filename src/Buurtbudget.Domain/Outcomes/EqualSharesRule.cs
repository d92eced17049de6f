using System.Collections.Immutable;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>The Method of Equal Shares (RULES.md, "mes" and "mes-add1"): every voter gets an equal share of the
/// budget; a project is bought when its supporters can pay for it, the one that needs the smallest payment per unit
/// of utility first. Exact arithmetic throughout, so ties are ties.</summary>
internal static class EqualSharesRule
{
    /// <summary>One run with every voter's share equal to <paramref name="share"/> (in cents, exact).</summary>
    public static EqualSharesRun Run(Election election, Fraction share, TieBreak tieBreak) => new Engine(election, tieBreak).Run(share);

    /// <summary>The add1 completion: shares B/n, B/n + 1, … (one unit of currency, 100 cents, a step) until the outcome
    /// is exhaustive, or the previous run's outcome if the next one would overspend.</summary>
    public static EqualSharesRun RunWithAdd1(Election election, TieBreak tieBreak)
    {
        var engine = new Engine(election, tieBreak);
        var share = InitialShare(election);
        var current = engine.Run(share);
        while (true)
        {
            if (current.Spent > election.Budget)
            {
                throw new InvalidOperationException("The first run of Equal Shares never overspends.");
            }

            if (engine.IsExhaustive(current))
            {
                return current;
            }

            share += Fraction.Of(100);
            var next = engine.Run(share);
            if (next.Spent > election.Budget)
            {
                return current;
            }

            current = next;
        }
    }

    public static Fraction InitialShare(Election election) =>
        election.Ballots.IsEmpty ? Fraction.Zero : Fraction.Of(election.Budget.Cents, election.Ballots.Length);

    /// <summary>The rule's state for one election: voters with identical ballots merged into units (their budgets stay
    /// equal throughout), and units with equal budgets grouped into classes, so that a project's supporters are
    /// a handful of (class, utility, count) groups rather than thousands of voters.</summary>
    private sealed class Engine
    {
        private readonly Election election;
        private readonly TieBreak tieBreak;
        private readonly long[] costs;
        private readonly long[] multiplicity;
        private readonly int[][] supporters;
        private readonly long[][] utilities;
        private readonly long[] voters;
        private readonly bool costUtility;
        private readonly List<int> touched = [];
        private long[] scratch = new long[16];

        public Engine(Election election, TieBreak tieBreak)
        {
            this.election = election;
            this.tieBreak = tieBreak;
            var index = election.ProjectIndex();
            costs = [.. election.Projects.Select(p => p.Cost.Cents)];
            costUtility = election.Measure == SupportMeasure.Votes;
            var units = new Dictionary<string, int>(StringComparer.Ordinal);
            var unitChoices = new List<(int Project, long Points)[]>();
            var counts = new List<long>();
            foreach (var ballot in election.Ballots)
            {
                var choices = election.Choices(ballot, index).OrderBy(c => c.Project).ToArray();
                var key = string.Join(',', choices.Select(c => $"{c.Project}:{c.Points}"));
                if (units.TryGetValue(key, out var unit))
                {
                    counts[unit]++;
                }
                else
                {
                    units[key] = unitChoices.Count;
                    unitChoices.Add(choices);
                    counts.Add(1);
                }
            }

            multiplicity = [.. counts];
            var supporterLists = costs.Select(_ => new List<int>()).ToArray();
            var utilityLists = costs.Select(_ => new List<long>()).ToArray();
            voters = new long[costs.Length];
            for (var unit = 0; unit < unitChoices.Count; unit++)
            {
                foreach (var (project, points) in unitChoices[unit])
                {
                    supporterLists[project].Add(unit);
                    utilityLists[project].Add(costUtility ? costs[project] : points);
                    voters[project] += multiplicity[unit];
                }
            }

            supporters = [.. supporterLists.Select(l => l.ToArray())];
            utilities = [.. utilityLists.Select(l => l.ToArray())];
        }

        public long Voters(int project) => voters[project];

        public bool IsExhaustive(EqualSharesRun run)
        {
            var left = election.Budget - run.Spent;
            // Free projects are never candidates (RULES.md), so they cannot make a run unexhaustive: counting them
            // would make add1 raise the shares for ever.
            return !Enumerable.Range(0, costs.Length).Any(p => !run.IsFunded(p) && voters[p] > 0 && costs[p] > 0 && costs[p] <= left.Cents);
        }

        public EqualSharesRun Run(Fraction share)
        {
            // Class 0 holds the voters with their whole share, class 1 those who have spent everything.
            var budgets = new List<ClassBudget> { new(share), new(Fraction.Zero) };
            var classOf = new int[multiplicity.Length];
            var candidates = Enumerable.Range(0, costs.Length).Where(p => costs[p] > 0 && voters[p] > 0).ToList();
            var lastRho = new double[costs.Length];
            var funded = new List<EqualSharesPurchase>();
            var fundedSet = new bool[costs.Length];
            var spent = 0L;
            var best = new List<int>();
            while (candidates.Count > 0)
            {
                candidates.Sort((a, b) => lastRho[a].CompareTo(lastRho[b]));
                Rho? bestRho = null;
                best.Clear();
                for (var position = 0; position < candidates.Count; position++)
                {
                    var project = candidates[position];
                    // A project's rho never falls (budgets only shrink), so once the last known rho is clearly
                    // above the best one found, neither it nor any project after it can win this step.
                    if (bestRho is not null && lastRho[project] > bestRho.Approximation * (1 + 1e-9))
                    {
                        break;
                    }

                    var groups = Groups(project, classOf, budgets);
                    var rho = RhoOf(project, groups);
                    if (rho is null)
                    {
                        // The supporters' money no longer covers the cost, and budgets only shrink.
                        candidates.RemoveAt(position);
                        position--;
                        continue;
                    }

                    lastRho[project] = rho.Approximation;
                    var order = bestRho is null ? -1 : rho.Order(bestRho);
                    if (order < 0)
                    {
                        bestRho = rho;
                        best.Clear();
                        best.Add(project);
                    }
                    else if (order == 0)
                    {
                        best.Add(project);
                    }
                }

                if (bestRho is null)
                {
                    break;
                }

                var chosen = best.Count == 1 ? best[0] : best.Aggregate((a, b) => Prefer(a, b) ? a : b);
                funded.Add(Buy(chosen, bestRho, classOf, budgets, funded.Count + 1));
                fundedSet[chosen] = true;
                spent += costs[chosen];
                candidates.Remove(chosen);
            }

            // What the supporters of each project have left is only needed to explain the final run, so it is
            // computed on demand: add1 makes many runs and keeps one.
            var finalClasses = classOf;
            var finalBudgets = budgets;
            return new EqualSharesRun(share, [.. funded], fundedSet, new Money(spent), project => ApproximateMoney(Groups(project, finalClasses, finalBudgets)), voters);
        }

        private bool Prefer(int first, int second) =>
            TieBreaking.Compare(
                election.Projects[first].Proposal, election.Projects[first].Cost, voters[first],
                election.Projects[second].Proposal, election.Projects[second].Cost, voters[second], tieBreak) < 0;

        /// <summary>The project's supporters as (class, utility, voters) groups.</summary>
        private List<Group> Groups(int project, int[] classOf, List<ClassBudget> budgets)
        {
            var units = supporters[project];
            var utility = utilities[project];
            if (costUtility)
            {
                // Every supporter's utility is the cost: group by class alone, in a reusable array.
                if (scratch.Length < budgets.Count)
                {
                    scratch = new long[Math.Max(budgets.Count, scratch.Length * 2)];
                }

                touched.Clear();
                for (var i = 0; i < units.Length; i++)
                {
                    var cls = classOf[units[i]];
                    if (scratch[cls] == 0)
                    {
                        touched.Add(cls);
                    }

                    scratch[cls] += multiplicity[units[i]];
                }

                var groups = new List<Group>(touched.Count);
                foreach (var cls in touched)
                {
                    groups.Add(new Group(cls, budgets[cls], costs[project], scratch[cls]));
                    scratch[cls] = 0;
                }

                return groups;
            }

            var byKey = new Dictionary<(int Class, long Utility), long>();
            for (var i = 0; i < units.Length; i++)
            {
                var key = (classOf[units[i]], utility[i]);
                byKey[key] = byKey.GetValueOrDefault(key) + multiplicity[units[i]];
            }

            return [.. byKey.Select(pair => new Group(pair.Key.Class, budgets[pair.Key.Class], pair.Key.Utility, pair.Value))];
        }

        private static Fraction Money(List<Group> groups)
        {
            var total = Fraction.Zero;
            foreach (var group in groups)
            {
                if (group.Budget.Approximation > 0)
                {
                    total += group.Budget.Exact * group.Voters;
                }
            }

            return total;
        }

        private static double ApproximateMoney(List<Group> groups) => groups.Sum(g => g.Budget.Approximation * g.Voters);

        /// <summary>The smallest rho with Σ min(b_i, rho·u_i) = cost, or null when the supporters cannot pay. Found as a
        /// fixed point: whoever cannot pay rho·u pays everything, which raises rho for the rest; repeat until nobody new
        /// falls short. Same rho as walking the supporters in order of b/u. Decided on approximations wherever they
        /// are far apart; the exact value is built only for a close call.</summary>
        private Rho? RhoOf(int project, List<Group> groups)
        {
            var cost = costs[project];
            var approximateMoney = ApproximateMoney(groups);
            if (Fraction.Close(approximateMoney, cost) ? Money(groups) < Fraction.Of(cost) : approximateMoney < cost)
            {
                return null;
            }

            var remaining = (double)cost;
            var utility = groups.Sum(g => g.Utility * g.Voters);
            var paysAll = new List<Group>();
            var paid = new bool[groups.Count];
            while (true)
            {
                var rho = new Rho(cost, [.. paysAll], utility, remaining / utility);
                var fell = false;
                for (var i = 0; i < groups.Count; i++)
                {
                    if (!paid[i] && ShortOf(groups[i], rho))
                    {
                        paid[i] = true;
                        fell = true;
                        paysAll.Add(groups[i]);
                        remaining -= groups[i].Budget.Approximation * groups[i].Voters;
                        utility -= groups[i].Utility * groups[i].Voters;
                    }
                }

                if (!fell)
                {
                    return rho;
                }
            }
        }

        /// <summary>Whether the group's budget is below rho·u: then it pays everything it has left.</summary>
        private static bool ShortOf(Group group, Rho rho)
        {
            var owed = rho.Approximation * group.Utility;
            return Fraction.Close(group.Budget.Approximation, owed)
                ? group.Budget.Exact < rho.Exact * group.Utility
                : group.Budget.Approximation < owed;
        }

        private EqualSharesPurchase Buy(int project, Rho rho, int[] classOf, List<ClassBudget> budgets, int step)
        {
            var groups = Groups(project, classOf, budgets);
            var moneyBefore = ApproximateMoney(groups);
            var next = new Dictionary<(int Class, long Utility), int>();
            var fullPayers = 0L;
            var largest = 0.0;
            foreach (var group in groups)
            {
                var owed = rho.Approximation * group.Utility;
                int target;
                if (Fraction.Close(group.Budget.Approximation, owed) ? group.Budget.Exact <= rho.Exact * group.Utility : group.Budget.Approximation < owed)
                {
                    fullPayers += group.Voters;
                    target = 1;
                    largest = Math.Max(largest, group.Budget.Approximation);
                }
                else
                {
                    target = budgets.Count;
                    budgets.Add(new ClassBudget(group.Budget, rho, group.Utility));
                    largest = Math.Max(largest, owed);
                }

                next[(group.Class, group.Utility)] = target;
            }

            var units = supporters[project];
            var utility = utilities[project];
            for (var i = 0; i < units.Length; i++)
            {
                classOf[units[i]] = next[(classOf[units[i]], utility[i])];
            }

            return new EqualSharesPurchase(project, step, voters[project], fullPayers, largest, moneyBefore);
        }

        /// <summary>A project's rho: (cost − what the full payers have) / the others' utility. The approximation decides
        /// wherever it can; the exact fraction is built on the first close call and kept.</summary>
        private sealed class Rho(long cost, List<Group> fullPayers, long utility, double approximation)
        {
            private Fraction? exact;

            public double Approximation { get; } = approximation;

            public Fraction Exact
            {
                get
                {
                    if (exact is null)
                    {
                        var remaining = Fraction.Of(cost);
                        foreach (var group in fullPayers)
                        {
                            remaining -= group.Budget.Exact * group.Voters;
                        }

                        exact = remaining / utility;
                    }

                    return exact.Value;
                }
            }

            public int Order(Rho other) =>
                Fraction.Close(Approximation, other.Approximation) ? Exact.CompareTo(other.Exact) : Approximation.CompareTo(other.Approximation);
        }

        private readonly record struct Group(int Class, ClassBudget Budget, long Utility, long Voters);

        /// <summary>What each voter of a class has left: the parent class's budget minus one payment. The exact value
        /// is built only when a decision needs it, because reducing fractions with denominators of a thousand bits
        /// for every class after every purchase costs far more than the few close calls that need them.</summary>
        private sealed class ClassBudget
        {
            private ClassBudget? parent;
            private Rho? rho;
            private long utility;
            private Fraction? exact;

            public ClassBudget(Fraction value)
            {
                exact = value;
                Approximation = value.Approximation;
            }

            public ClassBudget(ClassBudget parent, Rho rho, long utility)
            {
                this.parent = parent;
                this.rho = rho;
                this.utility = utility;
                Approximation = parent.Approximation - (rho.Approximation * utility);
            }

            public double Approximation { get; }

            public Fraction Exact
            {
                get
                {
                    if (exact is null)
                    {
                        exact = parent!.Exact - (rho!.Exact * utility);
                        parent = null;
                        rho = null;
                        utility = 0;
                    }

                    return exact.Value;
                }
            }
        }
    }
}

/// <summary>A project Equal Shares bought: in which step, and what its supporters had and paid.</summary>
/// <param name="LargestPayment">The most one supporter paid, in cents; approximate, for explanations only.</param>
/// <param name="SupportersMoney">What the supporters had left of their shares just before, in cents; approximate, for explanations only.</param>
internal sealed record EqualSharesPurchase(int Project, int Step, long Supporters, long FullPayers, double LargestPayment, double SupportersMoney);

/// <summary>The result of one run: the purchases in order, and for every project what its supporters had left at the end.</summary>
internal sealed class EqualSharesRun(Fraction share, ImmutableArray<EqualSharesPurchase> purchases, bool[] funded, Money spent, Func<int, double> moneyLeft, long[] voters)
{
    public Fraction Share { get; } = share;

    public ImmutableArray<EqualSharesPurchase> Purchases { get; } = purchases;

    public Money Spent { get; } = spent;

    public bool IsFunded(int project) => funded[project];

    /// <summary>What the project's supporters had left of their shares when the run ended (0 for a funded project), in
    /// cents; approximate, for explanations only.</summary>
    public double MoneyLeft(int project) => funded[project] ? 0 : moneyLeft(project);

    public long Voters(int project) => voters[project];
}
