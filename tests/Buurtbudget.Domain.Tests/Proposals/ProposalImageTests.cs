using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Proposals;

public class ProposalImageTests
{
    private static readonly ParticipantKey Author = Sample.Resident(1);
    private static readonly ParticipantKey Neighbour = Sample.Resident(2);
    private static readonly ProposalId First = new(1);

    /// <summary>A picture as the image store would name it: the hashes of two made-up byte strings.</summary>
    internal static StoredImage Picture(int number) => new(Hash($"foto-{number}"), Hash($"duimnagel-{number}"), 1280, 960);

    [Fact]
    public void The_author_adds_up_to_three_pictures_while_the_proposal_may_be_edited()
    {
        var scenario = WithProposal();
        for (var i = 1; i <= ProposalImageLimits.MaxShown; i++)
        {
            var added = Assert.IsType<ProposalImageAdded>(Assert.Single(scenario.Do(new AddProposalImage(Author, First, Picture(i), $"  Foto {i} van de kruising "))));
            Assert.Equal($"Foto {i} van de kruising", added.AltText);
            Assert.Equal(Picture(i).Image, added.Image);
        }

        scenario.Refused(new AddProposalImage(Author, First, Picture(4), "Nog een foto"), ProposalImageErrors.TooManyImages);
        Assert.Equal(3, scenario.State.Proposals[First].Images.Count(i => i.IsShown));

        // Removing one makes room again.
        scenario.Do(new RemoveProposalImage(Author, First, Picture(2).Image));
        scenario.Do(new AddProposalImage(Author, First, Picture(4), "Nog een foto"));
    }

    [Fact]
    public void Only_the_author_adds_or_removes_and_only_until_review()
    {
        var scenario = WithProposal();
        scenario.Refused(new AddProposalImage(Neighbour, First, Picture(1), "Niet van mij"), RoundErrors.NotProposalAuthor);
        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising"));
        scenario.Refused(new RemoveProposalImage(Neighbour, First, Picture(1).Image), RoundErrors.NotProposalAuthor);
        scenario.Refused(new AddProposalImage(Author, new ProposalId(9), Picture(2), "Geen voorstel"), RoundErrors.ProposalNotFound);

        scenario.Do(new StartReview(Sample.Coordinator));

        scenario.Refused(new AddProposalImage(Author, First, Picture(2), "Te laat"), RoundErrors.WrongPhase);
        scenario.Refused(new RemoveProposalImage(Author, First, Picture(1).Image), RoundErrors.WrongPhase);
    }

    [Fact]
    public void A_picture_needs_alt_text_and_is_not_added_twice()
    {
        var scenario = WithProposal();
        var error = scenario.Refused(new AddProposalImage(Author, First, Picture(1), " "), RoundErrors.InvalidText);
        Assert.Equal("altText", error["field"]);
        scenario.Refused(new AddProposalImage(Author, First, Picture(1), "Een\nregel"), RoundErrors.InvalidText);

        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising"));
        scenario.Refused(new AddProposalImage(Author, First, Picture(1), "Dezelfde foto"), ProposalImageErrors.ImageAlreadyAdded);
    }

    [Fact]
    public void A_coordinator_hides_a_picture_with_a_reason_in_any_phase_and_it_no_longer_counts()
    {
        var scenario = WithProposal();
        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising"));
        scenario.Do(new StartReview(Sample.Coordinator));

        scenario.Refused(new HideProposalImage(Sample.Coordinator, First, Picture(1).Image, "  "), RoundErrors.InvalidText);
        var hidden = Assert.IsType<ProposalImageHidden>(Assert.Single(scenario.Do(new HideProposalImage(Sample.Coordinator, First, Picture(1).Image, "Er staan kentekens op."))));

        Assert.Equal(Sample.Coordinator, hidden.By);
        var image = Assert.Single(scenario.State.Proposals[First].Images);
        Assert.Equal(ProposalImageStatus.Hidden, image.Status);
        Assert.Equal("Er staan kentekens op.", image.HiddenReason);
        scenario.Refused(new HideProposalImage(Sample.Coordinator, First, Picture(1).Image, "Nog eens"), ProposalImageErrors.ImageNotFound);
    }

