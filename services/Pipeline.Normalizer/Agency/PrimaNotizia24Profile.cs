using System.Text.RegularExpressions;
using Pipeline.Normalizer.Dates;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Prima Notizia 24: headline <c>Esteri - Russia: headline</c>; dateline
/// <c>Pyongyang (Nord Corea) - 13 ago 2025 (Prima Notizia 24)</c> followed by the lead on the same
/// paragraph; byline <c>di Renato Narciso Mercoledì 13 Agosto 2025</c> at the end.
/// </summary>
internal sealed partial class PrimaNotizia24Profile : SourceProfile
{
    public override string Name => "prima-notizia-24";

    public override string AgencyName => "Prima Notizia 24";

    public override string Language => "it";

    public override TimeZoneInfo TimeZone => TimeZones.EuropeRome;

    public override Regex HeadlinePattern => Headline();

    public override Regex DatelinePattern => Dateline();

    public override Regex BylinePattern => Byline();

    [GeneratedRegex(@"^(?<section>[^:\-–—]{2,40}?)\s+[-–—]\s+(?:(?<subject>[^:]{2,60}?):\s+)?(?<headline>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Headline();

    [GeneratedRegex(@"^(?<place>[^()\-–—]{2,60}?)\s*(?:\((?<country>[^)]{2,60})\)\s*)?" + ItalianPatterns.Dash + @"\s*(?<date>" + ItalianPatterns.Date + @")\s*\((?<agency>(?i:Prima\s*Notizia\s*24))\)\s*(?:[-–—:]\s*)?(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex Dateline();

    [GeneratedRegex(@"^[Dd]i\s+(?<author>\p{Lu}[\p{L}'’.\-]*(?:\s+(?:\p{Lu}[\p{L}'’.\-]*|de|di|da|del|della|van|von|e\s+\p{Lu}[\p{L}'’.\-]*)){0,5}?)(?:,?\s+(?<date>" + ItalianPatterns.Date + @"))?\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Byline();
}
