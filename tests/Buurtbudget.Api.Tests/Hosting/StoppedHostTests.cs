using System.Runtime.CompilerServices;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>A stopped host leaves nothing running that keeps it in memory. One node runs one host, but every test
/// process starts hundreds, and each silo start forces a full collection: when stopped hosts stayed reachable (ASP.NET
/// Core's rate-limiting middleware kept a timer of each), the API tests' heap grew to 4.4 GB and most of their time
/// went to the collector.</summary>
public sealed class StoppedHostTests
{
    [Fact]
    public async Task A_stopped_host_and_its_services_can_be_collected()
    {
        // The first host in a process to enable the runtime's event counters (Orleans' silo statistics do) starts the
        // runtime's counter poller, a thread that lives as long as the process and keeps the context it was started in,
        // and with it that one host. So one host is started and stopped first, and the second is the one watched.
        await StartServeAndStopAsync();
        var services = await StartServeAndStopAsync();

        for (var attempt = 0; attempt < 20 && services.IsAlive; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(50);
        }

        Assert.False(services.IsAlive, "Something still holds the stopped host's services (a timer, a thread or a static that was never let go).");
    }

    /// <summary>Starts a host, serves requests through the whole pipeline (a public read, limited per address, and a
    /// signed-in one), stops it, and hands back only a weak reference to its services.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> StartServeAndStopAsync()
    {
        using var directory = new TestDirectory();
        await using var app = new BuurtbudgetApp(directory);
        using var anonymous = app.Anonymous();
        (await anonymous.GetAsync(new Uri("/api/rounds", UriKind.Relative))).EnsureSuccessStatusCode();
        using var admin = app.Admin();
        (await admin.GetAsync(new Uri("/api/rounds", UriKind.Relative))).EnsureSuccessStatusCode();
        return new WeakReference(app.Services);
    }
}
