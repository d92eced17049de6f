using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Ballots;

/// <summary>How many bulletin boards the API keeps in memory (section "BulletinBoard"); see
/// <see cref="BulletinBoardCache"/>.</summary>
public sealed class BulletinBoardOptions
{
    public const string SectionName = "BulletinBoard";

    /// <summary>The highest value allowed: a board holds an entry per ballot (tens of megabytes at a quarter
    /// of a million ballots), so a bound this high is a mistake, not a choice.</summary>
    public const int MaxCachedRounds = 100;

    /// <summary>Rounds whose board is kept, the least recently read one dropped first. A board is read by anyone once
    /// the vote has closed, and building it reads, checks and decodes the round's whole log; a handful covers the
    /// rounds that just closed, which are the ones residents look at.</summary>
    public int CachedRounds { get; set; } = 4;
}

internal sealed class BulletinBoardOptionsValidator : IValidateOptions<BulletinBoardOptions>
{
    public ValidateOptionsResult Validate(string? name, BulletinBoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CachedRounds is >= 1 and <= BulletinBoardOptions.MaxCachedRounds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{BulletinBoardOptions.SectionName}:CachedRounds must be between 1 and {BulletinBoardOptions.MaxCachedRounds} (rounds whose bulletin board is kept in memory), not {options.CachedRounds}.");
    }
}
