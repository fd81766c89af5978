using System.Text.RegularExpressions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11: every pattern that sees outside input is bounded (<see cref="RegexLimits"/>). One row per pattern of the
/// normalizer with an input that makes a backtracking engine work hard (long runs that each start position rescans,
/// repeats a nested quantifier can split many ways, an almost-match that fails at the very end), plus the guard over
/// the sources of every service and the door that turns a match timeout into an <c>unsafe</c> rejection.
/// </summary>
public sealed partial class RegexBoundsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Pattern (as <see cref="RegexBounds.GeneratedIn"/> names it), the unit repeated to 200,000 characters, a tail.</summary>
    private static readonly (string Name, string Unit, string Tail)[] Rows =
    [
        ("Feeds.FeedMapper.Parenthesised", "a(", ")"),
        ("Feeds.FeedMapper.NameWithEmail", "a <b@", ">"),
        ("Feeds.FeedMapper.BlankLines", "\n ", "x"),
        ("Feeds.FeedMapper.FirstSentence", "a ", "x"),
        ("Agency.ItalianLayoutProfile.Headline", "Esteri - a: ", ""),
        ("Agency.ItalianLayoutProfile.MarkdownHeading", "#", ""),
        ("Agency.ItalianLayoutProfile.Byline", "Di A , B e ", "1"),
        ("Agency.AgencyTextParser.HorizontalRule", "- ", "x"),
        ("Agency.AgencyTextParser.HeadingOrQuote", "> ## ", ""),
        ("Agency.AgencyTextParser.Link", "[", "]"),
        ("Agency.AgencyTextParser.Emphasis", "*a ", "*"),
        ("Agency.AgencyTextParser.Escape", "\\", ""),
        ("Agency.AgencyTextParser.AuthorSeparator", " ", "e"),
        ("Agency.AgencyTextParser.DateAlone", "1 ", "agosto"),
        ("Agency.AgencyTextParser.YearPattern", "123 ", ""),
        ("Agency.AgencyDatelines.Layout", "Roma (", " - 13 ago 2025 (ANSA"),
        ("Agency.AgencyDatelines.Trailer", " ", "(ANSA"),
        ("Agency.AgencyDatelines.Any", "(ANSA) - ROMA, 3 MAR ", ""),
        ("Agency.AnsaProfile.Dateline", "(ANSA) - ROMA ", ""),
        ("Agency.AnsaProfile.Trailer", " ", "(ANSA"),
        ("Agency.PrimaNotizia24Profile.OwnName", "Prima ", ""),
        ("Parsing.SafeXml.EntityDeclaration", "<!ENTIT", ""),
        ("Parsing.SafeXml.Ampersand", "&#", ""),
        ("Parsing.SafeXml.Tag", "<a b='", ""),
        ("Parsing.SafeXml.ElementStart", "<", ""),
        ("Dates.LenientDateParser.IsoPattern", "2025-08-13T", ""),
        ("Dates.LenientDateParser.NumericDatePattern", " ", "13/08/2025x"),
        ("Dates.LenientDateParser.DashedDatePattern", "a", ""),
        ("Dates.LenientDateParser.TimePattern", "0", ""),
        ("Dates.LenientDateParser.OffsetPattern", "GMT+", ""),
        ("Dates.LenientDateParser.OrdinalPattern", "1", ""),
        ("Dates.LenientDateParser.CommentPattern", "(", ""),
        ("Text.ArticleHtml.TagPattern", "<a b ", ""),
        ("Text.ArticleHtml.Indentation", ">\n ", ""),
        ("Text.ArticleHtml.ParagraphBreak", "\n \t", ""),
        ("Wire.Slugs.PrefixHint", "UPDATE ", ""),
        ("Wire.Slugs.Takes", "1st Add ", "x"),
        ("Wire.Slugs.Hints", "1st Lead ", "x"),
        ("Wire.Slugs.Ordinal", "1 ", "x"),
        ("Wire.Slugs.WordCountTail", " ", "x"),
        ("Wire.Slugs.WordCountAfterComma", ", 123", "x"),
        ("Wire.Slugs.CyclePrefix", "BC-", ""),
        ("Wire.Iptc7901Text.EndMarker", "-", "x"),
        ("Wire.Iptc7901Text.TakeLine", "Take 1 ", ""),
        ("Wire.Iptc7901Text.InlineMore", " (MORE)", "x"),
        ("Wire.Iptc7901Text.SignOff", "dpa ab/", ""),
        ("Wire.Iptc7901Text.Credit", "(Reporting ", ""),
        ("Wire.Iptc7901Text.EditorsNote", "Eds ", ""),
        ("Wire.Iptc7901Text.Note", "(", ""),
        ("Wire.Iptc7901Text.Metadata", "HL:", "\n"),
        ("Wire.Iptc7901.ServiceAndNumber", "a1", ""),
        ("Wire.Iptc7901.PriorityToken", "f", ""),
        ("Wire.Iptc7901.MonthDay", "12-", ""),
        ("Wire.Iptc7901.VersionToken", "/A1", ""),
        ("Wire.Iptc7901.ReferenceToken", "1#-", "x"),
        ("Wire.Iptc7901.UnframedHeading", "ap1234 ", ""),
        ("Wire.Datelines.CapsDateline", "ROMA ", ""),
        ("Wire.Datelines.MixedDateline", "Rome ", ""),
        ("Wire.Datelines.AgencyOnlyDateline", "(Ab ", ""),
        ("Wire.Datelines.AgencyFirstDateline", "(AP) - ROMA ", ""),
        ("Wire.Nitf.SpaceBeforePunctuation", " ", "x"),
        ("Wire.Bylines.Byline", "By A ", "1"),
        ("Wire.Bylines.NameSeparator", " and", ""),
        ("Wire.Bylines.RoleWords", "Writers", ""),
        ("Wire.Bylines.AgencyRole", "The Associated Press ", ""),
        ("Wire.Iptc7901Stamps.AnpaStamp", "AP-NY-08-13-25 ", ""),
        ("Wire.Iptc7901Stamps.DayTimeMonthYear", "041530 GMT ", ""),
        ("Wire.Iptc7901Stamps.TimeThenDate", "16:35ET ", ""),
        ("Wire.Iptc7901Stamps.NamedMonthStamp", "13-AGO-25 ", ""),
    ];

    public static TheoryData<string, string, string> Patterns => RegexBounds.Theory(Rows);

    private static readonly IReadOnlyDictionary<string, Regex> Declared = RegexBounds.GeneratedIn(typeof(DispatchNormalizer).Assembly);

    [Theory]
    [MemberData(nameof(Patterns))]
    public async Task Pattern_OnAdversarialInput_EndsWithinItsBound(string name, string unit, string tail)
    {
        var regex = Declared[name];
        Assert.True(RegexBounds.IsBounded(regex), $"{name} is neither NonBacktracking nor bounded by RegexLimits.MatchTimeoutMilliseconds.");

        Assert.Contains(await RegexBounds.ScanAsync(regex, RegexBounds.Adversarial(unit, tail), Ct), RegexBounds.AllowedOutcomes(regex));
    }

    [Fact]
    public void Patterns_ListEveryPatternTheNormalizerDeclares()
    {
        var listed = Rows.Select(row => row.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Declared.Keys.ToList(), listed);
    }

    /// <summary>
    /// The guard over every service: a <c>[GeneratedRegex]</c> or <c>new Regex(…)</c> without NonBacktracking or the
    /// shared timeout, a timeout of its own, or a static <c>Regex.Match(input, pattern)</c>-style call (which runs with
    /// the process default, no timeout) fails here, so a new pattern cannot slip in unbounded.
    /// </summary>
    [Fact]
    public void EveryPatternInServices_IsNonBacktrackingOrHasTheSharedTimeout()
    {
        var unbounded = new List<string>();
        var (backtracking, nonBacktracking) = (0, 0);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "services"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryLayout.Root, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            {
                continue;
            }

            var source = File.ReadAllText(file);
            foreach (Match declaration in Declaration().Matches(source))
            {
                var text = declaration.Value;
                var line = source.AsSpan(0, declaration.Index).Count('\n') + 1;
                if (text.Contains("RegexOptions.NonBacktracking", StringComparison.Ordinal))
                {
                    nonBacktracking++;
                }
                else if (text.Contains("RegexLimits.MatchTimeoutMilliseconds", StringComparison.Ordinal))
                {
                    backtracking++;
                }
                else
                {
                    unbounded.Add($"{relative}:{line}: {text[..Math.Min(text.Length, 120)]}");
                }
            }

            foreach (Match call in StaticCall().Matches(source))
            {
                unbounded.Add($"{relative}:{source.AsSpan(0, call.Index).Count('\n') + 1}: {call.Value} (static call: no timeout; declare a [GeneratedRegex])");
            }
        }

        Assert.True(unbounded.Count == 0, "Unbounded patterns:\n" + string.Join('\n', unbounded));

        // The scan finds the patterns (78 when it was written: 35 NonBacktracking, 43 with the timeout); a broken scan
        // that found none would pass the check above.
        Assert.InRange(nonBacktracking, 20, int.MaxValue);
        Assert.InRange(backtracking, 20, int.MaxValue);
    }

    [Fact]
    public void ItemGuard_APatternThatTimesOut_RejectsTheItemAsUnsafe_AndKeepsTheOthers()
    {
        var rejected = new List<RejectedItem>();
        var drafts = ItemGuard.Map(new[] { "ok", "hostile", "ok too" }, item => item == "hostile"
                ? throw new InvalidOperationException("unreachable: " + Catastrophic().Count(new string('a', 64) + "!"))
                : new ArticleDraft { Format = DispatchFormats.Rss, Headline = item },
            item => "guid-" + item, rejected);

        Assert.Equal(["ok", "ok too"], drafts.Select(d => d.Headline));
        var item = Assert.Single(rejected);
        Assert.Equal(RejectionReasons.Unsafe, item.ReasonCode);
        Assert.Equal("guid-hostile", item.ItemGuid);
        Assert.False(item.Unexpected);
        Assert.Contains("match timeout", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsPermanent_MatchTimeout_IsUnsafe_AndOtherFailuresKeepTheirMeaning()
    {
        var timeout = Assert.Throws<RegexMatchTimeoutException>(() => Catastrophic().IsMatch(new string('a', 64) + "!"));

        var rejection = Assert.IsType<PermanentDispatchException>(ItemGuard.AsPermanent(timeout));
        Assert.Equal(RejectionReasons.Unsafe, rejection.ReasonCode);
        Assert.Same(timeout, rejection.InnerException);

        var permanent = new PermanentDispatchException(RejectionReasons.Malformed, "bad");
        Assert.Same(permanent, ItemGuard.AsPermanent(permanent));
        Assert.Null(ItemGuard.AsPermanent(new InvalidOperationException()));
    }

    /// <summary>
    /// A pattern of the test's own that backtracks exponentially, with a 1 ms timeout: the stand-in for a parser's
    /// pattern that times out (the parsers' own patterns are written not to, so no real input can make them).
    /// </summary>
    [GeneratedRegex(@"^(a+)+$", RegexOptions.None, 1)]
    private static partial Regex Catastrophic();

    [GeneratedRegex(@"\[(?:System\.Text\.RegularExpressions\.)?GeneratedRegex(?:Attribute)?\(.*?\bpartial\b|new\s+(?:System\.Text\.RegularExpressions\.)?Regex\(.*?;", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\bRegex\.(?:IsMatch|Match|Matches|Replace|Split|Count|EnumerateMatches|EnumerateSplits)\(", RegexOptions.NonBacktracking)]
    private static partial Regex StaticCall();
}
