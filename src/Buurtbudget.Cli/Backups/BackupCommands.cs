using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Storage.Sqlite;

namespace Buurtbudget.Cli.Backups;

/// <summary>
/// <c>buurtbudget backup|restore|export-round|import-round|verify-store</c>: backups of the event store for
/// operators and auditors (see README, "Backups"). Output for scripts goes to stdout (an exported round, when
/// no <c>--out</c> is given); what happened goes to stderr. Exit codes: 0 done, 1 refused or failed, 2 usage.
/// </summary>
internal static class BackupCommands
{
    public static IEnumerable<Command> Create() => [Backup(), Restore(), ExportRound(), ImportRound(), VerifyStore()];

    private static Command Backup()
    {
        var data = DataOption(required: true);
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write; it must not exist yet.", HelpName = "file", Required = true };
        var command = new Command("backup", "Back up the embedded SQLite database while the platform runs (SQLite's online backup API), with the pictures under images/ in the same file, and verify the copy.") { data, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            return await Run(error, async () =>
            {
                var report = await SqliteBackup.BackupAsync(DataDirectory.Resolve(parseResult.GetRequiredValue(data)), parseResult.GetRequiredValue(output).FullName, cancellationToken);
                await error.WriteLineAsync($"Backed up to {parseResult.GetRequiredValue(output).FullName}: {report}");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Restore()
    {
        var backup = new Option<FileInfo>("--backup") { Description = "A file written by 'buurtbudget backup'.", HelpName = "file", Required = true };
        var data = DataOption(required: true);
        var command = new Command("restore", "Restore a SQLite backup into a data directory that has no database (stop the platform first), and put its pictures back under images/. The backup is verified before anything is put in place.") { backup, data };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            return await Run(error, async () =>
            {
                var directory = DataDirectory.Resolve(parseResult.GetRequiredValue(data));
                var report = await SqliteBackup.RestoreAsync(parseResult.GetRequiredValue(backup).FullName, directory, cancellationToken);
                await error.WriteLineAsync($"Restored into {directory.Path}: {report}");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command ExportRound()
    {
        var data = DataOption(required: false);
        var postgres = PostgresOption();
        var round = RoundOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of stdout.", HelpName = "file" };
        var command = new Command("export-round", "Write one round's events, with their hashes, as a JSON document.") { data, postgres, round, output };
        command.Validators.Add(result => RequireOneStore(result, data, postgres));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            return await Run(error, () => WithStore(parseResult, data, postgres, mustExist: true, async store =>
            {
                var roundId = parseResult.GetRequiredValue(round);
                RoundExport export;
                if (parseResult.GetValue(output) is { } file)
                {
                    await using var stream = new FileStream(file.FullName, FileMode.CreateNew, FileAccess.Write);
                    export = await RoundTransfer.ExportAsync(store, roundId, stream, TimeProvider.System, cancellationToken);
                }
                else
                {
                    using var buffer = new MemoryStream();
                    export = await RoundTransfer.ExportAsync(store, roundId, buffer, TimeProvider.System, cancellationToken);
                    // The document ends in its own newline; one more would make it differ from its canonical form.
                    await parseResult.InvocationConfiguration.Output.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()));
                }

                if (export.EventCount == 0)
                {
                    await error.WriteLineAsync($"Round {roundId} has no events in this store.");
                    return ExitCodes.Failure;
                }

                await error.WriteLineAsync($"Exported {export.EventCount} events of round {roundId}. {export.Verification}");
                return export.Verification.IsIntact ? ExitCodes.Success : ExitCodes.Failure;
            }));
        });
        return command;
    }

    private static Command ImportRound()
    {
        var data = DataOption(required: false);
        var postgres = PostgresOption();
        var file = new Option<FileInfo>("--file") { Description = "A document written by 'buurtbudget export-round'.", HelpName = "file", Required = true };
        var command = new Command("import-round", "Import a round's events into a store that has none of them, after verifying the whole hash chain.") { data, postgres, file };
        command.Validators.Add(result => RequireOneStore(result, data, postgres));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            return await Run(error, () => WithStore(parseResult, data, postgres, mustExist: false, async store =>
            {
                await using var stream = parseResult.GetRequiredValue(file).OpenRead();
                var import = await RoundTransfer.ImportAsync(store, stream, cancellationToken);
                await error.WriteLineAsync(import.IsAccepted ? import.Message : $"Refused ({import.Refusal}), nothing was stored: {import.Message}");
                return import.IsAccepted ? ExitCodes.Success : ExitCodes.Failure;
            }));
        });
        return command;
    }

    private static Command VerifyStore()
    {
        var data = DataOption(required: false);
        var postgres = PostgresOption();
        var command = new Command("verify-store", "Verify every hash chain in a store (every round's and every wijk budget's), e.g. after a restore.") { data, postgres };
        command.Validators.Add(result => RequireOneStore(result, data, postgres));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            return await Run(error, () => WithStore(parseResult, data, postgres, mustExist: true, async store =>
            {
                var report = await StoreVerification.VerifyAsync(store, cancellationToken);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(report.ToString());
                return report.IsIntact ? ExitCodes.Success : ExitCodes.Failure;
            }));
        });
        return command;
    }

    private static Option<string> DataOption(bool required) => new("--data")
    {
        Description = "The data directory of the embedded SQLite store (holds buurtbudget.db).",
        HelpName = "directory",
        Required = required,
    };

    private static Option<string> PostgresOption() => new("--postgres")
    {
        Description = "A PostgreSQL connection string, e.g. 'Host=db;Database=buurtbudget;Username=backup'. Keep the password in PGPASSWORD or a passfile, not on the command line.",
        HelpName = "connection-string",
    };

    internal static Option<RoundId> RoundOption() => new("--round")
    {
        Description = "The round id.",
        HelpName = "round-id",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (RoundId.TryParse(text, out var id))
            {
                return id;
            }

            result.AddError($"--round '{text}' is not a round id (a GUID such as 019a8e3c-5a00-7000-8000-000000000001).");
            return default;
        },
    };

    private static void RequireOneStore(CommandResult result, Option<string> data, Option<string> postgres)
    {
        var hasData = result.GetResult(data) is { Tokens.Count: > 0 };
        var hasPostgres = result.GetResult(postgres) is { Tokens.Count: > 0 };
        if (hasData == hasPostgres)
        {
            result.AddError("Name one store: --data DIRECTORY (SQLite) or --postgres CONNECTION-STRING.");
        }
    }

    /// <summary>Opens the named store, runs <paramref name="action"/> on it and closes it.</summary>
    /// <param name="mustExist">For SQLite: refuse a directory without a database rather than create an empty one,
    /// so that pointing at the wrong directory is an error, not an empty result.</param>
    private static async Task<int> WithStore(ParseResult parseResult, Option<string> data, Option<string> postgres, bool mustExist, Func<IEventStore, Task<int>> action)
    {
        if (parseResult.GetValue(postgres) is { Length: > 0 } connectionString)
        {
            await using var postgresStore = new PostgresEventStore(connectionString);
            return await action(postgresStore);
        }

        var directory = DataDirectory.Resolve(parseResult.GetRequiredValue(data));
        if (mustExist && !File.Exists(directory.GetFilePath(SqliteEventStore.DatabaseFileName)))
        {
            throw new StorageUnavailableException($"There is no database in '{directory.Path}'.");
        }

        await using var sqliteStore = new SqliteEventStore(directory, TimeProvider.System);
        return await action(sqliteStore);
    }

    /// <summary>Turns the failures an operator can act on into a message and exit code 1, instead of a stack trace.</summary>
    private static async Task<int> Run(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (exception is StorageUnavailableException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.Failure;
        }
    }
}
