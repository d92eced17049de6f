using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.LoadTests.Engine;

/// <summary>One wrk run of the scenario script: one connection per thread, the scenario and its inputs in the
/// environment, the figures read back from the file the script's <c>done()</c> writes.</summary>
/// <param name="inputs">The directory with the token and state slices (see scenarios.lua).</param>
public sealed class WrkRunner(string wrkPath, string scriptPath, Uri target, int connections, string inputs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Connections => connections;

    /// <param name="rate">Requests per second over all connections (open model), or 0 (closed model).</param>
    /// <param name="stateOut">Where the residents' ballots afterwards are written, for write scenarios.</param>
    public async Task<WrkResult> RunAsync(
        string scenario, string? round, double rate, TimeSpan warmUp, TimeSpan measured, string? stateOut, CancellationToken cancellationToken)
    {
        var output = Path.Combine(inputs, $"result-{Guid.NewGuid():N}.json");

        // A second after the window lets the requests due at its end be answered; they count, later ones do not.
        var seconds = (int)Math.Ceiling((warmUp + measured).TotalSeconds) + 1;
        var start = new ProcessStartInfo(wrkPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", Text(connections), "-c", Text(connections), "-d", $"{Text(seconds)}s", "--timeout", "10s",
            "-s", scriptPath, target.GetLeftPart(UriPartial.Authority),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BB_SCENARIO"] = scenario;
        start.Environment["BB_ROUND"] = round ?? "";
        start.Environment["BB_DIR"] = inputs;
        start.Environment["BB_THREADS"] = Text(connections);
        start.Environment["BB_RATE"] = rate.ToString("0.###", CultureInfo.InvariantCulture);
        start.Environment["BB_WARMUP_S"] = warmUp.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        start.Environment["BB_MEASURE_S"] = measured.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        start.Environment["BB_OUT"] = output;
        start.Environment["BB_STATE_OUT"] = stateOut ?? "";

        using var process = Process.Start(start) ?? throw new TrialException($"wrk ('{wrkPath}') could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var errors = await stderr;
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new TrialException($"wrk ended with exit code {process.ExitCode} for {scenario}: {errors}{await stdout}".Trim());
        }

        var result = JsonSerializer.Deserialize<WrkResult>(await File.ReadAllTextAsync(output, cancellationToken), Json)
            ?? throw new TrialException($"The scenario script wrote an empty result for {scenario}.");
        File.Delete(output);
        return result;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
