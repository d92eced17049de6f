using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Audit;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Outcomes;
using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Api.Spending;
using Buurtbudget.Api.WebClient;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;
using Buurtbudget.Identity.Callers;
using Microsoft.OpenApi;

namespace Buurtbudget.Api.OpenApi;

/// <summary>The words the API answers in string fields (a phase, a status), as enums in the OpenAPI document, so that a
/// generated client knows every value. Each list is read from the code that writes the field (the mapping's naming
/// function over every value of the domain's enum), so the document cannot list a word the API never writes.</summary>
internal static class ApiValues
{
    private static readonly string[] Phases = [.. Enum.GetValues<RoundPhase>().Select(RoundMapping.Name)];

    private static readonly FrozenDictionary<(Type Type, string Property), string[]> Values = new Dictionary<(Type, string), string[]>
    {
        [(typeof(RoundSummaryDto), nameof(RoundSummaryDto.Phase))] = Phases,
        [(typeof(RoundSummaryDto), nameof(RoundSummaryDto.Integrity))] = Integrities(),
        [(typeof(RoundDto), nameof(RoundDto.Phase))] = Phases,
        [(typeof(RoundDto), nameof(RoundDto.NextPhases))] = Phases,
        [(typeof(RoundDto), nameof(RoundDto.Integrity))] = Integrities(),
        [(typeof(TallyDto), nameof(TallyDto.Phase))] = Phases,
        [(typeof(SpendingDto), nameof(SpendingDto.Phase))] = Phases,
        [(typeof(ProposalDto), nameof(ProposalDto.Status))] = [.. Enum.GetValues<ProposalStatus>().Select(ProposalMapping.Name)],
        [(typeof(ProposalResultDto), nameof(ProposalResultDto.ExplanationKind))] = [.. Enum.GetValues<ExplanationKind>().Select(ResultsApi.KindName)],
        [(typeof(AuditDto), nameof(AuditDto.Verdict))] = [.. Enum.GetValues<AuditVerdict>().Select(AuditVerdictNames.Of)],
        [(typeof(ProjectSpendingDto), nameof(ProjectSpendingDto.Status))] = [.. Enum.GetValues<ProjectStatus>().Select(SpendingNames.Of)],
        [(typeof(SpendDto), nameof(SpendDto.Status))] = [.. Enum.GetValues<SpendStatus>().Select(SpendingNames.Of)],
        [(typeof(BulletinEntryDto), nameof(BulletinEntryDto.Status))] = [BulletinBoardApi.Counted, BulletinBoardApi.Superseded],
        [(typeof(MeDto), nameof(MeDto.Role))] = [.. RoleNames.All, WebClientApi.BusinessOwner],
    }.ToFrozenDictionary();

    /// <summary>Lists the values of the property this schema describes, when it is one of the API's words.</summary>
    public static void Describe(OpenApiSchema schema, System.Text.Json.Serialization.Metadata.JsonPropertyInfo? property)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (property?.DeclaringType is not { } type
            || property.AttributeProvider is not System.Reflection.PropertyInfo member
            || !Values.TryGetValue((type, member.Name), out var values))
        {
            return;
        }

        // A list of words (next phases) lists them for its items.
        var target = schema.Items as OpenApiSchema ?? schema;
        var words = values.Select(value => (JsonNode)JsonValue.Create(value));

        // JSON null is a null node: a nullable word lists it too, or null would not be one of the allowed values.
        target.Enum = [.. words, .. property.IsGetNullable ? [null!] : Array.Empty<JsonNode>()];
    }

    private static string[] Integrities() => [RoundMapping.IntegrityName(RoundIntegrity.Intact), RoundMapping.IntegrityName(new RoundIntegrity(1))];
}
