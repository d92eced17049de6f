using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Common;

/// <summary>The rules every free text in a round follows: trimmed, within its length, and without control
/// characters that break displays, logs and PostgreSQL text (which refuses NUL).</summary>
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

        foreach (var c in candidate)
        {
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return Error(field, InvalidTextReasons.ControlCharacter, min, max, candidate.Length);
            }
        }

        trimmed = candidate;
        return null;
    }

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
