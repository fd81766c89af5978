using System.Text.RegularExpressions;
using Pipeline.Normalizer.Dates;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// ANSA: the headline on its own line, then <c>(ANSA) - ROMA, 01 LUG - text…</c> (also
/// <c>(ANSA-AFP)</c>, <c>(ANSAmed)</c>); the date usually has no year; the text may end with <c>(ANSA).</c>
/// </summary>
internal sealed partial class AnsaProfile : SourceProfile
{
    public override string Name => "ansa";

    public override string AgencyName => "ANSA";

    public override string Language => "it";

    public override TimeZoneInfo TimeZone => TimeZones.EuropeRome;

    public override Regex DatelinePattern => Dateline();

    public override Regex TrailerPattern => Trailer();

    [GeneratedRegex(@"^\((?<agency>ANSA(?:med|[-/ ]?[A-Z]{2,10})?)\)\s*" + ItalianPatterns.Dash + @"\s*(?<place>[^,()]{2,60}?)(?:\s*\((?<country>[^)]{2,60})\))?\s*,\s*(?<date>" + ItalianPatterns.Date + @")\s*" + ItalianPatterns.Dash + @"\s*(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Dateline();

    [GeneratedRegex(@"\s*\(ANSA(?:med|[-/ ]?[A-Z]{2,10})?\)\.?\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex Trailer();
}
