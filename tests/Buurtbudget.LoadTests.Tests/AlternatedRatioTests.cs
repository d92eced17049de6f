using Buurtbudget.LoadTests.Reporting;

namespace Buurtbudget.LoadTests.Tests;

/// <summary>The first ballot's ratio from alternated windows: each ballot window against the ceilings either side of
/// it, the median over the windows.</summary>
public sealed class AlternatedRatioTests
{
    [Fact]
    public void A_machine_that_slows_down_steadily_moves_both_sides_of_each_ratio_alike()
    {
        // The ceiling falls by 1,000 rps per window; the ballot always costs twice a ping, so it runs at half the
        // ceiling of its own moment.
        var series = new AlternatedRatio(threads: 64, connections: 64, firstCeilingRps: 20_000);
        var compared = new List<double>();
        for (var window = 0; window < 4; window++)
        {
            var during = 20_000 - (1_000 * window) - 500;
            compared.Add(series.Add(ballotRps: during / 2.0, nextCeilingRps: 20_000 - (1_000 * (window + 1))));
        }

        Assert.Equal([19_500, 18_500, 17_500, 16_500], compared);
        Assert.All(series.Ratios, ratio => Assert.Equal(0.5, ratio, precision: 10));
        Assert.Equal(0.5, series.MedianRatio, precision: 10);
    }

    [Fact]
    public void One_window_that_met_a_burst_of_other_work_does_not_move_the_median()
    {
        var series = new AlternatedRatio(threads: 2, connections: 64, firstCeilingRps: 10_000);
        foreach (var ballot in new[] { 5_200.0, 5_100, 2_000, 5_300, 5_000 })
        {
            series.Add(ballot, nextCeilingRps: 10_000);
        }

        Assert.Equal([0.52, 0.51, 0.20, 0.53, 0.50], series.Ratios.Select(r => Math.Round(r, 2)));
        Assert.Equal(0.51, series.MedianRatio, precision: 10);
        Assert.Equal(5_100, series.MedianBallotRps);
        Assert.Equal(10_000, series.MedianCeilingRps);
        Assert.Equal(
            "median 0.51 (0.20 to 0.53) over 5 ballot windows alternated with the ceiling's; all windows together 22,600 of 50,000 rps = 0.45",
            series.Describe());
    }

    [Fact]
    public void An_even_number_of_windows_takes_the_mean_of_the_middle_two()
    {
        var series = new AlternatedRatio(threads: 64, connections: 64, firstCeilingRps: 1_000);
        series.Add(400, 1_000);
        series.Add(600, 1_000);

        Assert.Equal(0.5, series.MedianRatio, precision: 10);
        Assert.Equal(500, series.MedianBallotRps);
    }

    [Fact]
    public void A_ceiling_that_measured_nothing_gives_a_ratio_of_zero_not_infinity()
    {
        var series = new AlternatedRatio(threads: 64, connections: 64, firstCeilingRps: 0);
        series.Add(300, 0);

        Assert.Equal([0.0], series.Ratios);
        Assert.False(series.MedianRatio >= 0.5);
        Assert.Equal("no ballot window measured", new AlternatedRatio(2, 64, 1_000).Describe());
    }

    [Fact]
    public void The_nodes_own_cpu_ratio_compares_each_ballot_window_with_the_ceilings_either_side()
    {
        // The ceiling's node CPU per request drifts from 70 to 80 µs; the ballots cost 150, 160 and 300 µs (the last
        // met other work on the node). The ratio of rates is what it is; the CPU ratio is the node's alone.
        var series = new AlternatedRatio(threads: 2, connections: 64, firstCeilingRps: 20_000, firstCeilingNodeCpuUs: 70);
        series.Add(9_000, 20_000, ballotNodeCpuUs: 150, nextCeilingNodeCpuUs: 80);
        series.Add(9_000, 20_000, ballotNodeCpuUs: 160, nextCeilingNodeCpuUs: 80);
        series.Add(9_000, 20_000, ballotNodeCpuUs: 300, nextCeilingNodeCpuUs: 80);

        Assert.Equal([0.50, 0.50, 0.27], series.CpuRatios.Select(r => Math.Round(r, 2)));
        Assert.EndsWith(
            "; the node's CPU per request, ceiling over ballot: median 0.50 (0.27 to 0.50), 80 against 160 µs",
            series.Describe(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_cpu_of_every_window_no_cpu_ratio_is_given()
    {
        var series = new AlternatedRatio(threads: 2, connections: 64, firstCeilingRps: 20_000, firstCeilingNodeCpuUs: 70);
        series.Add(9_000, 20_000, ballotNodeCpuUs: 150, nextCeilingNodeCpuUs: null);

        Assert.Empty(series.CpuRatios);
        Assert.DoesNotContain("CPU", series.Describe(), StringComparison.Ordinal);
    }
}
