using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Wire;

namespace Pipeline.Normalizer.Tests.Wire;

/// <summary>
/// IPTC 7901 messages. The fixtures (Fixtures/iptc7901-*.txt) and the inline messages were written
/// for these tests from the structure the standard defines (SOH, heading, STX, text, ETX, EOT) and the
/// ANPA 1312 / Italian wire conventions; they are not copies of real agency messages.
/// </summary>
public sealed class Iptc7901Tests
{
    private const string Soh = "\u0001";
    private const string Stx = "\u0002";
    private const string Etx = "\u0003";

    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle Single(string payload) => Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

    [Fact]
    public void DetectFormat_SohStxEtx_IsIptc7901()
    {
        Assert.Equal(DispatchFormats.Iptc7901, FormatDetector.Detect(TestDispatches.Fixture("iptc7901-ap.txt"), null));
        Assert.Equal(DispatchFormats.Iptc7901, FormatDetector.Detect("ZCZC\r\n" + Soh + "ANS0001 3 POL 0010\r\n" + Stx + "Titolo\r\n" + Etx, "text/plain"));
    }

    [Theory]
    [InlineData("Headline\n\nText without any framing.")]
    [InlineData("\u0002text before its heading\u0001heading\u0003")]
    [InlineData("\u0001heading only, no text")]
    public void DetectFormat_NoSohThenStx_IsNotIptc7901(string payload) =>
        Assert.NotEqual(DispatchFormats.Iptc7901, FormatDetector.Detect(payload, null));

