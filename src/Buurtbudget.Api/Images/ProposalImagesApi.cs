using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.OpenApi;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Images;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Buurtbudget.Api.Images;

/// <param name="Reason">Shown to residents instead of the picture.</param>
public sealed record HideImageRequest(string? Reason);

/// <summary>Pictures of proposals: the author adds (multipart: <c>file</c> and <c>altText</c>) and removes them while the
/// proposal may be edited; the wijk's coordinators hide one with a reason; once no longer shown, its bytes may be erased
/// by a coordinator of the wijk or an admin. Anyone reads a shown picture at its content-hashed address.</summary>
internal static class ProposalImagesApi
{
    /// <summary>Room for the form's boundaries and the alt text around a file of the largest size.</summary>
    private const long MaxFormBytes = ImageProcessing.MaxUploadBytes + (256 * 1024);

    /// <summary>Content-hashed: the bytes at an address never change, so browsers and proxies keep them for a year.</summary>
    private const string ImmutableCaching = "public, max-age=31536000, immutable";

    public static RouteGroupBuilder MapProposalImagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}/proposals/{proposalId}/images").WithTags("Proposal images").RequireAuthorization(Policies.SignedIn);

        group.MapPost("", AddImage).WithName("AddProposalImage").RequireAuthorization(Policies.Resident)
            .WithMetadata(new RequestBodyLimit(MaxFormBytes))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblems(400, 403, 404, 409, 413, 415, 422, 503)
            .WithSummary("Adds a picture (JPEG, PNG or WebP, at most 10 MB; form fields file and altText) to one's own proposal while it may be edited. Its author.");
        group.MapGet("/{image}", GetImage).WithName("GetProposalImage").AllowPublicRead()
            .ProducesFile(ImageProcessing.ContentType)
            .ProducesProblems(404, 410, 503)
            .WithSummary("The picture (or its thumbnail) with this hash, as JPEG; 410 with the reason once hidden, removed or erased. Anyone.");
        group.MapDelete("/{image}", RemoveImage).WithName("RemoveProposalImage").RequireAuthorization(Policies.Resident).ProducesProblems(403, 404, 409, 503)
            .WithSummary("Removes a picture from one's own proposal while it may be edited. Its author.");
        group.MapPost("/{image}/hiding", HideImage).WithName("HideProposalImage").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 422, 503)
            .WithSummary("Hides a picture, with a reason residents see instead of it. The wijk's coordinators.");
        group.MapDelete("/{image}/bytes", EraseImage).WithName("EraseProposalImage").ProducesProblems(403, 404, 409, 503)
            .WithSummary("Deletes a hidden or removed picture's bytes (personal data); the log keeps its hash. The wijk's coordinators and admins.");
        return group;
    }

    private static async Task<Results<Created<ProposalDto>, ProblemHttpResult>> AddImage(
        RoundId roundId, ProposalId proposalId, IGrainFactory grains, IImageStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (RoundAccess.RequireResidentOf(context, caller, state!) is { } forbidden)
        {
            return forbidden;
        }

        // Refused before the upload is read and decoded: someone else's proposal, or one that is full. The round still
        // decides (it may have changed meanwhile); these only spare the work.
        if (!state!.Proposals.TryGetValue(proposalId, out var proposal))
        {
            return Problems.Problems.Of(context, RoundErrors.ProposalNotFound, ("proposal", proposalId));
        }

        if (proposal.Author != caller.ParticipantKey)
        {
            return Problems.Problems.Of(context, RoundErrors.NotProposalAuthor, ("proposal", proposalId));
        }

        if (proposal.Images.Count(image => image.IsShown) >= ProposalImageLimits.MaxShown)
        {
            return Problems.Problems.Of(context, ProposalImageErrors.TooManyImages, ("proposal", proposalId), ("max", ProposalImageLimits.MaxShown));
        }

        var (upload, altText, formProblem) = await ReadFormAsync(context, cancellationToken);
        if (formProblem is not null)
        {
            return formProblem;
        }

        var (processed, error) = ImageProcessing.Process(upload!);
        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        // Stored before the event, so that the log never names bytes the store does not hold.
        await store.PutAsync(processed!.Phone.Hash, processed.Phone.Bytes, cancellationToken);
        await store.PutAsync(processed.Thumbnail.Hash, processed.Thumbnail.Bytes, cancellationToken);
        return await RoundAccess.SendAsync(
            context,
            grain,
            new AddProposalImage(caller.ParticipantKey, proposalId, processed.ToStored(), altText!),
            result => TypedResults.Created($"/api/rounds/{roundId}/proposals/{proposalId}/images/{processed.Phone.Hash}", result.Round.Proposals[proposalId].ToDto(caller.ParticipantKey)),
            cancellationToken);
    }

    private static async Task<(byte[]? Upload, string? AltText, ProblemHttpResult? Problem)> ReadFormAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            // The endpoint's Accepts metadata already sends other content away; this keeps the handler safe without it.
            return (null, null, Problems.Problems.Of(
                context, ProblemCatalog.UnsupportedMediaType, ("expected", "multipart/form-data"), ("contentType", context.Request.ContentType ?? "")));
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxFormBytes }, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, null, Problems.Problems.From(context, ImageProcessing.TooLargeError(context.Request.ContentLength ?? MaxFormBytes)));
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return (null, null, Problems.Problems.From(context, RoundMapping.Missing("file")));
        }

        string? altText = form["altText"];
        if (altText is null)
        {
            return (null, null, Problems.Problems.From(context, RoundMapping.Missing("altText")));
        }

        if (file.Length > ImageProcessing.MaxUploadBytes)
        {
            return (null, null, Problems.Problems.From(context, ImageProcessing.TooLargeError(file.Length)));
        }

        var upload = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(upload, cancellationToken);
        }

        return (upload, altText, null);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetImage(
        RoundId roundId, ProposalId proposalId, string image, IGrainFactory grains, IImageStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!state!.Proposals.TryGetValue(proposalId, out var proposal))
        {
            return Problems.Problems.Of(context, RoundErrors.ProposalNotFound, ("proposal", proposalId));
        }

        var found = ImageHash.TryParse(image, out var hash)
            ? proposal.Images.Where(i => i.Image == hash || i.Thumbnail == hash).OrderByDescending(i => i.IsShown).FirstOrDefault()
            : null;
        if (found is null)
        {
            return NoSuchImage(context, proposalId, image);
        }

        if (!found.IsShown || found.Erased)
        {
            return found switch
            {
                { Erased: true } => Problems.Problems.Of(context, ProblemCatalog.ImageErased),
                { Status: ProposalImageStatus.Hidden } => Problems.Problems.Of(context, ProblemCatalog.ImageHidden, ("hiddenReason", found.HiddenReason)),
                _ => Problems.Problems.Of(context, ProblemCatalog.ImageRemoved),
            };
        }

        var bytes = await store.GetAsync(hash, cancellationToken);
        if (bytes is null)
        {
            return NoSuchImage(context, proposalId, image);
        }

        context.Response.Headers.CacheControl = ImmutableCaching;
        return TypedResults.File(bytes, ImageProcessing.ContentType, entityTag: new EntityTagHeaderValue($"\"{hash}\""));
    }

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> RemoveImage(
        RoundId roundId, ProposalId proposalId, string image, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ImageHash.TryParse(image, out var hash))
        {
            return NoSuchImage(context, proposalId, image);
        }

        return await RoundAccess.AsResidentAsync(
            context, grains.GetRoundGrain(roundId), by => new RemoveProposalImage(by, proposalId, hash), result => Current(result, proposalId, context), cancellationToken);
    }

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> HideImage(
        RoundId roundId, ProposalId proposalId, string image, HideImageRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ImageHash.TryParse(image, out var hash))
        {
            return NoSuchImage(context, proposalId, image);
        }

        if (request.Reason is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("reason"));
        }

        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new HideProposalImage(by, proposalId, hash, request.Reason),
            result => Current(result, proposalId, context),
            cancellationToken);
    }

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> EraseImage(
        RoundId roundId, ProposalId proposalId, string image, IGrainFactory grains, IImageStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ImageHash.TryParse(image, out var hash))
        {
            return NoSuchImage(context, proposalId, image);
        }

        var answer = await RoundAccess.AsCoordinatorAsync(
            context, grains.GetRoundGrain(roundId), adminMayToo: true, by => new EraseProposalImage(by, proposalId, hash), result => Current(result, proposalId, context), cancellationToken);
        if (answer.Result is not Ok<ProposalDto>)
        {
            return answer;
        }

        // After the event is durable: a failure here leaves bytes that a retry (accepted unchanged) deletes. Bytes that
        // another shown picture of the round uses (the same photo on two proposals) stay for that one.
        var (state, _) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        var erased = state!.Proposals[proposalId].Images.First(i => i.Image == hash);
        var stillShown = state.Proposals.Values.SelectMany(p => p.Images).Where(i => i.IsShown).SelectMany(i => new[] { i.Image, i.Thumbnail }).ToHashSet();
        foreach (var bytes in new[] { erased.Image, erased.Thumbnail }.Where(h => !stillShown.Contains(h)))
        {
            await store.DeleteAsync(bytes, cancellationToken);
        }

        return answer;
    }

    /// <summary>A malformed hash names no picture.</summary>
    private static ProblemHttpResult NoSuchImage(HttpContext context, ProposalId proposalId, string image) =>
        Problems.Problems.Of(context, ProposalImageErrors.ImageNotFound, ("proposal", proposalId), ("image", image));

    private static Ok<ProposalDto> Current(CommandResult result, ProposalId proposalId, HttpContext context) =>
        TypedResults.Ok(result.Round.Proposals[proposalId].ToDto(context.GetCaller().ParticipantKey));
}
