namespace Pipeline.TextRules;

/// <summary>
/// The one reading of language tags: the normalizer keeps a declared tag in BCP 47 casing (<see cref="Canonical"/>);
/// the enricher and the indexer compare languages by primary subtag (<see cref="Primary"/>), <c>und</c> when unknown.
/// </summary>
public static class LanguageTags
{
    /// <summary>ISO 639-2 "undetermined": the language of an article nobody declared or detected.</summary>
    public const string Undetermined = "und";

    /// <summary>
    /// BCP 47 casing (<c>en-us</c> → <c>en-US</c>, <c>IT</c> → <c>it</c>, <c>zh_hant</c> → <c>zh-Hant</c>); null when
    /// blank or when the primary subtag is not 2 to 8 ASCII letters.
    /// </summary>
    public static string? Canonical(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0].Length is < 2 or > 8 || !parts[0].All(char.IsAsciiLetter))
        {
            return null;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i > 0 && parts[i].Length == 2 ? parts[i].ToUpperInvariant()
                : i > 0 && parts[i].Length == 4 ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    /// <summary>The primary subtag, lower case (<c>it-IT</c> → <c>it</c>, <c>EN_us</c> → <c>en</c>); null when blank or not 2 or 3 characters.</summary>
    public static string? Primary(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return primary.Length is 2 or 3 ? primary : null;
    }
}
