using System.Globalization;
using System.Text;

namespace Pipeline.TextRules;

/// <summary>
/// The one case and accent folding for comparisons (dates, places, lexicons, entity names): lower case (invariant),
/// diacritics removed, NFC ("Mercoledì" → "mercoledi", "Åland" → "aland").
/// </summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        if (lower.All(char.IsAscii))
        {
            return lower;
        }

        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// How names compare (countries, regions): <see cref="Fold"/>, then every run of punctuation and spaces as one
    /// space, trimmed ("Côte d'Ivoire" → "cote d ivoire", "U.S.A." → "u s a").
    /// </summary>
    public static string FoldWords(string text)
    {
        var chars = Fold(text).Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
