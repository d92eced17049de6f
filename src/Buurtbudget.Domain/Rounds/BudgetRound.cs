namespace Buurtbudget.Domain.Rounds;

/// <summary>The budget round aggregate's decisions: a command and the current state in, events out.</summary>
public static class BudgetRound
{
    /// <summary>Decides <paramref name="command"/> against <paramref name="state"/> at <paramref name="now"/>.
    /// Pure: the same inputs always give the same decision.</summary>
    public static Decision Decide(RoundState state, RoundCommand command, DateTimeOffset now) =>
        throw new InvalidOperationException("PENDING: domain helper");
}

/// <summary>How each event changes the state. The only place state changes.</summary>
internal static class RoundEvolution
{
    public static RoundState Apply(RoundState state, RoundEvent roundEvent) =>
        throw new InvalidOperationException("PENDING: domain helper");
}

/// <summary>Events as stored: a stable type name and UTF-8 JSON. The store hashes these exact bytes.</summary>
public static class RoundEventCodec
{
    public static (string Type, byte[] Payload) Encode(RoundEvent roundEvent) =>
        throw new InvalidOperationException("PENDING: domain helper");

    /// <summary>Throws <see cref="System.Text.Json.JsonException"/> or <see cref="FormatException"/> for an unknown type or a corrupt payload.</summary>
    public static RoundEvent Decode(string type, ReadOnlySpan<byte> payload) =>
        throw new InvalidOperationException("PENDING: domain helper");
}

/// <summary>A whole state as bytes, for snapshots that speed up activation.</summary>
public static class RoundSnapshotCodec
{
    public static byte[] Encode(RoundState state) => throw new InvalidOperationException("PENDING: domain helper");

    public static RoundState Decode(ReadOnlySpan<byte> snapshot) => throw new InvalidOperationException("PENDING: domain helper");
}
