using System.Diagnostics;

namespace Buurtbudget.LoadTests.Tests;

/// <summary>wrk from Debian's packages, installed with apt-get when it is not there (the CI machine starts without
/// it). On a machine where it cannot be installed the test fails and says what to do.</summary>
internal static class WrkTool
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static async Task<string> FindOrInstallAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (Find() is { } found)
            {
                return found;
            }

            var (code, output) = await RunAsync("apt-get", "install", "-y", "-o", "DPkg::Lock::Timeout=300", "wrk");
            if (code != 0)
            {
                (code, output) = await RunAsync("apt-get", "update");
                if (code == 0)
                {
                    (code, output) = await RunAsync("apt-get", "install", "-y", "-o", "DPkg::Lock::Timeout=300", "wrk");
                }
            }

            return Find() ?? throw new InvalidOperationException(
                $"The load tests' smoke run needs wrk, and apt-get could not install it (exit code {code}); install it with: sudo apt-get install -y wrk\n{output}");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }
}
