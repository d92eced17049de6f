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
        trimmed = (text ?? "").Trim();
        if (trimmed.Length < min)
        {
            trimmed = "";
            return Error(field, InvalidTextReasons.TooShort, min, max, (text ?? "").Trim().Length);
        }

        if (trimmed.Length > max)
        {
            var length = trimmed.Length;
            trimmed = "";
            return Error(field, InvalidTextReasons.TooLong, min, max, length);
        }

        foreach (var c in trimmed)
        {
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                var length = trimmed.Length;
                trimmed = "";
                return Error(field, InvalidTextReasons.ControlCharacter, min, max, length);
            }
        }

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
