using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Events;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Actors.Hosting;

/// <summary>How the domain's types cross a grain boundary, without a single Orleans attribute in the domain.
/// <para>Copying: a call inside one silo copies its arguments and answer unless the type is known to be immutable.
/// Every type here is immutable (commands, events, errors, overviews, ballots), so it is passed by reference.</para>
/// <para>Serializing (between silos, or to a client): as System.Text.Json, with the converters the domain already
/// declares for its value types. A round's whole <see cref="RoundState"/> is not among them on purpose: it never
/// crosses a grain boundary (at a quarter of a million ballots it is tens of megabytes); answers carry a
/// <see cref="RoundOverview"/> or one voter's ballot instead.</para></summary>
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
        || type == typeof(StoredEvent)
        || type == typeof(RoundOverview)
        || type == typeof(Ballot)
        || type == typeof(Money)
        || type == typeof(ParticipantKey)
        || type == typeof(RoundId)
        || type == typeof(VotingCodeUse)
        || type == typeof(PaperBatch)
        || type == typeof(ProposalArguments)
        || type == typeof(ArgumentView)
        || type == typeof(ArgumentId)
        || type == typeof(Domain.Proposals.ProposalId)
        || type == typeof(PabulibFile)
        || typeof(WijkBudgetCommand).IsAssignableFrom(type)
        || typeof(WijkBudgetEvent).IsAssignableFrom(type)
        || type == typeof(WijkBudgetState);

    /// <summary>Passes the domain's immutable records by reference instead of copying them.</summary>
    private sealed class ImmutableDomainCopier : IGeneralizedCopier
    {
        public bool IsSupportedType(Type type) => IsJsonType(type);

        public object? DeepCopy(object? input, CopyContext context) => input;
    }
}
