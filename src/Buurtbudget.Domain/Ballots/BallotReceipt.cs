using System.Diagnostics.CodeAnalysis;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Ballots;

/// <summary>The receipt of an accepted ballot: a short code derived from the hash of the event that cast it, so that
/// a resident can find their ballot on the round's bulletin board after the vote, and an auditor can recompute every
/// receipt from an export of the log without trusting the server.</summary>
/// <remarks>
/// <para>Derivation, exactly: take the first 10 bytes of the event's 32-byte chain hash (the <c>hash</c> of the event
/// in the event log, in hex: its first 20 hex digits). Read them as one unsigned 80-bit big-endian number and write
/// it as 16 Crockford base32 digits, most significant first, from the alphabet
/// <c>0123456789ABCDEFGHJKMNPQRSTVWXYZ</c> (each digit is the next 5 bits). Group the digits by four, joined by
/// <c>-</c>: <c>XXXX-XXXX-XXXX-XXXX</c>. Example: a hash starting <c>00443214c74254b635cf</c> gives
/// <c>0123-4567-89AB-CDEF</c>.</para>
/// <para>80 bits make a receipt unguessable and, in a round of even millions of ballots, unique (a collision
/// among a million ballots is about as likely as 2^-41). The alphabet's order is that of its characters, so ordinal
/// order of receipts is the order of their numbers.</para>
/// </remarks>
public readonly record struct BallotReceipt : IComparable<BallotReceipt>
{
    /// <summary>Crockford's base32: digits and upper-case letters without I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>How many bytes of the event's hash the receipt holds.</summary>
    public const int HashBytes = 10;

    /// <summary>Symbols in a receipt, without dashes: 80 bits at 5 bits a symbol.</summary>
    public const int Length = 16;

    public const int GroupSize = 4;

    private BallotReceipt(string digits) => Digits = digits;

    /// <summary>The 16 digits without dashes; null for the default value, which is no receipt.</summary>
    private string? Digits { get; }

    /// <summary>The receipt of the event whose chain hash is <paramref name="eventHash"/> (at least 10 bytes; the
    /// store's hashes are 32).</summary>
    public static BallotReceipt FromEventHash(ReadOnlySpan<byte> eventHash)
    {
        if (eventHash.Length < HashBytes)
        {
            throw new ArgumentException($"An event hash has at least {HashBytes} bytes, not {eventHash.Length}.", nameof(eventHash));
        }

        // 80 bits as a 16-bit high part and a 64-bit low part; each digit takes the next 5 bits from the top.
        var high = ((ulong)eventHash[0] << 8) | eventHash[1];
        ulong low = 0;
        for (var i = 2; i < HashBytes; i++)
        {
            low = (low << 8) | eventHash[i];
        }

        Span<char> digits = stackalloc char[Length];
        for (var index = Length - 1; index >= 0; index--)
        {
            digits[index] = Alphabet[(int)(low & 0x1F)];
            low = (low >> 5) | ((high & 0x1F) << 59);
            high >>= 5;
        }

        return new BallotReceipt(new string(digits));
    }

    /// <summary>A receipt as typed: upper or lower case, with or without dashes and spaces; Crockford's look-alikes
    /// read as the digit they resemble (O as 0, I and L as 1). False when it cannot be a receipt.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out BallotReceipt receipt)
    {
        receipt = default;
        if (text is null)
        {
            return false;
        }

        Span<char> digits = stackalloc char[Length];
        var count = 0;
        foreach (var symbol in text)
        {
            if (symbol == '-' || char.IsWhiteSpace(symbol))
            {
                continue;
            }

            var digit = char.ToUpperInvariant(symbol) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var upper => upper,
            };
            if (count == Length || !Alphabet.Contains(digit, StringComparison.Ordinal))
            {
                return false;
            }

            digits[count++] = digit;
        }

        if (count != Length)
        {
            return false;
        }

        receipt = new BallotReceipt(new string(digits));
        return true;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not a receipt.</exception>
    public static BallotReceipt Parse(string text) =>
        TryParse(text, out var receipt) ? receipt : throw new FormatException($"'{text}' is not a ballot receipt (16 Crockford base32 digits, e.g. 0123-4567-89AB-CDEF).");

    /// <summary>The error for a text that is not a receipt, for a caller to answer with.</summary>
    public static DomainError InvalidError(string? text) =>
        DomainError.Of(BallotReceiptErrors.InvalidReceipt, ("value", text ?? ""));

    public int CompareTo(BallotReceipt other) => string.CompareOrdinal(Digits, other.Digits);

    public static bool operator <(BallotReceipt left, BallotReceipt right) => left.CompareTo(right) < 0;

    public static bool operator >(BallotReceipt left, BallotReceipt right) => left.CompareTo(right) > 0;

    public static bool operator <=(BallotReceipt left, BallotReceipt right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BallotReceipt left, BallotReceipt right) => left.CompareTo(right) >= 0;

    /// <summary>The receipt as shown and printed: four groups of four digits joined by dashes.</summary>
    public override string ToString() =>
        Digits is null ? "" : DashedGroups.Format(Digits, GroupSize);
}

public static class BallotReceiptErrors
{
    public const string InvalidReceipt = "invalid-receipt";
}
