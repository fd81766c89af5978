namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Fallback for plain text or markdown without a known agency layout: the first line is the
/// headline, the rest are paragraphs. Used only when the format or profile is given explicitly
/// (never by auto-detection, which would accept any text).
/// </summary>
internal sealed class PlainTextProfile : SourceProfile
{
    public const string ProfileName = "plain-text";

    public override string Name => ProfileName;

    public override string AgencyName => string.Empty;

    public override System.Text.RegularExpressions.Regex? DatelinePattern => null;

    public override bool HasSubHeadline => false;

    public override bool Recognises(IReadOnlyList<string> leadingLines) => false;
}
