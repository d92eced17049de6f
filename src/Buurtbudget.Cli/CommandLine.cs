using System.CommandLine;
using System.CommandLine.Invocation;
using Buurtbudget.Cli.Audits;
using Buurtbudget.Cli.Backups;
using Buurtbudget.Cli.Outcomes;
using Buurtbudget.Cli.Registers;
using Buurtbudget.Cli.Tokens;

namespace Buurtbudget.Cli;

/// <summary>The <c>buurtbudget</c> tool for developers, coordinators and auditors.</summary>
internal static class CommandLine
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Buurtbudget: tools for developers, coordinators and auditors.");
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(OutcomeCommand.Create());
        root.Subcommands.Add(RegisterHashCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        foreach (var backupCommand in BackupCommands.Create())
        {
            root.Subcommands.Add(backupCommand);
        }

        return root;
    }

    /// <summary>Runs one command line; output and errors go to the given writers so that tests can run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand().Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            // Usage errors get their own exit code, so scripts can tell a typo from a failure.
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'buurtbudget --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}

internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
