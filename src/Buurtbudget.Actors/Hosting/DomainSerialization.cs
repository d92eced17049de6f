using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Actors.Hosting;

/// <summary>How the domain's types cross a grain boundary, without a single Orleans attribute in the domain.
/// <para>Copying: a call inside one silo copies its arguments and answer unless the type is known to be immutable.
/// Every type here is an immutable record (commands, events, errors, states), so it is passed by reference: a
/// round's state of a hundred thousand ballots costs nothing to hand to the API on the same node.</para>
/// <para>Serializing (between silos, or to a client): commands, events, errors and stored events as System.Text.Json,
/// with the converters the domain already declares for its value types; a round's state as its snapshot encoding,
/// the one format that already holds all of it and is tested to round-trip.</para></summary>
public static class DomainSerialization
{
    public static ISerializerBuilder AddDomainSerialization(this ISerializerBuilder serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        serializer.AddJsonSerializer(isSerializable: IsJsonType, isCopyable: null);
        serializer.Services.AddSingleton<IGeneralizedCopier, ImmutableDomainCopier>();

        // The platform's own exceptions keep their type across the wire: a StorageUnavailableException from a grain on
        // another silo is still a 503 with a retry hint at the API, not an unknown failure.
        serializer.Services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Buurtbudget"));
        return serializer;
    }

    private static bool IsJsonType(Type type) =>
        typeof(RoundCommand).IsAssignableFrom(type)
        || typeof(RoundEvent).IsAssignableFrom(type)
        || type == typeof(DomainError)
        || type == typeof(VoterFacts)
        || type == typeof(StoredEvent);

    /// <summary>Passes the domain's immutable records by reference instead of copying them.</summary>
    private sealed class ImmutableDomainCopier : IGeneralizedCopier
    {
        public bool IsSupportedType(Type type) => IsJsonType(type) || type == typeof(RoundState);

        public object? DeepCopy(object? input, CopyContext context) => input;
    }
}

/// <summary>A round's state on the wire: its snapshot encoding.</summary>
[GenerateSerializer]
[Immutable]
public readonly struct RoundStateSurrogate
{
    public RoundStateSurrogate(byte[] snapshot) => Snapshot = snapshot;

    [Id(0)]
    public byte[] Snapshot { get; }
}

[RegisterConverter]
public sealed class RoundStateConverter : IConverter<RoundState, RoundStateSurrogate>
{
    public RoundState ConvertFromSurrogate(in RoundStateSurrogate surrogate) => RoundSnapshotCodec.Decode(surrogate.Snapshot);

    public RoundStateSurrogate ConvertToSurrogate(in RoundState value) => new(RoundSnapshotCodec.Encode(value));
}

/// <summary>A round's state is immutable: the same instance serves the caller on the same silo.</summary>
[RegisterCopier]
public sealed class RoundStateCopier : ShallowCopier<RoundState>;
