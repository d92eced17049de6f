using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.VotingCodes;

/// <summary>One-time voting codes sent by post, so that residents without an account can vote (as Amsterdam and
/// OpenStad do). A code is 16 symbols from a 30-symbol alphabet of uppercase letters and digits without the ones
/// people mix up when typing from paper (0/O, 1/I/L, U/V), printed in groups of four: <c>KX7F-9QPM-3TRW-H4NC</c>.
/// Every symbol is drawn uniformly by <see cref="RandomNumberGenerator"/>, so a code holds
/// 16 · log2(30) ≈ 78.5 bits of entropy: guessing one of a million issued codes takes about 2^58.6 tries.</summary>
public static class VotingCode
{
    /// <summary>Digits 2–9 and the letters without I, L, O and U.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const int Length = 16;

    public const int GroupSize = 4;

    /// <summary>The most codes one request may issue: a large wijk's print run, and a bounded event.</summary>
    public const int MaxPerBatch = 50_000;

    /// <summary>Null when a batch of <paramref name="count"/> codes may be issued; otherwise why not. Checked by the
    /// round, and by the API before it draws that many codes.</summary>
    public static DomainError? CheckBatchSize(int count) =>
        count is < 1 or > MaxPerBatch
            ? DomainError.Of(RoundErrors.VotingCodeCountOutOfRange, ("count", count), ("min", 1), ("max", MaxPerBatch))
            : null;

    /// <summary>The issuer under which a code's keyed hash is its key in <paramref name="round"/>: the participant key of a
    /// ballot cast with an unbound code, and what a voter register binds to a person. The platform (for its batches) and
    /// the municipality (<c>buurtbudget register-hash --letters</c>, for codes it prints itself) hash under the same
    /// issuer with the same key, so both give the same key for the same code.</summary>
    public static string KeyIssuerFor(RoundId round) => $"buurtbudget-voting-code:{round}";

    /// <summary>The issuer of a code's key in the voting-code index: one for every round, so that the code alone finds its
    /// round, and apart from every round's own issuer, so that the index holds no key a round's events hold.</summary>
    public const string IndexIssuer = "buurtbudget-voting-code-index";

    /// <summary>Bits of entropy per code: <see cref="Length"/> · log2(<see cref="Alphabet"/> length).</summary>
    public static double EntropyBits => Length * Math.Log2(Alphabet.Length);

    /// <summary>A new code, normalised (no dashes); <see cref="Format"/> groups it for print.</summary>
    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>What a person typed as the code it must be: upper case, without spaces and dashes. False when it
    /// cannot be a code at all (wrong length or a symbol outside the alphabet).</summary>
    public static bool TryNormalize(string? typed, out string code)
    {
        code = "";
        if (typed is null)
        {
            return false;
        }

        var builder = new StringBuilder(Length);
        foreach (var symbol in typed)
        {
            if (symbol is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' || char.IsWhiteSpace(symbol))
            {
                continue;
            }

            var upper = char.ToUpperInvariant(symbol);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || builder.Length == Length)
            {
                return false;
            }

            builder.Append(upper);
        }

        if (builder.Length != Length)
        {
            return false;
        }

        code = builder.ToString();
        return true;
    }

    /// <summary>A normalised code in groups of <see cref="GroupSize"/> joined by dashes, as printed.</summary>
    public static string Format(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return DashedGroups.Format(code, GroupSize);
    }
}
