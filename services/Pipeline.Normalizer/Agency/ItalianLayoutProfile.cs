using System.Text.RegularExpressions;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Dates;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// The layout many Italian outlets and agencies share (the seed dispatch's): a heading
/// <c>## **Section - Subject: headline**</c>, a bold dateline
/// <c>**Place (Region|Country) - 13 ago 2025 (Agency)**</c> followed by the lead, body paragraphs and a
/// closing byline <c>di Name Surname Weekday DD Month YYYY</c>. Recognised from its shape, whatever the
/// agency or outlet in the dateline. A heading with no article after it is rejected.
/// </summary>
internal partial class ItalianLayoutProfile : SourceProfile
{
    public const string ProfileName = "italian-layout";

    public override string Name => ProfileName;

    /// <summary>The layout names its agency in every dateline; there is no default.</summary>
    public override string AgencyName => string.Empty;

    public override string Language => "it";

    public override TimeZoneInfo TimeZone => TimeZones.EuropeRome;

    public override Regex HeadlinePattern => Headline();

    public override Regex DatelinePattern => AgencyDatelines.LayoutPattern;

    public override Regex BylinePattern => Byline();

    public override Regex TrailerPattern => AgencyDatelines.TrailerPattern;

    /// <summary>True: a heading followed by nothing (or by an empty dateline) is not an article.</summary>
    public override bool RequiresBody => true;

    /// <summary>
    /// The layout's dateline within the first lines, or a markdown heading (<c>#</c>) whose text reads
    /// <c>Section - [Subject:] headline</c> at the top (a heading alone is then rejected, not read as text).
    /// </summary>
    public override bool Recognises(string text, IReadOnlyList<string> leadingLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(leadingLines);
        if (leadingLines.Skip(1).Take(4).Any(line => AgencyDatelines.MatchOrNull(DatelinePattern, line) is not null))
        {
            return true;
        }

        var first = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        var end = first.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = end < 0 ? first : first[..end];
        return AgencyDatelines.MatchOrNull(MarkdownHeading(), firstLine) is not null && leadingLines.Count > 0 && AgencyDatelines.MatchOrNull(Headline(), leadingLines[0]) is not null;
    }

    [GeneratedRegex(@"^(?<section>[^:\-–—]{2,40}?)\s+[-–—]{1,2}\s+(?:(?<subject>[^:]{2,60}?)\s?:\s+)?(?<headline>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Headline();

    [GeneratedRegex(@"^#{1,6}\s", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex MarkdownHeading();

    /// <summary>
    /// <c>di Nome Cognome</c>, <c>a cura di …</c>, <c>di A e B</c>, <c>di A, B</c>, optionally followed by a date
    /// (<c>Mercoledì 13 Agosto 2025</c>, <c>13 ago 2025</c>, <c>- 13/08/2025</c>).
    /// </summary>
    [GeneratedRegex(@"^(?:[Aa]\s+cura\s+di|[Dd]i|[Bb]y)\s+(?<author>\p{Lu}[\p{L}'’.\-]*(?:(?:\s+|\s*,\s*)(?:\p{Lu}[\p{L}\p{Nd}'’.\-]*|de|di|da|del|della|dal|van|von|e\s+\p{Lu}[\p{L}'’.\-]*)){0,8}?)(?:\s*[,\-–—|]?\s+(?<date>" + ItalianPatterns.Date + @"|[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}))?\s*\.?\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Byline();
}
