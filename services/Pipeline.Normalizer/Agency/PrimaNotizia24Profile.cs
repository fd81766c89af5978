using System.Text.RegularExpressions;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Prima Notizia 24: the Italian layout (<see cref="ItalianLayoutProfile"/>) with its own name in the
/// dateline, e.g. <c>Pyongyang (Nord Corea) - 13 ago 2025 (Prima Notizia 24)</c>. Recognised before the
/// generic layout only when its name is in the dateline; any other agency in the layout reads the same.
/// </summary>
internal sealed partial class PrimaNotizia24Profile : ItalianLayoutProfile
{
    public override string Name => "prima-notizia-24";

    public override string AgencyName => "Prima Notizia 24";

    public override bool Recognises(string text, IReadOnlyList<string> leadingLines)
    {
        ArgumentNullException.ThrowIfNull(leadingLines);
        return leadingLines.Take(5).Any(line => AgencyDatelines.MatchOrNull(DatelinePattern, line) is { } match && AgencyDatelines.MatchOrNull(OwnName(), match.Groups["agency"].Value) is not null);
    }

    [GeneratedRegex(@"^\s*Prima\s*Notizia\s*24\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex OwnName();
}
