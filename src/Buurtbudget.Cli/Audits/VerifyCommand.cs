using System.CommandLine;
using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Storage.Backups;

namespace Buurtbudget.Cli.Audits;

/// <summary><c>buurtbudget verify FILE</c>: the offline check of an export (see <see cref="RoundEventsVerifier"/>):
/// every byte, the hash chain, the round's rules and the published result. Prints a short summary and exits 0 when
/// the export is valid; prints the event at fault and what is wrong with it and exits 1 when not; 2 for usage.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A round's export, from 'buurtbudget export' or 'buurtbudget export-round'." };
        var command = new Command("verify", "Verify a round's export offline: every byte, the hash chain, every event against the round's rules, and the outcome against the ballots.") { file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetRequiredValue(file);
            if (!path.Exists)
            {
                await error.WriteLineAsync($"No such file: {path.FullName}");
                return ExitCodes.Usage;
            }

            var verification = RoundEventsVerifier.Verify(await File.ReadAllBytesAsync(path.FullName, cancellationToken));
            if (!verification.IsValid)
            {
                await output.WriteLineAsync($"INVALID: {verification.Reason}");
                return ExitCodes.Failure;
            }

            await output.WriteAsync(Summary(verification));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Summary(RoundEventsVerification verification)
    {
        var state = verification.State!;
        var head = verification.Head!;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"VALID: round {state.Id}, \"{state.Title}\" ({state.District?.Name}, {state.District?.Code.Value})\n");
        text.Append(CultureInfo.InvariantCulture, $"Events: {head.Sequence}, phase {state.Phase}\n");
        text.Append(CultureInfo.InvariantCulture, $"Head hash: {Convert.ToHexStringLower(head.Hash.Span)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Outcome: {(state.Outcome is { } outcome ? OutcomeTexts.Summary(outcome) : "not published yet")}\n");
        if (state.Audit is { } audit)
        {
            text.Append(CultureInfo.InvariantCulture, $"Audit: {AuditVerdictNames.Of(audit.Verdict)}, signed off up to event {audit.HeadSequence} ({audit.HeadHash})\n");
        }

        text.Append("Every byte, the hash chain and every event against the round's rules check out. That shows the file is whole, not whose it is: compare the head hash with one seen elsewhere (an audit sign-off, or the server's log on another day).\n");
        return text.ToString();
    }
}
