using System.Text;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Proposals;

/// <summary>A proposal's place: the Netherlands' bounding box that new places must lie in, and old logs whose places
/// were accepted before that check still replaying and verifying as they were written.</summary>
public sealed class ProposalLocationTests
{
    [Theory]
    [InlineData(51.9143, 4.4512, true)]    // Middelland, Rotterdam
    [InlineData(50.7536, 6.0207, true)]    // Vaalserberg, the southernmost point
    [InlineData(53.5560, 6.5630, true)]    // Rottumerplaat, the northernmost
    [InlineData(51.3700, 3.3600, true)]    // Cadzand, the westernmost
    [InlineData(53.1900, 7.2270, true)]    // Bad Nieuweschans, the easternmost
    [InlineData(4.4512, 51.9143, false)]   // swapped: off Somalia
    [InlineData(48.8566, 2.3522, false)]   // Paris
    [InlineData(52.5200, 13.4050, false)]  // Berlin
    [InlineData(50.7400, 5.7000, false)]   // just south of the box, in Belgium
    [InlineData(0, 0, false)]
    [InlineData(double.NaN, 4.45, false)]
    public void Only_a_place_in_the_Netherlands_bounding_box_counts_as_in_the_Netherlands(double latitude, double longitude, bool inside)
    {
        Assert.Equal(inside, new GeoPoint(latitude, longitude).IsInNetherlands);
    }

    [Fact]
    public void An_old_log_with_a_place_abroad_still_replays_and_verifies()
    {
        // Before the bounding box, any place on earth was accepted; the audit replays each event through the round's
        // rules, so those rules still accept it and only new proposals meet the box, at the API.
        var scenario = RoundScenario.InSubmission();
        scenario.Do(new SubmitProposal(Sample.Resident(1), Sample.Content(location: new GeoPoint(4.4512, 51.9143))));
        scenario.Do(new EditProposal(Sample.Resident(1), new ProposalId(1), Sample.Content(location: new GeoPoint(48.8566, 2.3522))));

        var replay = LogReplay.Replay(scenario.State.Id, LogReplayTests.Logged(scenario.History));

        Assert.True(replay.IsValid, replay.ToString());
        Assert.Equal(new GeoPoint(48.8566, 2.3522), replay.State.Proposals[new ProposalId(1)].Content.Location);
    }

    [Fact]
    public void A_stored_proposal_event_with_a_place_reads_and_writes_back_byte_for_byte()
    {
        // The hash chain covers the stored bytes: the place must come back out exactly as it went in.
        var scenario = RoundScenario.InSubmission();
        scenario.Do(new SubmitProposal(Sample.Resident(1), Sample.Content(location: new GeoPoint(51.9143, 4.4512))));
        var (type, payload) = RoundEventCodec.Encode(scenario.History[^1]);

        var decoded = (ProposalSubmitted)RoundEventCodec.Decode(type, payload);

        Assert.Contains("\"location\":{\"latitude\":51.9143,\"longitude\":4.4512}", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        Assert.Equal(new GeoPoint(51.9143, 4.4512), decoded.Content.Location);
        Assert.Equal(payload, RoundEventCodec.Encode(decoded).Payload);
    }
}
