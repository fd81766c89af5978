namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Fallback for plain text or markdown without a known agency layout: the first line is the
/// headline, the rest are paragraphs; a dateline in any common agency style opening one of the first
/// paragraphs is read (<see cref="AgencyDatelines"/>). Used only when the format or profile is given
/// explicitly or by media type (never by auto-detection, which would accept any text).
/// </summary>
internal sealed class PlainTextProfile : SourceProfile
{
    public const string ProfileName = "plain-text";

    public override string Name => ProfileName;

    public override string AgencyName => string.Empty;

    public override System.Text.RegularExpressions.Regex? DatelinePattern => AgencyDatelines.Pattern;

    public override System.Text.RegularExpressions.Regex? TrailerPattern => AgencyDatelines.TrailerPattern;

    public override bool HasSubHeadline => false;

    public override bool Recognises(IReadOnlyList<string> leadingLines) => false;
}