    [Fact]
    public void Only_the_bytes_of_a_picture_that_is_no_longer_shown_are_erased_and_a_second_erase_changes_nothing()
    {
        var scenario = WithProposal();
        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising"));
        scenario.Refused(new EraseProposalImage(Sample.Coordinator, First, Picture(1).Image), ProposalImageErrors.ImageStillShown);
        scenario.Refused(new EraseProposalImage(Sample.Coordinator, First, Picture(2).Image), ProposalImageErrors.ImageNotFound);

        scenario.Do(new RemoveProposalImage(Author, First, Picture(1).Image));
        var erased = Assert.IsType<ProposalImageErased>(Assert.Single(scenario.Do(new EraseProposalImage(Sample.Coordinator, First, Picture(1).Image))));

        Assert.Equal(Picture(1).Image, erased.Image);
        Assert.True(Assert.Single(scenario.State.Proposals[First].Images).Erased);
        Assert.True(scenario.Try(new EraseProposalImage(Sample.Coordinator, First, Picture(1).Image)).IsUnchanged);
    }

    [Fact]
    public void The_same_picture_removed_and_added_again_keeps_its_bytes_while_shown()
    {
        var scenario = WithProposal();
        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising"));
        scenario.Do(new RemoveProposalImage(Author, First, Picture(1).Image));
        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising, opnieuw"));

        scenario.Refused(new EraseProposalImage(Sample.Coordinator, First, Picture(1).Image), ProposalImageErrors.ImageStillShown);
        Assert.Equal([ProposalImageStatus.Removed, ProposalImageStatus.Shown], scenario.State.Proposals[First].Images.Select(i => i.Status));
    }

    [Fact]
    public void A_log_written_before_pictures_existed_replays_to_the_same_bytes_and_proposals_without_pictures()
    {
        // As the store held it before this change: the payload bytes the hash chain covers.
        const string Stored = """{"proposal":1,"author":"resident-0001","content":{"title":"Verkeersdrempel Mathenesserlaan","description":"Auto\u0027s rijden hier veel te hard langs de basisschool; een drempel remt ze af.","category":"TrafficSafety","estimatedCost":500000,"buurt":null,"location":null},"at":"2026-03-02T09:03:00+01:00"}""";
        var scenario = RoundScenario.InSubmission();
        var payload = Encoding.UTF8.GetBytes(Stored);

        var decoded = Assert.IsType<ProposalSubmitted>(RoundEventCodec.Decode("proposal-submitted", payload));
        var state = scenario.State.Apply(decoded);

        Assert.Equal(payload, RoundEventCodec.Encode(decoded).Payload);
        Assert.Empty(state.Proposals[First].Images);

        // A snapshot from before pictures has no "images" member on its proposals; it still restores.
        var snapshot = Encoding.UTF8.GetString(RoundSnapshotCodec.Encode(state)).Replace(",\"images\":[]", "", StringComparison.Ordinal);
        Assert.DoesNotContain("images", snapshot, StringComparison.Ordinal);
        Assert.Empty(RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(snapshot)).Proposals[First].Images);
    }

    [Fact]
    public void Picture_events_round_trip_through_the_codec_and_snapshots_keep_pictures()
    {
        var scenario = WithProposal();
        scenario.Do(new AddProposalImage(Author, First, Picture(1), "De kruising"));
        scenario.Do(new HideProposalImage(Sample.Coordinator, First, Picture(1).Image, "Er staan kentekens op."));

        foreach (var roundEvent in scenario.History.Where(e => e is ProposalImageAdded or ProposalImageHidden))
        {
            var (type, payload) = RoundEventCodec.Encode(roundEvent);
            Assert.StartsWith("proposal-image-", type, StringComparison.Ordinal);
            Assert.Equal(roundEvent, RoundEventCodec.Decode(type, payload));
        }

        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));
        Assert.Equal(scenario.State.Proposals[First].Images.ToArray(), restored.Proposals[First].Images.ToArray());
    }

    private static RoundScenario WithProposal()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Submit(Author);
        scenario.Submit(Neighbour);
        return scenario;
    }

    private static ImageHash Hash(string text) => ImageHash.Parse(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
}
