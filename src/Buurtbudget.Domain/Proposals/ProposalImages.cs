using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Proposals;

/// <summary>The SHA-256 of an image's stored bytes, in lower-case hex: the image's name in the image store and in the
/// round's log, so that the log proves which bytes were shown.</summary>
[JsonConverter(typeof(ImageHashJsonConverter))]
public readonly record struct ImageHash
{
    public const int Length = 64;

    private ImageHash(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out ImageHash hash)
    {
        hash = default;
        if (text is not { Length: Length } || !text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return false;
        }

        hash = new ImageHash(text);
        return true;
    }

    public static ImageHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException("An image hash is 64 lower-case hexadecimal digits.");

    /// <summary>The hash of <paramref name="bytes"/>: the name they are stored under.</summary>
    public static ImageHash Of(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));

    public override string ToString() => Value ?? "";
}

public sealed class ImageHashJsonConverter : JsonConverter<ImageHash>
{
    public override ImageHash Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ImageHash.TryParse(reader.GetString(), out var hash) ? hash : throw new JsonException("An image hash is 64 lower-case hexadecimal digits.");

    public override void Write(Utf8JsonWriter writer, ImageHash value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

public enum ProposalImageStatus
{
    Shown = 0,

    /// <summary>Its author took it away.</summary>
    Removed = 1,

    /// <summary>A coordinator hid it; residents see the reason instead.</summary>
    Hidden = 2,
}

/// <summary>One picture of a proposal, as the log knows it: the hashes of the phone-sized and thumbnail versions the
/// platform made (never the upload), the alt text, and whether it is still shown. Removed and hidden pictures stay in
/// the list, so the log and the page say what happened to them.</summary>
/// <param name="Erased">The bytes were deleted from the image store (personal data); the hashes stay.</param>
public sealed record ProposalImage(
    ImageHash Image,
    ImageHash Thumbnail,
    string AltText,
    int Width,
    int Height,
    ProposalImageStatus Status,
    DateTimeOffset AddedAt,
    string? HiddenReason = null,
    bool Erased = false)
{
    [JsonIgnore]
    public bool IsShown => Status == ProposalImageStatus.Shown;
}

/// <summary>The versions the platform made of one upload, as the image store holds them.</summary>
public sealed record StoredImage(ImageHash Image, ImageHash Thumbnail, int Width, int Height);

public static class ProposalImageLimits
{
    public const int MaxShown = 3;
    public const int AltTextMinLength = 3;
    public const int AltTextMaxLength = 250;
}

/// <summary>Why the round refuses a picture command; the API words each (ProblemCatalog).</summary>
public static class ProposalImageErrors
{
    /// <summary>The proposal already shows the most pictures allowed. Args: proposal, max.</summary>
    public const string TooManyImages = "proposal-too-many-images";

    /// <summary>The proposal has no picture with this hash (or none in the state asked for). Args: proposal, image.</summary>
    public const string ImageNotFound = "proposal-image-not-found";

    /// <summary>The same picture is already on the proposal. Args: proposal, image.</summary>
    public const string ImageAlreadyAdded = "proposal-image-already-added";

    /// <summary>A shown picture's bytes cannot be erased: hide or remove it first. Args: proposal, image.</summary>
    public const string ImageStillShown = "proposal-image-still-shown";
}

// Commands
public sealed record AddProposalImage(ParticipantKey By, ProposalId Proposal, StoredImage Image, string AltText) : RoundCommand(By);
public sealed record RemoveProposalImage(ParticipantKey By, ProposalId Proposal, ImageHash Image) : RoundCommand(By);
public sealed record HideProposalImage(ParticipantKey By, ProposalId Proposal, ImageHash Image, string Reason) : RoundCommand(By);
public sealed record EraseProposalImage(ParticipantKey By, ProposalId Proposal, ImageHash Image) : RoundCommand(By);

// Events
public sealed record ProposalImageAdded(ProposalId Proposal, ImageHash Image, ImageHash Thumbnail, string AltText, int Width, int Height, DateTimeOffset At) : RoundEvent;
public sealed record ProposalImageRemoved(ProposalId Proposal, ImageHash Image, DateTimeOffset At) : RoundEvent;
public sealed record ProposalImageHidden(ProposalId Proposal, ImageHash Image, string Reason, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>The picture's bytes were deleted from the image store; the event keeps the hash, so the log still says
/// what was shown.</summary>
public sealed record ProposalImageErased(ProposalId Proposal, ImageHash Image, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>Pictures follow the proposal's text: its author adds and removes them while the proposal may be edited; a
/// coordinator of the wijk may hide one at any time, with a reason residents see; a picture that is no longer shown may
/// have its bytes erased.</summary>
internal static class ProposalImageDecisions
{
    public static Decision Add(RoundState state, AddProposalImage command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command.Image, nameof(command));
        var error = ProposalDecisions.CheckOwnSubmitted(state, command, command.Proposal);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var proposal = state.Proposals[command.Proposal];
        if (proposal.Images.Any(image => image.IsShown && image.Image == command.Image.Image))
        {
            return Decision.Reject(DomainError.Of(ProposalImageErrors.ImageAlreadyAdded, ("proposal", command.Proposal), ("image", command.Image.Image)));
        }

        if (proposal.Images.Count(image => image.IsShown) >= ProposalImageLimits.MaxShown)
        {
            return Decision.Reject(DomainError.Of(ProposalImageErrors.TooManyImages, ("proposal", command.Proposal), ("max", ProposalImageLimits.MaxShown)));
        }

        error = TextRules.Check(command.AltText, "altText", ProposalImageLimits.AltTextMinLength, ProposalImageLimits.AltTextMaxLength, multiline: false, out var altText);
        return error is null
            ? Decision.Accept(new ProposalImageAdded(command.Proposal, command.Image.Image, command.Image.Thumbnail, altText, command.Image.Width, command.Image.Height, now))
            : Decision.Reject(error);
    }

    public static Decision Remove(RoundState state, RemoveProposalImage command, DateTimeOffset now)
    {
        var error = ProposalDecisions.CheckOwnSubmitted(state, command, command.Proposal)
            ?? FindShown(state, command.Proposal, command.Image);
        return error is null
            ? Decision.Accept(new ProposalImageRemoved(command.Proposal, command.Image, now))
            : Decision.Reject(error);
    }

    public static Decision Hide(RoundState state, HideProposalImage command, DateTimeOffset now)
    {
        var error = ProposalDecisions.CheckExists(state, command.Proposal) ?? FindShown(state, command.Proposal, command.Image);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = TextRules.Check(command.Reason, "reason", 1, ProposalLimits.ReviewTextMaxLength, multiline: true, out var reason);
        return error is null
            ? Decision.Accept(new ProposalImageHidden(command.Proposal, command.Image, reason, command.By, now))
            : Decision.Reject(error);
    }

    public static Decision Erase(RoundState state, EraseProposalImage command, DateTimeOffset now)
    {
        var error = ProposalDecisions.CheckExists(state, command.Proposal);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var images = state.Proposals[command.Proposal].Images.Where(i => i.Image == command.Image).ToList();
        if (images.Count == 0 || images.Any(i => i.IsShown))
        {
            return Decision.Reject(DomainError.Of(
                images.Count == 0 ? ProposalImageErrors.ImageNotFound : ProposalImageErrors.ImageStillShown, ("proposal", command.Proposal), ("image", command.Image)));
        }

        // Erasing twice asks for what the store already holds (nothing): a retried request writes no second event.
        return images.All(i => i.Erased) ? Decision.Unchanged() : Decision.Accept(new ProposalImageErased(command.Proposal, command.Image, command.By, now));
    }

    /// <summary>How the image events change a proposal; called from <see cref="RoundEvolution"/>.</summary>
    public static Proposal Apply(Proposal proposal, RoundEvent roundEvent) => roundEvent switch
    {
        ProposalImageAdded e => proposal with
        {
            Images = proposal.Images.Add(new ProposalImage(e.Image, e.Thumbnail, e.AltText, e.Width, e.Height, ProposalImageStatus.Shown, e.At)),
            UpdatedAt = e.At,
        },
        ProposalImageRemoved e => Change(proposal, e.Image, shownOnly: true, image => image with { Status = ProposalImageStatus.Removed }) with { UpdatedAt = e.At },
        ProposalImageHidden e => Change(proposal, e.Image, shownOnly: true, image => image with { Status = ProposalImageStatus.Hidden, HiddenReason = e.Reason }),
        ProposalImageErased e => Change(proposal, e.Image, shownOnly: false, image => image with { Erased = true }),
        _ => throw new ArgumentException($"{roundEvent.GetType().Name} is not an image event.", nameof(roundEvent)),
    };

    /// <summary>Changes the shown picture with this hash (there is at most one), or every picture with it: the same
    /// bytes may have been added, removed and added again, and erased bytes are gone for all of them.</summary>
    private static Proposal Change(Proposal proposal, ImageHash hash, bool shownOnly, Func<ProposalImage, ProposalImage> change)
    {
        var images = proposal.Images;
        var changed = false;
        for (var i = 0; i < images.Length; i++)
        {
            if (images[i].Image == hash && (!shownOnly || images[i].IsShown))
            {
                images = images.SetItem(i, change(images[i]));
                changed = true;
            }
        }

        return changed ? proposal with { Images = images } : throw new InvalidOperationException($"Proposal {proposal.Id} has no image {hash} to change.");
    }

    private static DomainError? FindShown(RoundState state, ProposalId proposal, ImageHash image) =>
        state.Proposals[proposal].Images.Any(i => i.IsShown && i.Image == image)
            ? null
            : DomainError.Of(ProposalImageErrors.ImageNotFound, ("proposal", proposal), ("image", image));
}
