using System.Collections.Immutable;

namespace Buurtbudget.CrashTrials.Voting;

/// <summary>What one resident does in a trial: one ballot, sometimes replaced once or twice, each attempt with
/// a different set of proposals than the one before, so that the stored ballot shows which attempt landed.</summary>
public sealed class ResidentPlan
{
    private readonly AttemptOutcome[] _outcomes;
    private readonly int[] _acknowledgedRevisions;

    public ResidentPlan(string subject, ImmutableArray<ImmutableArray<int>> attempts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (attempts.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A resident plans at least one ballot.", nameof(attempts));
        }

        Subject = subject;
        Attempts = attempts;
        _outcomes = new AttemptOutcome[attempts.Length];
        _acknowledgedRevisions = new int[attempts.Length];
    }

    public string Subject { get; }

    /// <summary>The proposal numbers chosen in each attempt, in the order they are sent.</summary>
    public ImmutableArray<ImmutableArray<int>> Attempts { get; }

    public AttemptOutcome Outcome(int attempt) => _outcomes[attempt];

    /// <summary>The revision the API reported for an acknowledged attempt.</summary>
    public int AcknowledgedRevision(int attempt) => _acknowledgedRevisions[attempt];

    /// <summary>The next attempt to send, or -1 when every attempt was answered (or one was not, which ends the plan).</summary>
    public int NextAttempt
    {
        get
        {
            for (var i = 0; i < _outcomes.Length; i++)
            {
                switch (_outcomes[i])
                {
                    case AttemptOutcome.NotSent:
                        return i;
                    case AttemptOutcome.Acknowledged:
                        continue;
                    default:
                        return -1;
                }
            }

            return -1;
        }
    }

    /// <summary>The last attempt acknowledged with a success status, or -1.</summary>
    public int LastAcknowledged => Array.LastIndexOf(_outcomes, AttemptOutcome.Acknowledged);

    /// <summary>The attempt after the last acknowledged one, when it was sent and not acknowledged: it was in flight
    /// (or failed ambiguously), so it may or may not have landed. -1 when there is none.</summary>
    public int Unconfirmed
    {
        get
        {
            var next = LastAcknowledged + 1;
            return next < _outcomes.Length && _outcomes[next] == AttemptOutcome.Unconfirmed ? next : -1;
        }
    }

    public int AcknowledgedCount => _outcomes.Count(o => o == AttemptOutcome.Acknowledged);

    public void Acknowledge(int attempt, int revision)
    {
        _outcomes[attempt] = AttemptOutcome.Acknowledged;
        _acknowledgedRevisions[attempt] = revision;
    }

    public void LeaveUnconfirmed(int attempt) => _outcomes[attempt] = AttemptOutcome.Unconfirmed;

    /// <summary>Plans <paramref name="count"/> residents over proposals 1..<paramref name="proposals"/>. About a
    /// third replace their ballot, some twice.</summary>
    public static ImmutableArray<ResidentPlan> Many(string subjectPrefix, int count, int proposals, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(proposals, 2);
        var fullSet = (1 << proposals) - 1;
        var plans = ImmutableArray.CreateBuilder<ResidentPlan>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            var attemptCount = roll < 0.10 ? 3 : roll < 0.35 ? 2 : 1;
            var attempts = ImmutableArray.CreateBuilder<ImmutableArray<int>>(attemptCount);
            var previous = 0;
            for (var a = 0; a < attemptCount; a++)
            {
                int mask;
                do
                {
                    mask = random.Next(1, fullSet + 1);
                }
                while (mask == previous);

                previous = mask;
                attempts.Add([.. Enumerable.Range(1, proposals).Where(p => (mask & (1 << (p - 1))) != 0)]);
            }

            plans.Add(new ResidentPlan($"{subjectPrefix}-{i:D5}", attempts.MoveToImmutable()));
        }

        return plans.MoveToImmutable();
    }
}

public enum AttemptOutcome
{
    NotSent = 0,

    /// <summary>Answered 200 with the saved ballot: the API promised it is durable.</summary>
    Acknowledged = 1,

    /// <summary>Sent, but no success answer came (the node died, or the answer was an error): it may or may not
    /// have been stored, and both are correct.</summary>
    Unconfirmed = 2,
}
