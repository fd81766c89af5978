using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Articles;

namespace Pipeline.Normalizer.Tests.Feeds;

public sealed class RssMappingTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static IReadOnlyList<CanonicalArticle> Normalize(string fixture) =>
        Normalizer.Normalize(TestDispatches.Create(TestDispatches.Fixture(fixture), sourceId: "news-example"));

    [Fact]
    public void Normalize_Rss2_OneArticlePerItem()
    {
        var articles = Normalize("rss2-news.xml");

        Assert.Equal(3, articles.Count);
        Assert.All(articles, a => Assert.Equal(DispatchFormats.Rss, a.Format));
        Assert.All(articles, a => Assert.Equal("it-IT", a.DeclaredLanguage));
    }

    [Fact]
    public void Normalize_Rss2Item_MapsEveryField()
    {
        var article = Normalize("rss2-news.xml")[0];

        Assert.Equal("Vertice a Bruxelles: accordo sul bilancio", article.Headline.Main);
        Assert.Equal(new Uri("https://news.example.it/mondo/vertice-bruxelles"), article.CanonicalUrl);
        Assert.Equal("news-example-2025-0001", article.ItemGuid);
        Assert.Equal(ArticleIds.FromGuid("news-example", "news-example-2025-0001"), article.ArticleId);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 10, 15, 0, TimeSpan.FromHours(2)), article.PublishedAt);
        Assert.Equal("Giulia Rossi", Assert.Single(article.Authors).Name);
        Assert.Equal(["Europa", "Economia"], article.Subjects);
        Assert.Equal("I leader europei hanno trovato un accordo sul bilancio.", article.Lead);
        Assert.Equal(
            ["I leader europei hanno trovato un accordo sul bilancio.", "\"È un buon compromesso\", ha detto la presidente.", "Il voto finale è previsto a settembre."],
            article.Body.Paragraphs);
    }

    [Fact]
    public void Normalize_Rss2Item_HtmlIsSanitized()
    {
        var html = Normalize("rss2-news.xml")[0].Body.Html;

        Assert.Contains("<b>accordo</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Rss2ItemWithoutGuid_RelativeLinkResolvedAndIdFromUrl()
    {
        var article = Normalize("rss2-news.xml")[1];

        Assert.Equal(new Uri("https://news.example.it/cronaca/maltempo-nord"), article.CanonicalUrl);
        Assert.Null(article.ItemGuid);
        Assert.Equal(ArticleIds.FromUrl(article.CanonicalUrl!), article.ArticleId);
        var author = Assert.Single(article.Authors);
        Assert.Equal("Redazione Cronaca", author.Name);
        Assert.Equal("redazione@example.it", author.Contact);
        Assert.Equal(["Allerta arancione in tre regioni."], article.Body.Paragraphs);
        Assert.Equal("<p>Allerta arancione in tre regioni.</p>", article.Body.Html);
    }

    [Fact]
    public void Normalize_Rss2ItemWithoutTitle_DerivesHeadlineWithWarning()
    {
        var article = Normalize("rss2-news.xml")[2];

        Assert.Equal("Un elemento senza titolo.", article.Headline.Main);
        Assert.Contains(article.Warnings, w => w.Code == "headline-derived");
        Assert.Equal(new Uri("https://news.example.it/brevi/42"), article.CanonicalUrl);
    }

    [Fact]
    public void Normalize_SameFeedTwice_SameIdsAndHashes()
    {
        var first = Normalize("rss2-news.xml");
        var second = Normalize("rss2-news.xml");

        Assert.Equal(first.Select(a => a.ArticleId), second.Select(a => a.ArticleId));
        Assert.Equal(first.Select(a => a.ContentHash), second.Select(a => a.ContentHash));
        Assert.Equal(3, first.Select(a => a.ArticleId).Distinct().Count());
    }

    [Fact]
    public void Normalize_Rss091WithPublicDoctype_Parses()
    {
        var article = Assert.Single(Normalize("rss091-doctype.xml"));

        Assert.Equal("RSS 0.91 still lives", article.Headline.Main);
        Assert.Equal("en-US", article.DeclaredLanguage);
        Assert.Equal(new Uri("http://oldschool.example.com/2001/rss091.html"), article.CanonicalUrl);
    }

    [Fact]
    public void Normalize_UndeclaredEntitiesAndBareAmpersand_RepairedWithWarnings()
    {
        var article = Assert.Single(Normalize("rss-repairable.xml"));

        Assert.Equal("Caffè & cornetto al bar", article.Headline.Main);
        Assert.Equal(["Prezzi in aumento: € 1,50 per un caffè."], article.Body.Paragraphs);
        Assert.Equal(new Uri("https://broken.example.org/a?x=1&y=2"), article.CanonicalUrl);
        Assert.Contains(article.Warnings, w => w.Code == "undeclared-entity");
        Assert.Contains(article.Warnings, w => w.Code == "bare-ampersand");
    }

    [Fact]
    public void Normalize_ControlCharactersInXml_RemovedWithWarning()
    {
        const string xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>Clean\u0001 title\u000B</title><description>Body\u0008 text</description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal("Clean title", article.Headline.Main);
        Assert.Equal(["Body text"], article.Body.Paragraphs);
        Assert.Contains(article.Warnings, w => w.Code == "invalid-character");
    }

    [Fact]
    public void Normalize_Rss1Rdf_MapsItemsBesideTheChannel()
    {
        const string xml = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://rdf.example.org/"><title>RDF</title><link>https://rdf.example.org/</link><dc:language>de</dc:language></channel>
              <item rdf:about="https://rdf.example.org/1"><title>Erster Artikel</title><link>https://rdf.example.org/1</link><dc:date>2025-08-13T10:00:00+02:00</dc:date><dc:creator>Max Muster</dc:creator><dc:subject>Technik</dc:subject><description>Text.</description></item>
            </rdf:RDF>
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal(DispatchFormats.Rss, article.Format);
        Assert.Equal("Erster Artikel", article.Headline.Main);
        Assert.Equal("https://rdf.example.org/1", article.ItemGuid);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 10, 0, 0, TimeSpan.FromHours(2)), article.PublishedAt);
        Assert.Equal("Max Muster", Assert.Single(article.Authors).Name);
        Assert.Equal(["Technik"], article.Subjects);
        Assert.Equal("de", article.DeclaredLanguage);
    }

    [Fact]
    public void Normalize_UnparseableDate_KeepsArticleWithWarning()
    {
        const string xml = "<rss version=\"2.0\"><channel><item><title>T</title><pubDate>the day after tomorrow</pubDate><description>x</description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Null(article.PublishedAt);
        Assert.Contains(article.Warnings, w => w.Code == "date-unparsed");
    }

    [Fact]
    public void Normalize_DateFarInTheFuture_KeptAndFlagged()
    {
        const string xml = "<rss version=\"2.0\"><channel><item><title>T</title><pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate><description>x</description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal(new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Contains(article.Warnings, w => w.Code == "date-in-future");
    }

    [Fact]
    public void Normalize_RelativeLinksInContent_ResolvedAgainstTheItem()
    {
        const string xml = "<rss version=\"2.0\"><channel><link>https://site.example/</link><item><title>T</title><link>https://site.example/news/a.html</link>"
            + "<description>&lt;p&gt;See &lt;a href=\"b.html\"&gt;b&lt;/a&gt; and &lt;a href=\"javascript:alert(1)\"&gt;c&lt;/a&gt; &lt;img src=\"data:image/png;base64,AAAA\"&gt;&lt;/p&gt;</description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Contains("href=\"https://site.example/news/b.html\"", article.Body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", article.Body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:", article.Body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_DeeplyNestedHtml_DoesNotOverflow()
    {
        var nested = string.Concat(Enumerable.Repeat("&lt;div&gt;&lt;span&gt;", 20_000)) + "deep text";
        var xml = "<rss version=\"2.0\"><channel><item><title>Deep</title><description>" + nested + "</description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal("Deep", article.Headline.Main);
        Assert.Contains(article.Body.Paragraphs, p => p.Contains("deep text", StringComparison.Ordinal));
        Assert.Contains(article.Warnings, w => w.Code == "html-flattened");
        Assert.DoesNotContain("<div", article.Body.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("</description></item><item><title>Second</tit")]
    [InlineData("</description></item><item><title>Second</title><description><![CDATA[<p>cut")]
    [InlineData("</description></item><item><title>Second</title>")]
    public void Normalize_TruncatedFeed_RecoversItemsWithWarning(string tail)
    {
        var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>First</title><description>complete" + tail;

        var articles = Normalizer.Normalize(TestDispatches.Create(xml));

        Assert.Equal("First", articles[0].Headline.Main);
        Assert.Equal(["complete"], articles[0].Body.Paragraphs);
        Assert.All(articles, a => Assert.Contains(a.Warnings, w => w.Code == "unclosed-elements"));
    }

    [Theory]
    [InlineData("UTF-16")]
    [InlineData("windows-1252")]
    [InlineData("x-no-such-charset")]
    public void Normalize_DeclaredEncodingOfAnAlreadyDecodedPayload_Ignored(string encoding)
    {
        var xml = "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?><rss version=\"2.0\"><channel><item><title>Però è così</title><description>x</description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal("Però è così", article.Headline.Main);
    }

    [Fact]
    public void Normalize_EntityDeclarationQuotedInContent_NotMistakenForADtd()
    {
        const string xml = "<rss version=\"2.0\"><channel><item><title>XML bombs explained</title><description><![CDATA[<p>A DTD line such as <code>&lt;!ENTITY lol \"lol\"&gt;</code> or <!ENTITY x \"y\"> is dangerous.</p>]]></description></item></channel></rss>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal("XML bombs explained", article.Headline.Main);
    }
}