    [Fact]
    public void Normalize_AnpaStyleMessage_ParsesHeadingBylineDatelineParagraphsAndStamp()
    {
        var article = Single(TestDispatches.Fixture("iptc7901-ap.txt"));

        Assert.Equal(DispatchFormats.Iptc7901, article.Format);
        Assert.Equal("Magnitude 4.6 quake shakes central Italy, no casualties", article.Headline.Main);
        var author = Assert.Single(article.Authors);
        Assert.Equal(("Maria Rossi", "Associated Press Writer"), (author.Name, author.Role));
        Assert.Equal(["International"], article.Sections);
        Assert.Equal(["Italy-Quake"], article.Subjects);
        Assert.Equal(
            new Dateline { Place = "Perugia", Country = "Italy", CountryCode = "IT", Date = new DateOnly(2025, 8, 13), Agency = "AP", Text = "PERUGIA, Italy, Aug 13 (AP)" },
            article.Dateline);
        Assert.Equal("An earthquake of magnitude 4.6 struck near Perugia on Wednesday morning, shaking buildings across Umbria and sending residents into the streets.", article.Lead);
        Assert.Equal(3, article.Body.Paragraphs.Count);
        Assert.Equal(article.Lead, article.Body.Paragraphs[0]);
        Assert.StartsWith("Schools in the province", article.Body.Paragraphs[2], StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 5, 12, 0, TimeSpan.FromHours(-4)), article.PublishedAt);
        Assert.Null(article.ItemGuid);
        Assert.Empty(article.Warnings);
    }

    [Fact]
    public void Normalize_ItalianMessage_ParsesCategoryKeywordDatelineAndStamp()
    {
        var article = Single(TestDispatches.Fixture("iptc7901-ansa.txt"));

        Assert.Equal("Governo, via libera del Cdm alla manovra", article.Headline.Main);
        Assert.Equal(["Politics"], article.Sections);
        Assert.Equal(["ITALIA-GOVERNO"], article.Subjects);
        Assert.Equal(("Roma", "ANSA", new DateOnly(2025, 8, 13)), (article.Dateline!.Place, article.Dateline.Agency, article.Dateline.Date!.Value));
        Assert.Equal("ROMA, 13 AGO (ANSA)", article.Dateline.Text);
        Assert.StartsWith("Il Consiglio dei ministri ha approvato", article.Lead, StringComparison.Ordinal);
        Assert.EndsWith("all'esame del Parlamento.", article.Lead, StringComparison.Ordinal);
        Assert.Equal(2, article.Body.Paragraphs.Count);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 10, 15, 0, TimeSpan.Zero), article.PublishedAt);
    }

    [Fact]
    public void Normalize_TextOpeningWithDateline_HeadlineFromKeywordLineWithWarning()
    {
        var payload = Soh + "a0101 b a BC-Wildfires 0120\r\n" + Stx
            + "ATHENS, Greece (AP) - Firefighters battled wildfires on the outskirts of Athens on Wednesday.\r\n"
            + "   Hundreds of homes were evacuated.\r\n" + Etx;

        var article = Single(payload);

        Assert.Equal("Wildfires", article.Headline.Main);
        Assert.Contains(article.Warnings, w => w.Code == "headline-derived");
        Assert.Equal(("Athens", "Greece", "GR"), (article.Dateline!.Place, article.Dateline.Country, article.Dateline.CountryCode));
        Assert.Null(article.Dateline.Date);
        Assert.Equal(["Firefighters battled wildfires on the outskirts of Athens on Wednesday.", "Hundreds of homes were evacuated."], article.Body.Paragraphs);
        Assert.Equal(["Domestic"], article.Sections);
    }

    [Fact]
    public void Normalize_AgencyFirstDateline_Parsed()
    {
        var payload = Soh + "ANS0789 3 FIN 0040\r\n" + Stx + "Borsa, Milano chiude in rialzo\r\n\r\n(ANSA) - MILANO, 13 AGO - Piazza Affari ha chiuso in rialzo dell'1,2%.\r\n" + Etx;

        var article = Single(payload);

        Assert.Equal(("Milano", "ANSA", new DateOnly(2025, 8, 13)), (article.Dateline!.Place, article.Dateline.Agency, article.Dateline.Date!.Value));
        Assert.Equal("(ANSA) - MILANO, 13 AGO", article.Dateline.Text);
        Assert.Equal(["Piazza Affari ha chiuso in rialzo dell'1,2%."], article.Body.Paragraphs);
        Assert.Equal(["Economy, business and finance"], article.Sections);
    }

    [Fact]
    public void Normalize_EveryLineIndented_WrappedLinesJoinedAndBlankLinesSeparate()
    {
        var payload = Soh + "r0042 3 WEA 0045\r\n" + Stx
            + "   Heat alert for Andalusia\r\n\r\n"
            + "   SEVILLE, Spain, Aug 13 (Reuters) - Temperatures will reach 44C\r\n"
            + "   in Seville on Thursday, the weather agency said.\r\n\r\n"
            + "   Cooling centres open in libraries.\r\n" + Etx;

        var article = Single(payload);

        Assert.Equal("Heat alert for Andalusia", article.Headline.Main);
        Assert.Equal(["Temperatures will reach 44C in Seville on Thursday, the weather agency said.", "Cooling centres open in libraries."], article.Body.Paragraphs);
        Assert.Equal(("Seville", "ES", "Reuters"), (article.Dateline!.Place, article.Dateline.CountryCode, article.Dateline.Agency));
    }

    [Fact]
    public void Normalize_MissingEtx_RepairedWithWarning()
    {
        var payload = Soh + "ANS0456 2 SPO 0050\r\n" + Stx + "Calcio, la Roma vince a Lisbona\r\n\r\nLISBONA, 13 AGO (ANSA) - La Roma ha battuto lo Sporting 2-1.\r\n";

        var article = Single(payload);

        Assert.Equal("Calcio, la Roma vince a Lisbona", article.Headline.Main);
        Assert.Equal(["La Roma ha battuto lo Sporting 2-1."], article.Body.Paragraphs);
        Assert.Equal("iptc7901-unterminated", Assert.Single(article.Warnings).Code);
        Assert.Equal(["Sports"], article.Sections);
    }

    [Fact]
    public void Normalize_SeveralMessages_OneArticleEachAndHeadingOnlySkippedWithWarning()
    {
        var payload = Soh + "ANS0001 3 ECO 0030\r\n" + Stx + "Borsa, Milano apre in rialzo\r\n\r\nMILANO, 13 AGO (ANSA) - Piazza Affari apre in rialzo dello 0,8%.\r\n" + Etx
            + Soh + "ANS0002 3 SPO 0000\r\n"
            + Soh + "ANS0003 3 CLJ 0030\r\n" + Stx + "Napoli, arrestati due rapinatori\r\n\r\nNAPOLI, 13 AGO (ANSA) - I carabinieri hanno arrestato due uomini.\r\n" + Etx + "\u0004";

        var articles = Normalizer.Normalize(TestDispatches.Create(payload));

        Assert.Equal(["Borsa, Milano apre in rialzo", "Napoli, arrestati due rapinatori"], articles.Select(a => a.Headline.Main));
        Assert.Equal(["ECO"], articles[0].Sections);
        Assert.Equal(["Crime, law and justice"], articles[1].Sections);
        Assert.All(articles, a => Assert.Contains(a.Warnings, w => w.Code == "iptc7901-skipped"));
        Assert.NotEqual(articles[0].ArticleId, articles[1].ArticleId);
    }

    [Fact]
    public void Normalize_OnlyHeadings_RejectedAsMalformed()
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(Soh + "ANS0002 3 SPO 0000\r\n" + Soh + "ANS0003 3 POL 0000\r\n", formatHint: "7901")));

        Assert.Equal(RejectionReasons.Malformed, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_ShortMessage_FramingNotCountedAsBinary()
    {
        // 5 control characters in 40: over the 5% binary threshold if framing counted.
        var payload = Soh + "x0001 1 WEA\r\n" + Stx + "Storm warning\r\nHail expected.\r\n" + Etx + "\u0004";

        var article = Single(payload);

        Assert.Equal("Storm warning", article.Headline.Main);
        Assert.Equal(["Weather"], article.Sections);
    }

    [Fact]
    public void Normalize_ReplayedMessageAYearLater_DatelineYearFromTransmissionStamp()
    {
        var dispatch = TestDispatches.Create(TestDispatches.Fixture("iptc7901-ansa.txt"), receivedAt: new DateTimeOffset(2026, 11, 27, 5, 0, 0, TimeSpan.Zero));

        var article = Assert.Single(Normalizer.Normalize(dispatch));

        Assert.Equal(new DateOnly(2025, 8, 13), article.Dateline!.Date);
    }

    [Fact]
    public void Normalize_SameMessageTwice_SameArticleId()
    {
        var payload = TestDispatches.Fixture("iptc7901-ap.txt");

        Assert.Equal(Single(payload).ArticleId, Single(payload).ArticleId);
    }

    [Theory]
    [InlineData("ANS0123 3 POL 0198", "ANS", "0123", "3", "POL", 198)]
    [InlineData("a0412  r i BC-Italy-Quake 08-13 0287", "a", "0412", "r", "i", 287)]
    [InlineData("AFP 0077 4 FIN 0400 /R02", "AFP", "0077", "4", "FIN", 400)]
    public void ReadHeading_ServiceNumberPriorityCategoryWordCount(string line, string service, string number, string priority, string category, int words)
    {
        var heading = Iptc7901.ReadHeading(line);

        Assert.Equal((service, number, priority, category, words), (heading.Service, heading.Number, heading.Priority, heading.Category, heading.WordCount!.Value));
    }

    [Theory]
    [InlineData("AP-NY-08-13-25 0512EDT<", "2025-08-13T05:12:00-04:00")]
    [InlineData("13-AGO-25 10:15", "2025-08-13T10:15:00+00:00")]
    [InlineData("13-AUG-2025 1015 GMT", "2025-08-13T10:15:00+00:00")]
    public void Stamp_KnownForms_Parsed(string line, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Iptc7901.Stamp(line));

    [Theory]
    [InlineData("AP-NY-13-45-25 0512EDT")]
    [InlineData("The end of the story.")]
    public void Stamp_Other_Null(string line) => Assert.Null(Iptc7901.Stamp(line));

    [Fact]
    public void Normalize_ResultsTableInManyShortTakesAfterAPreamble_NotBinary()
    {
        var payload = "ZCZC QBN2 transmission 0412 circuit 7 channel B\r\n" + string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"\u0016\u0016\u0001a{i:0000} r s BC-Results 0012\r\n\u0002^Results Round {i}<\r\nTeam A\t{i}\r\nTeam B\t{12 - i}\r\n\u0003\u0004"));

        var articles = Normalizer.Normalize(TestDispatches.Create(payload));

        Assert.Equal(12, articles.Count);
        Assert.Equal(["Team A 1", "Team B 11"], articles[0].Body.Paragraphs);
        Assert.Equal("Results Round 1", articles[0].Headline.Main);
    }

    [Fact]
    public void Normalize_SlugLineBeforeHeadline_IsKeywordAndVersionNotHeadline()
    {
        var payload = Soh + "a0412  u i BC-Britain-Politics, 1st Ld-Writethru 05-04 0512\r\n" + Stx
            + "^BC-Britain-Politics,1st Ld-Writethru,0512<\r\n^Election Called<\r\n^By JOHN SMITH=\r\n^Associated Press Writer=\r\n"
            + "   LONDON (AP) _ The prime minister called an election.<\r\n   (MORE)\r\n" + Etx + "APNY 05-04-93 1530EDT<\r\n\u0004";

        var article = Single(payload);

        Assert.Equal("Election Called", article.Headline.Main);
        Assert.Equal(["Britain-Politics"], article.Subjects);
        Assert.Equal(2, article.Version);
        Assert.Equal(3, article.Urgency);
        Assert.Equal(("John Smith", "Associated Press Writer"), (article.Authors[0].Name, article.Authors[0].Role));
        Assert.Equal(("London", "AP"), (article.Dateline!.Place, article.Dateline.Agency));
        Assert.Equal(["The prime minister called an election."], article.Body.Paragraphs);
        Assert.Equal(new DateTimeOffset(1993, 5, 4, 15, 30, 0, TimeSpan.FromHours(-4)), article.PublishedAt);
    }

    [Fact]
    public void Normalize_UnframedAnpa_DetectedAndParsed()
    {
        var payload = "a0133  r f BC-Oil-Prices 02-19 0230\n^Oil Prices Fall<\n   NEW YORK (AP) _ Oil prices fell Wednesday.<\nAP-NY-02-19-25 1644EST<\n";

        Assert.Equal(DispatchFormats.Iptc7901, FormatDetector.Detect(payload, null));
        var article = Single(payload);
        Assert.Equal(("Oil Prices Fall", "New York", 5), (article.Headline.Main, article.Dateline!.Place, article.Urgency!.Value));
    }

    [Theory]
    [InlineData("BC-Britain-Politics,1st Ld-Writethru,0512", "Britain-Politics", 2, null)]
    [InlineData("AM-Wildfire, 2nd Ld-Writethru", "Wildfire", 3, null)]
    [InlineData("Dollar-Markets 7thWritethru", "Dollar-Markets", 8, null)]
    [InlineData("UPDATE 2-BRITAIN-POLITICS/", "BRITAIN-POLITICS", 3, null)]
    [InlineData("REFILE-USA-ECONOMY/JOBS", "USA-ECONOMY/JOBS", 2, null)]
    [InlineData("1ST LEAD", null, 2, null)]
    [InlineData("URGENT", null, 1, 3)]
    [InlineData("BULLETIN", null, 1, 2)]
    [InlineData("BC-Quake-California-Bulletin", "Quake-California-Bulletin", 1, null)]
    [InlineData("BC-Budget-Senate 1st Add", "Budget-Senate", 1, null)]
    public void Slug_KeywordVersionAndUrgency(string line, string? keyword, int version, int? urgency) =>
        Assert.Equal(new Slugs.Slug(keyword, version, urgency), Slugs.Read(line));

    [Theory]
    [InlineData("WASHINGTON (AP) _ The Senate voted.", "WASHINGTON", "AP")]
    [InlineData("LONDON, May 4 (Reuters) - The prime minister said.", "LONDON", "Reuters")]
    [InlineData("MELBOURNE, May 4 AAP - The Reserve Bank held rates.", "MELBOURNE", "AAP")]
    [InlineData("Berlin (dpa) - Der Bundestag hat beschlossen.", "Berlin", "dpa")]
    [InlineData("Berlin (KNA) Die Kommission hat sich gewandt.", "Berlin", "KNA")]
    [InlineData("TORONTO _ The market rose.", "TORONTO", null)]
    [InlineData("SPRINGFIELD, Ill. (AP) -- The board voted.", "SPRINGFIELD", "AP")]
    public void Dateline_AgencyStyles(string paragraph, string place, string? agency)
    {
        var match = Datelines.Match(paragraph);

        Assert.NotNull(match);
        Assert.Equal(place, match.Groups["place"].Value);
        Assert.Equal(agency, match.Groups["agency"].Success ? match.Groups["agency"].Value : null);
    }

    [Theory]
    [InlineData("BC-BBA-Standings,0145")]
    [InlineData("REFILE-U.S. employers add jobs")]
    [InlineData("The minister said on Monday that talks would resume.")]
    [InlineData("NATO SAYS TALKS WILL RESUME")]
    public void Dateline_NotADateline_Null(string paragraph) => Assert.Null(Datelines.Match(paragraph));

    [Theory]
    [InlineData("041530 GMT May 93", "1993-05-04T15:30:00+00:00")]
    [InlineData("121545 MAR 24", "2024-03-12T15:45:00+00:00")]
    [InlineData("121545 Mär 25", "2025-03-12T15:45:00+00:00")]
    [InlineData("APNY 05-04-93 1530EDT", "1993-05-04T15:30:00-04:00")]
    [InlineData("16:35ET 31-10-14<", "2014-10-31T16:35:00-04:00")]
    [InlineData("16:35ET 15-01-15", "2015-01-15T16:35:00-05:00")]
    public void Stamp_TrailerForms_Parsed(string line, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Iptc7901.Stamp(line));

    [Fact]
    public void Normalize_VeryLongLine_BoundedAndParsed()
    {
        var payload = Soh + "a0001 r a BC-Long 0001\r\n" + Stx + "^Long line<\r\n   WASHINGTON (AP) _ " + new string('x', 200_000) + "\r\n" + Etx;

        var article = Single(payload);

        Assert.Equal("Long line", article.Headline.Main);
        Assert.True(article.Body.Paragraphs[0].Length <= Iptc7901.MaxLineLength);
    }
}
