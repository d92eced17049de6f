namespace Buurtbudget.Identity.Tests.Support;

/// <summary>A clock that stands still where the test puts it. Far from the real date on purpose: a check
/// that secretly read the system clock would fail the tests that use it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2031, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public FixedClock()
        : this(Start)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
