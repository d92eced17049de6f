using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Common;

/// <summary>The rules every free text in a round follows: trimmed, within its length, something to see, and without
/// control characters that break displays, logs and PostgreSQL text (which refuses NUL) or make a text read otherwise
/// than it is stored (direction overrides, a byte-order mark, stacks of combining marks).</summary>
internal static class TextRules
{
    /// <summary>Checks <paramref name="text"/> and gives back its trimmed form.</summary>
    /// <param name="multiline">Long texts may hold line breaks and tabs; titles may not.</param>
    public static DomainError? Check(string? text, string field, int min, int max, bool multiline, out string trimmed)
    {
        var candidate = (text ?? "").Trim();
        trimmed = "";
        if (candidate.Length < min)
        {
            return Error(field, InvalidTextReasons.TooShort, min, max, candidate.Length);
        }

        if (candidate.Length > max)
        {
            return Error(field, InvalidTextReasons.TooLong, min, max, candidate.Length);
        }

        if (Unreadable(candidate, multiline) is { } reason)
        {
            return Error(field, reason, min, max, candidate.Length);
        }

        trimmed = candidate;
        return null;
    }

    /// <summary>Accents stack two or three deep in real writing (Vietnamese, Hebrew with its points); more in a row is
    /// decoration that spills over the lines around it.</summary>
    private const int MaxCombiningMarksInARow = 4;

    /// <summary>Why the text cannot be shown as it is stored, or null when it can.</summary>
    private static string? Unreadable(string text, bool multiline)
    {
        var visible = false;
        var marksInARow = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if ((Rune.IsControl(rune) && !(multiline && rune.Value is '\n' or '\r' or '\t')) || rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0xFEFF)
            {
                return InvalidTextReasons.ControlCharacter;
            }

            var category = Rune.GetUnicodeCategory(rune);
            var mark = category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            marksInARow = mark ? marksInARow + 1 : 0;
            if (marksInARow > MaxCombiningMarksInARow)
            {
                return InvalidTextReasons.CombiningMarks;
            }

            visible |= !mark && !Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune) && category != UnicodeCategory.Format && !Blank(rune.Value);
        }

        return visible || text.Length == 0 ? null : InvalidTextReasons.Invisible;
    }

    /// <summary>Letters that render as nothing (Hangul fillers, the braille blank, the Mongolian vowel separator): a
    /// text made of them looks empty but passes a length check.</summary>
    private static bool Blank(int value) => value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E;

    /// <summary>An optional text: empty after trimming means none.</summary>
    public static DomainError? CheckOptional(string? text, string field, int max, out string? trimmed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            trimmed = null;
            return null;
        }

        var error = Check(text, field, 1, max, multiline: true, out var checkedText);
        trimmed = error is null ? checkedText : null;
        return error;
    }

    private static DomainError Error(string field, string reason, int min, int max, int length) =>
        DomainError.Of(RoundErrors.InvalidText, ("field", field), ("reason", reason), ("min", min), ("max", max), ("length", length));
}
