using System.Globalization;
using System.Text;

namespace Pipeline.Normalizer.Text;

/// <summary>Plain-text hygiene shared by every format: NFC, whitespace, control characters, accents for matching.</summary>
internal static class TextCleaner
{
    /// <summary>NFC, control characters removed, every run of whitespace (incl. NBSP) collapsed to one space, trimmed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c == '\uFFFE' || c == '\uFFFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Line endings to <c>\n</c>, BOM removed.</summary>
    public static string NormalizeLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\uFEFF');

    /// <summary>Lower-case, accents removed, for matching names ("Mercoledì" → "mercoledi").</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

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
