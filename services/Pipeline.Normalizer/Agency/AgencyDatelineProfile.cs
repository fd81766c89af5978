using System.Text.RegularExpressions;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Plain text from any agency: a headline, then a paragraph opening with a dateline in one of the
/// common agency styles (<see cref="AgencyDatelines"/>): <c>LONDON (Reuters) -</c>, <c>Hamburg (dpa) -</c>,
/// <c>(ANSA) - ROMA, 3 MAR -</c>, <c>PARIS, 3 mars (AFP) -</c>, <c>MELBOURNE, May 4 AAP -</c>. Recognised
/// when the line after the headline opens with such a dateline naming an agency.
/// </summary>
internal sealed class AgencyDatelineProfile : SourceProfile
{
    public const string ProfileName = "agency-dateline";

    public override string Name => ProfileName;

    public override string AgencyName => string.Empty;

    public override Regex DatelinePattern => AgencyDatelines.Pattern;

    public override Regex TrailerPattern => AgencyDatelines.TrailerPattern;

    public override bool Recognises(string text, IReadOnlyList<string> leadingLines)
    {
        ArgumentNullException.ThrowIfNull(leadingLines);
        return leadingLines.Skip(1).Take(2).Any(line =>
            AgencyDatelines.MatchOrNull(DatelinePattern, line) is { } match && match.Groups["agency"].Success && AgencyDatelines.IsPlausibleAgency(match));
    }
}
