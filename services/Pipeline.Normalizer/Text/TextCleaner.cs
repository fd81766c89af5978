using System.Text;

namespace Pipeline.Normalizer.Text;

/// <summary>Plain-text hygiene shared by every format: NFC, whitespace, control characters (folding for matching is <c>Pipeline.TextRules.TextFolding</c>).</summary>
internal static class TextCleaner
{
    /// <summary>
    /// What U+0080–U+009F stand for when they come from Windows-1252 text read as Latin-1 or from
    /// references such as <c>&amp;#146;</c> (HTML's replacement table); the five undefined positions stay controls.
    /// </summary>
    private const string Windows1252 = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
        + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    /// <summary>NFC, C1 controls read as Windows-1252, other control characters removed, every run of whitespace (incl. NBSP) collapsed to one space, trimmed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsCleanAscii(text))
        {
            return text;
        }

        var normalized = System.Text.Ascii.IsValid(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            var character = c is >= '\u0080' and <= '\u009F' ? Windows1252[c - 0x80] : c;
            if (char.IsControl(character) || character == '\uFFFE' || character == '\uFFFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    /// <summary>Printable ASCII, single spaces between words, nothing at either end: already what <see cref="Clean"/> makes of it.</summary>
    private static bool IsCleanAscii(string text)
    {
        var previousSpace = true;
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' || (c == ' ' && previousSpace))
            {
                return false;
            }

            previousSpace = c == ' ';
        }

        return !previousSpace;
    }

    /// <summary>Line endings to <c>\n</c>, BOM removed.</summary>
    public static string NormalizeLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\uFEFF');

    /// <summary>Title case for an all-caps place name ("ROMA" → "Roma", "NEW YORK" → "New York").</summary>
    public static string TitleCaseIfUpper(string text)
    {
        if (text.Any(char.IsLower))
        {
            return text;
        }

        var chars = text.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 0 || chars[i - 1] is ' ' or '-' or '\'' or '’' or '.')
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }
}
