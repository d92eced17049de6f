using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;

namespace Buurtbudget.Cli.Tokens;

/// <summary><c>buurtbudget token</c>: a development access token for a demo persona (<c>--persona</c>, listed by
/// <c>--list-personas</c>) or for any role, subject and districts, printed alone on stdout so that
/// <c>TOKEN=$(buurtbudget token …)</c> works. The API accepts it only in Development.</summary>
internal static class TokenCommand
{
    private const int MaximumSubjectLength = 255;

    public static Command Create()
    {
        var role = new Option<Role>("--role")
        {
            Description = $"The persona's role: {string.Join(", ", RoleNames.All)}. Required without --persona.",
            HelpName = string.Join("|", RoleNames.All),
            CustomParser = ParseRole,
        };
        role.CompletionSources.Clear();
        role.CompletionSources.Add(RoleNames.All.ToArray());

        var subject = new Option<string>("--subject")
        {
            HelpName = "subject",
            Description = "The persona's subject at the development issuer, e.g. alice. Required without --persona.",
            CustomParser = ParseSubject,
        };

        var districts = new Option<DistrictCode[]>("--district")
        {
            HelpName = "WK000000",
            Description = "A CBS district code (WK + six digits). A resident's home district; a coordinator's district (repeat for several). Required for residents and coordinators.",
            CustomParser = ParseDistricts,
        };

        var lifetime = new Option<TimeSpan>("--lifetime")
        {
            Description = $"How long the token is valid: 30m, 8h, 2d, or hh:mm:ss; at most {DevelopmentTokenIssuer.MaximumLifetime.TotalDays} days.",
            HelpName = "30m|8h|2d",
            DefaultValueFactory = _ => TimeSpan.FromHours(8),
            CustomParser = ParseLifetime,
        };

        var keyDirectory = new Option<string?>("--key-directory")
        {
            HelpName = "directory",
            Description = $"Where the development signing key lives; by default ${DevelopmentSigningKey.DirectoryVariable} or the user's application data.",
        };

        var persona = new Option<string?>("--persona")
        {
            HelpName = "name",
            Description = "A demo persona (see --list-personas), instead of --role, --subject and --district.",
        };
        persona.AcceptOnlyFromAmong([.. DemoPersonas.All.Select(p => p.Name)]);

        var listPersonas = new Option<bool>("--list-personas")
        {
            Description = "List the demo personas, one a line: name, role, districts and who they are.",
        };

        var command = new Command("token", "Print a development access token for a demo persona.")
        {
            persona, listPersonas, role, subject, districts, lifetime, keyDirectory,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(listPersonas) is not null)
            {
                return;
            }

            var named = new Option[] { role, subject, districts }.Where(option => result.GetResult(option) is { Implicit: false }).Select(option => option.Name).ToList();
            if (result.GetResult(persona) is not null)
            {
                if (named.Count > 0)
                {
                    result.AddError($"--persona sets the role, subject and districts; leave out {string.Join(", ", named)}.");
                }

                return;
            }

            foreach (var required in new Option[] { role, subject }.Where(option => result.GetResult(option) is null))
            {
                result.AddError($"{required.Name} is required, or sign in as a demo persona with --persona (see --list-personas).");
            }

            // Reads the raw tokens: a value that failed its own parser has already reported its error.
            var roleTokens = result.GetResult(role)?.Tokens;
            if (roleTokens is not [var roleToken] || !RoleNames.TryParse(roleToken.Value, out var chosenRole))
            {
                return;
            }

            var districtTexts = result.GetResult(districts)?.Tokens.Select(token => token.Value).Distinct(StringComparer.Ordinal).ToList() ?? [];
            if (chosenRole is Role.Resident or Role.Coordinator && districtTexts.Count == 0)
            {
                result.AddError($"--district is required for a {chosenRole.ToName()}: name the district, e.g. --district WK059903.");
            }
            else if (chosenRole == Role.Resident && districtTexts.Count > 1)
            {
                result.AddError("A resident has one home district: give --district once.");
            }
        });

        command.SetAction(parseResult =>
        {
            var directory = parseResult.GetValue(keyDirectory);
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(listPersonas))
            {
                foreach (var demo in DemoPersonas.All)
                {
                    output.WriteLine(string.Join('\t', demo.Name, demo.Role.ToName(), string.Join(',', demo.Districts.Select(d => d.Value)), demo.Dutch + " / " + demo.English));
                }

                return ExitCodes.Success;
            }

            try
            {
                var key = string.IsNullOrWhiteSpace(directory) ? DevelopmentSigningKey.LoadOrCreateDefault() : DevelopmentSigningKey.LoadOrCreate(directory);
                var issuer = new DevelopmentTokenIssuer(key);
                var token = DemoPersonas.TryFind(parseResult.GetValue(persona), out var chosen)
                    ? chosen.CreateToken(issuer, parseResult.GetValue(lifetime))
                    : issuer.CreateToken(
                        parseResult.GetRequiredValue(subject),
                        [parseResult.GetValue(role)],
                        parseResult.GetValue(districts) ?? [],
                        parseResult.GetValue(lifetime));
                output.WriteLine(token);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
            {
                error.WriteLine($"Could not read or create the development signing key: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static Role ParseRole(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (RoleNames.TryParse(text, out var role))
        {
            return role;
        }

        result.AddError($"--role '{text}' is not a role; use one of {string.Join(", ", RoleNames.All)}.");
        return default;
    }

    private static string? ParseSubject(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaximumSubjectLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            result.AddError($"--subject must be 1 to {MaximumSubjectLength} characters without spaces, e.g. alice.");
            return null;
        }

        return text;
    }

    private static DistrictCode[] ParseDistricts(ArgumentResult result)
    {
        var districts = new List<DistrictCode>();
        foreach (var token in result.Tokens)
        {
            if (DistrictCode.TryParse(token.Value, out var district))
            {
                districts.Add(district);
            }
            else
            {
                result.AddError($"--district '{token.Value}' is not a CBS district code: WK followed by six digits, e.g. WK059903.");
            }
        }

        return [.. districts];
    }

    private static TimeSpan ParseLifetime(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!TryParseLifetime(text, out var lifetime) || lifetime <= TimeSpan.Zero || lifetime > DevelopmentTokenIssuer.MaximumLifetime)
        {
            result.AddError($"--lifetime '{text}' is not a lifetime between zero and {DevelopmentTokenIssuer.MaximumLifetime.TotalDays} days: use e.g. 30m, 8h, 2d or 01:30:00.");
            return default;
        }

        return lifetime;
    }

    private static bool TryParseLifetime(string text, out TimeSpan lifetime)
    {
        lifetime = default;
        if (text.Length >= 2 && char.IsAsciiLetter(text[^1]))
        {
            if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000)
            {
                return false;
            }

            TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            lifetime = unit.Value * amount;
            return true;
        }

        return TimeSpan.TryParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out lifetime);
    }
}
