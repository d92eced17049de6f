using Buurtbudget.LoadTests.Engine;

namespace Buurtbudget.LoadTests.Tests;

/// <summary>The CPU split of a measured window, read from Linux's /proc.</summary>
public sealed class CpuUseTests
{
    [Fact]
    public void A_process_stat_line_is_read_from_after_its_name_even_when_the_name_holds_spaces_and_parentheses()
    {
        // Fields 14 and 15 (utime 1234, stime 567) follow a name that would shift them if split naively.
        const string stat = "4242 (dotnet (api) 2) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 31 0 777 1000 500";

        Assert.Equal(1_801, ProcCpu.ProcessTicks(stat));
    }

    [Fact]
    public void The_machine_line_counts_every_state_and_idle_with_iowait()
    {
        const string stat = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n";

        Assert.Equal((1_000, 840), ProcCpu.MachineTicks(stat));
    }

    [Fact]
    public void Two_readings_give_seconds_of_cpu_and_the_idle_share_of_the_whole_machine()
    {
        var start = new CpuReading(NodeTicks: 1_000, EngineTicks: 500, MachineTicks: 10_000, IdleTicks: 2_000);
        var end = new CpuReading(NodeTicks: 1_300, EngineTicks: 560, MachineTicks: 10_400, IdleTicks: 2_020);

        var use = CpuReading.Between(start, end)!;

        Assert.Equal(3.0, use.NodeSeconds, precision: 10);
        Assert.Equal(0.6, use.EngineSeconds, precision: 10);
        Assert.Equal(0.05, use.IdleShare, precision: 10);
        Assert.Equal(150, use.NodeMicrosecondsPer(20_000)!.Value, precision: 10);
        Assert.Equal(30, use.EngineMicrosecondsPer(20_000)!.Value, precision: 10);
        Assert.Null(use.NodeMicrosecondsPer(0));
    }

    [Fact]
    public void A_missing_reading_gives_no_figures_rather_than_wrong_ones()
    {
        var reading = new CpuReading(1, 1, 100, 10);

        Assert.Null(CpuReading.Between(null, reading));
        Assert.Null(CpuReading.Between(reading, null));
        Assert.Null(CpuReading.Between(reading, reading));
    }

    [Fact]
    public void This_process_can_be_read_as_both_node_and_engine()
    {
        var reading = ProcCpu.Read(Environment.ProcessId, Environment.ProcessId);

        Assert.NotNull(reading);
        Assert.True(reading.NodeTicks > 0);
        Assert.True(reading.MachineTicks > reading.IdleTicks);
        Assert.Null(ProcCpu.Read(int.MaxValue, Environment.ProcessId));
    }
}
