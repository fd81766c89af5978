using System.Globalization;
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

    /// <summary>
    /// NFC, C1 controls read as Windows-1252, other control characters removed, invisible and bidi-override
    /// characters removed (see <see cref="IsHostileFormat"/>), lone surrogates removed, every run of whitespace
    /// (incl. NBSP) collapsed to one space, trimmed.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsCleanAscii(text))
        {
            return text;   // printable ASCII with single spaces: nothing to clean, nothing to normalize
        }

        text = WithoutLoneSurrogates(text);
        var normalized = System.Text.Ascii.IsValid(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            var character = c is >= '\u0080' and <= '\u009F' ? Windows1252[c - 0x80] : c;
            if (char.IsControl(character) || character == '\uFFFE' || character == '\uFFFF')
            {
                continue;
            }

            if (character >= '\u00AD' && IsHostileFormat(normalized, i, builder, pendingSpace, out var width))
            {
                i += width - 1;
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

    /// <summary>
    /// Markup or an id as it is, without what <see cref="Clean"/> removes (control characters other than tab and
    /// line breaks, invisible and bidi-override characters, lone surrogates); whitespace untouched. The same
    /// instance when there is nothing to remove (the usual case).
    /// </summary>
    public static string CleanMarkup(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = 0;
        while (first < text.Length && !NeedsMarkupCleaning(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        text = WithoutLoneSurrogates(text);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var character = c is >= '\u0080' and <= '\u009F' ? Windows1252[c - 0x80] : c;
            if ((char.IsControl(character) && character is not '\t' and not '\n' and not '\r') || character == '\uFFFE' || character == '\uFFFF')
            {
                continue;
            }

            if (character >= '\u00AD' && IsHostileFormat(text, i, builder, pendingSpace: false, out var width))
            {
                i += width - 1;
                continue;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    /// <summary>An id (item GUID) without what <see cref="CleanMarkup"/> removes, trimmed; null when nothing is left.</summary>
    public static string? CleanId(string? id) => string.IsNullOrWhiteSpace(id) ? null : CleanMarkup(id).Trim() is { Length: > 0 } clean ? clean : null;

    private static bool NeedsMarkupCleaning(char c) =>
        c < '\u00AD' ? (c < ' ' && c is not '\t' and not '\n' and not '\r') || c is >= '\u007F' and <= '\u009F' || c == '\u00AD'
        : c is '\u00AD' or '\u180E' or (>= '\u200B' and <= '\u200D') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F') or '\u3164' or '\uFEFF' or '\uFFA0'
            or (>= '\uFFF9' and <= '\uFFFB') or '\uFFFE' or '\uFFFF' or (>= '\uD800' and <= '\uDFFF');

    /// <summary>
    /// True for a character at <paramref name="index"/> that is invisible or reorders text and that no script needs
    /// there: soft hyphen, zero-width space, word joiner and invisible operators, BOM, bidi embeddings, overrides and
    /// isolates (U+202A–U+202E, U+2066–U+2069), deprecated format characters, interlinear annotation, Mongolian vowel
    /// separator, Hangul filler, musical format characters and tag characters (kept only in an emoji flag's tag
    /// sequence). ZWJ and ZWNJ stay between two characters of a script that uses them (Arabic, Persian, Indic,
    /// emoji sequences…) and go elsewhere (inside a Latin word, at an edge, beside a space). Marks (LRM, RLM, ALM)
    /// and visible format characters (Arabic number signs) stay. <paramref name="width"/> is 2 for a surrogate pair.
    /// </summary>
    private static bool IsHostileFormat(string text, int index, StringBuilder output, bool pendingSpace, out int width)
    {
        var c = text[index];
        width = 1;
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            var codePoint = char.ConvertToUtf32(c, text[index + 1]);
            width = 2;
            if (codePoint is >= 0x1D173 and <= 0x1D17A or 0xE0001)
            {
                return true;
            }

            if (codePoint is >= 0xE0020 and <= 0xE007F)
            {
                // Tag characters: only an emoji flag's tag sequence (U+1F3F4 then tags) uses them; elsewhere they smuggle invisible text.
                var previous = LastRune(output);
                return pendingSpace || previous is not (0x1F3F4 or (>= 0xE0020 and <= 0xE007E));
            }

            return false;
        }

        switch (c)
        {
            case '\u00AD' or '\u180E' or '\u200B' or '\u3164' or '\uFEFF' or '\uFFA0':
            case >= '\u202A' and <= '\u202E':
            case >= '\u2060' and <= '\u2064':
            case >= '\u2066' and <= '\u206F':
            case >= '\uFFF9' and <= '\uFFFB':
                return true;
            case '\u200C' or '\u200D':
                return pendingSpace || !Joinable(LastRune(output)) || !Joinable(NextRune(text, index + 1));
            default:
                return false;
        }
    }

    /// <summary>A character of a script (or an emoji) that ZWJ/ZWNJ may sit beside: a letter, mark or symbol from U+0590 on, not CJK.</summary>
    private static bool Joinable(int codePoint)
    {
        if (codePoint < 0x0590 || codePoint is (>= 0x2E80 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF))
        {
            return false;
        }

        var category = System.Text.Rune.GetUnicodeCategory(new System.Text.Rune(codePoint));
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol;
    }

    private static int LastRune(StringBuilder output)
    {
        var length = output.Length;
        if (length == 0)
        {
            return -1;
        }

        var last = output[length - 1];
        return char.IsLowSurrogate(last) && length > 1 && char.IsHighSurrogate(output[length - 2]) ? char.ConvertToUtf32(output[length - 2], last) : last;
    }

    private static int NextRune(string text, int index)
    {
        if (index >= text.Length)
        {
            return -1;
        }

        var c = text[index];
        return char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? char.ConvertToUtf32(c, text[index + 1]) : c;
    }

    /// <summary>The text without unpaired surrogates (JSON <c>"\ud800"</c>): they cannot be normalized or encoded as UTF-8.</summary>
    internal static string WithoutLoneSurrogates(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                builder?.Append(c);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length);
        }

        return builder?.ToString() ?? text;
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
