namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>The real time plus an offset that a test moves forward, so that "a minute later" takes no minute.</summary>
public sealed class AdjustableClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
