using System.CommandLine;
using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
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
        var receipt = new Option<string?>("--receipt")
        {
            Description = "Also look up a ballot's receipt code (as printed after voting) on the round's bulletin board: counted, superseded, or not there.",
            HelpName = "code",
        };
        var command = new Command("verify", "Verify a round's export offline: every byte, the hash chain, every event against the round's rules, and the outcome against the ballots.") { file, receipt };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetRequiredValue(file);
            BallotReceipt? asked = null;
            if (parseResult.GetValue(receipt) is { } code)
            {
                if (!BallotReceipt.TryParse(code, out var parsed))
                {
                    await error.WriteLineAsync($"'{code}' is not a receipt code: 16 letters and digits, printed as XXXX-XXXX-XXXX-XXXX.");
                    return ExitCodes.Usage;
                }

                asked = parsed;
            }

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

            if (verification.WijkBudget is { } budget)
            {
                await output.WriteAsync(WijkBudgetSummary(verification, budget));
                return asked is { } receiptAsked ? await NoBoardAsync(receiptAsked, output) : ExitCodes.Success;
            }

            await output.WriteAsync(Summary(verification));
            return asked is { } lookup ? await ReceiptAsync(verification, lookup, output) : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What the bulletin board says about one receipt: 0 when it is there (counted, or superseded by a later
    /// ballot of the same voter, whose receipt is named), 1 when it is not: that ballot was not counted as cast.</summary>
    private static async Task<int> ReceiptAsync(RoundEventsVerification verification, BallotReceipt receipt, TextWriter output)
    {
        if (verification.State!.Phase < RoundPhase.Tallied)
        {
            await output.WriteLineAsync($"RECEIPT {receipt}: voting has not closed in this export, so the round has no bulletin board yet.");
            return ExitCodes.Failure;
        }

        switch (verification.Board!.Find(receipt))
        {
            case null:
                await output.WriteLineAsync($"RECEIPT {receipt}: NOT on the bulletin board. No ballot in this round has this receipt; report it to the municipality's auditor.");
                return ExitCodes.Failure;
            case { SupersededBy: { } later } entry:
                await output.WriteLineAsync($"RECEIPT {receipt}: superseded by {later} (the same voter voted again; the later ballot counted). Its choices were: {Choices(entry)}.");
                return ExitCodes.Success;
            case var entry:
                await output.WriteLineAsync($"RECEIPT {receipt}: counted, with the choices {Choices(entry)}.");
                return ExitCodes.Success;
        }
    }

    private static string Choices(BulletinEntry entry) =>
        entry.Choices.IsEmpty
            ? "none (a blank ballot)"
            : string.Join(", ", entry.Choices.Select(c => c.Points == 1 ? $"proposal {c.Proposal.Number}" : $"proposal {c.Proposal.Number} ({c.Points} points)"));

    private static async Task<int> NoBoardAsync(BallotReceipt receipt, TextWriter output)
    {
        await output.WriteLineAsync($"RECEIPT {receipt}: this export is a wijk's budget, not a round; it has no bulletin board.");
        return ExitCodes.Failure;
    }

    private static string ChannelName(BallotChannel channel) => channel switch
    {
        BallotChannel.SignIn => "sign-in:",
        BallotChannel.LetterCode => "letter code:",
        BallotChannel.Paper => "paper:",
        _ => $"{channel}:",
    };

    private static string WijkBudgetSummary(RoundEventsVerification verification, WijkBudgetState budget)
    {
        var head = verification.Head!;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"VALID: wijk budget {budget.District.Value} (stream {verification.RoundId})\n");
        text.Append(CultureInfo.InvariantCulture, $"Events: {head.Sequence}\n");
        text.Append(CultureInfo.InvariantCulture, $"Head hash: {Convert.ToHexStringLower(head.Hash.Span)}\n");
        foreach (var year in budget.Years)
        {
            text.Append(CultureInfo.InvariantCulture, $"{year.Year}: allocated {year.Allocated.ToEnglishString()}, reserved {year.Reserved.ToEnglishString()}, spent {year.Spent.ToEnglishString()}, available {year.Available.ToEnglishString()}\n");
        }

        text.Append("Every byte, the hash chain and every event against the budget's rules (never more reserved and spent than allocated) check out. Compare the head hash with one seen elsewhere.\n");
        return text.ToString();
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
        if (state.Phase >= RoundPhase.Voting)
        {
            // The replay decided every ballot again under its person's key (a letter code bound by the register is its
            // person), so reaching here means no person is counted twice; the per-channel counts come from that replay.
            var channels = state.Channels.Channels.Select(count =>
                $"{ChannelName(count.Channel)} {count.Counted} counted, {count.ReplacedByOtherChannel} replaced by a later ballot through another channel");
            text.Append(CultureInfo.InvariantCulture, $"Ballots: {state.Ballots.Count} persons counted once each ({string.Join("; ", channels.DefaultIfEmpty("none yet"))})\n");
        }

        if (state.Audit is { } audit)
        {
            text.Append(CultureInfo.InvariantCulture, $"Audit: {AuditVerdictNames.Of(audit.Verdict)}, signed off up to event {audit.HeadSequence} ({audit.HeadHash})\n");
        }

        text.Append("Every byte, the hash chain and every event against the round's rules check out. That shows the file is whole, not whose it is: compare the head hash with one seen elsewhere (an audit sign-off, or the server's log on another day).\n");
        return text.ToString();
    }
}
