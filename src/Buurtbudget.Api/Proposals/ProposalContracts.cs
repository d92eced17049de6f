using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Api.Proposals;

public sealed record LocationDto(double Latitude, double Longitude);

/// <param name="Category">traffic-safety, greenery, lighting, safety, cleanliness, meeting, youth, play-and-sport, other.</param>
/// <param name="EstimatedCostCents">Whole eurocents: 1250000 is € 12.500,00.</param>
/// <param name="Buurt">Optional CBS buurt code, e.g. BU05990310.</param>
public sealed record ProposalRequest(string? Title, string? Description, string? Category, long? EstimatedCostCents, string? Buurt = null, LocationDto? Location = null);

/// <param name="Decision">feasible (with approvedCostCents) or infeasible (with reason).</param>
public sealed record ReviewRequest(string? Decision, long? ApprovedCostCents = null, string? Note = null, string? Reason = null);

public sealed record MergeRequest(int? Into, string? Note = null);

public sealed record ProposalDto(
    int Id,
    string Title,
    string Description,
    string Category,
    long EstimatedCostCents,
    long? ApprovedCostCents,
    string? Buurt,
    LocationDto? Location,
    string Status,
    string? ReviewNote,
    string? InfeasibleReason,
    int? MergedInto,
    IReadOnlyList<int> MergedFrom,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    bool IsMine,
    IReadOnlyList<ProposalImageDto>? Images = null);

/// <summary>A picture of a proposal. Shown ones are read at
/// <c>/api/rounds/{roundId}/proposals/{proposalId}/images/{image}</c> (and <c>…/{thumbnail}</c>); a hidden one carries the
/// coordinator's reason instead; removed and erased ones keep only their hashes, as the round's log does.</summary>
/// <param name="Status">shown, removed or hidden.</param>
public sealed record ProposalImageDto(string Image, string Thumbnail, string AltText, int Width, int Height, string Status, string? HiddenReason, bool Erased);

internal static class ProposalMapping
{
    private static readonly (string Name, ProposalCategory Category)[] CategoryNames =
    [
        ("traffic-safety", ProposalCategory.TrafficSafety),
        ("greenery", ProposalCategory.Greenery),
        ("lighting", ProposalCategory.Lighting),
        ("safety", ProposalCategory.Safety),
        ("cleanliness", ProposalCategory.Cleanliness),
        ("meeting", ProposalCategory.Meeting),
        ("youth", ProposalCategory.Youth),
        ("play-and-sport", ProposalCategory.PlayAndSport),
        ("other", ProposalCategory.Other),
    ];

    public static string Name(ProposalCategory category) => CategoryNames.First(c => c.Category == category).Name;

    public static string Name(ProposalStatus status) => status switch
    {
        ProposalStatus.Submitted => "submitted",
        ProposalStatus.Withdrawn => "withdrawn",
        ProposalStatus.Feasible => "feasible",
        ProposalStatus.Infeasible => "infeasible",
        ProposalStatus.Merged => "merged",
        _ => throw new InvalidOperationException($"Unknown proposal status {status}."),
    };

    public static ProposalDto ToDto(this Proposal proposal, ParticipantKey? caller) =>
        new(
            proposal.Id.Number,
            proposal.Content.Title,
            proposal.Content.Description,
            Name(proposal.Content.Category),
            proposal.Content.EstimatedCost.Cents,
            proposal.ApprovedCost?.Cents,
            proposal.Content.Buurt?.Value,
            proposal.Content.Location is { } l ? new LocationDto(l.Latitude, l.Longitude) : null,
            Name(proposal.Status),
            proposal.ReviewNote,
            proposal.InfeasibleReason,
            proposal.MergedInto?.Number,
            proposal.MergedFrom.IsDefault ? [] : [.. proposal.MergedFrom.Select(p => p.Number)],
            proposal.SubmittedAt,
            proposal.UpdatedAt,
            caller is { } key && proposal.Author == key,
            [.. proposal.Images.Select(ToDto)]);

    private static ProposalImageDto ToDto(ProposalImage image) => new(
        image.Image.Value,
        image.Thumbnail.Value,
        image.AltText,
        image.Width,
        image.Height,
        image.Status switch
        {
            ProposalImageStatus.Shown => "shown",
            ProposalImageStatus.Removed => "removed",
            ProposalImageStatus.Hidden => "hidden",
            _ => throw new InvalidOperationException($"Unknown image status {image.Status}."),
        },
        image.HiddenReason,
        image.Erased);

    /// <summary>Reads a proposal from the wire, or the first thing that is missing or malformed. Lengths and amounts
    /// are the domain's to judge.</summary>
    public static (ProposalContent? Content, DomainError? Error) ToContent(this ProposalRequest request)
    {
        if (request.Title is null)
        {
            return (null, RoundMapping.Missing("title"));
        }

        if (request.Description is null)
        {
            return (null, RoundMapping.Missing("description"));
        }

        if (request.Category is null)
        {
            return (null, RoundMapping.Missing("category"));
        }

        var category = CategoryNames.FirstOrDefault(c => string.Equals(c.Name, request.Category, StringComparison.OrdinalIgnoreCase));
        if (category.Name is null)
        {
            return (null, RoundMapping.Invalid("category", request.Category, string.Join(", ", CategoryNames.Select(c => c.Name))));
        }

        if (request.EstimatedCostCents is not { } cents)
        {
            return (null, RoundMapping.Missing("estimatedCostCents"));
        }

        BuurtCode? buurt = null;
        if (!string.IsNullOrWhiteSpace(request.Buurt))
        {
            if (!BuurtCode.TryParse(request.Buurt.Trim(), out var code))
            {
                return (null, DomainError.Of(DistrictErrors.InvalidBuurtCode, ("value", request.Buurt)));
            }

            buurt = code;
        }

        GeoPoint? location = request.Location is { } l ? new GeoPoint(l.Latitude, l.Longitude) : null;

        // At the door, not in the round's rules: an audit replays every stored event through those rules, and a log
        // that holds a place accepted before this check (anywhere on earth) must keep verifying.
        if (location is { IsValid: true, IsInNetherlands: false } outside)
        {
            return (null, DomainError.Of(DistrictErrors.LocationOutsideNetherlands, ("latitude", outside.Latitude), ("longitude", outside.Longitude)));
        }

        return (new ProposalContent(request.Title, request.Description, category.Category, new Money(cents), buurt, location), null);
    }
}
