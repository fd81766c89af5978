using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11, "one bad item never costs the others": values out of range and items that cannot be read in a feed
/// document (RSS, RDF, Atom, JSON Feed) stay with their item; every other item of the document travels on.
/// </summary>
public sealed class HostileItemTests
{
    private const string FarFuture = "9999-12-31T23:59:59-14:00";
    private const string FarPast = "0001-01-01T00:00:00+14:00";

    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Theory]
    [InlineData(FarFuture)]
    [InlineData(FarPast)]
    [InlineData("Fri, 31 Dec 9999 23:59:59 -1400")]
    public void Normalize_RssItemWithDateOutOfRange_WarnsAndKeepsEveryItem(string date)
    {
        var feed = Rss(Item("a", "<pubDate>Wed, 13 Aug 2025 10:00:00 GMT</pubDate>"), Item("b", $"<pubDate>{date}</pubDate>"), Item("c", string.Empty));
        var articles = Normalizer.Normalize(TestDispatches.Create(feed, formatHint: DispatchFormats.Rss));
        Assert.Equal(["Title a", "Title b", "Title c"], articles.Select(a => a.Headline.Main));
        var bad = articles[1];
        Assert.Null(bad.PublishedAt);
        Assert.Contains(bad.Warnings, w => w.Code.StartsWith("date-", StringComparison.Ordinal));
        AssertSerializable(articles);
    }

    [Fact]
    public void Normalize_RdfItemWithDateOutOfRange_WarnsAndKeepsEveryItem()
    {
        var feed = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
            + "<channel rdf:about=\"https://example.org/\"><title>c</title><link>https://example.org/</link><description>d</description></channel>"
            + "<item rdf:about=\"https://example.org/a\"><title>Title a</title><link>https://example.org/a</link><dc:date>2025-08-13T10:00:00Z</dc:date></item>"
            + $"<item rdf:about=\"https://example.org/b\"><title>Title b</title><link>https://example.org/b</link><dc:date>{FarFuture}</dc:date></item>"
            + "</rdf:RDF>";
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(["Title a", "Title b"], articles.Select(a => a.Headline.Main));
        Assert.Null(articles[1].PublishedAt);
        AssertSerializable(articles);
    }

    [Fact]
    public void Normalize_AtomEntryWithDateOutOfRange_WarnsAndKeepsEveryEntry()
    {
        var feed = Atom(Entry("a", "<updated>2025-08-13T10:00:00Z</updated>"), Entry("b", $"<published>{FarFuture}</published><updated>{FarFuture}</updated>"));
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(["Title a", "Title b"], articles.Select(a => a.Headline.Main));
        Assert.Null(articles[1].PublishedAt);
        Assert.Null(articles[1].UpdatedAt);
        Assert.Contains(articles[1].Warnings, w => w.Code.StartsWith("date-", StringComparison.Ordinal));
        AssertSerializable(articles);
    }

    [Fact]
    public void Normalize_JsonFeedItemWithDateOutOfRange_WarnsAndKeepsEveryItem()
    {
        var feed = JsonFeed(JsonItem("a", "\"date_published\": \"2025-08-13T10:00:00Z\""), JsonItem("b", $"\"date_published\": \"{FarFuture}\", \"date_modified\": \"{FarPast}\""));
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(["Title a", "Title b"], articles.Select(a => a.Headline.Main));
        Assert.Null(articles[1].PublishedAt);
        Assert.Null(articles[1].UpdatedAt);
        AssertSerializable(articles);
    }

    [Theory]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p xml:lang=\"en\" lang=\"en\">Both languages.</p></div>")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\"><p>Both on the div.</p><p xml:lang=\"it\" lang=\"it\">E qui.</p></div>")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p xmlns:x=\"urn:x\" x:class=\"a\" class=\"b\">Two prefixes, one local name.</p></div>")]
    public void Normalize_AtomXhtmlWithXmlLangAndLang_Parses(string xhtml)
    {
        var feed = Atom(Entry("a", $"<content type=\"xhtml\">{xhtml}</content>"), Entry("b", "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Plain.</p></div></content>"));
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(["Title a", "Title b"], articles.Select(a => a.Headline.Main));
        Assert.NotEmpty(articles[0].Body.Paragraphs);
        Assert.DoesNotContain("xml:lang", articles[0].Body.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"title\": \"Lone \\ud800 surrogate\"")]
    [InlineData("\"title\": \"Lone low \\udc00 surrogate\"")]
    [InlineData("\"title\": \"Reversed \\udc00\\ud800 pair\"")]
    [InlineData("\"title\": \"Title in html\", \"content_html\": \"<p>Body \\ud800 text</p>\"")]
    [InlineData("\"title\": \"Tagged\", \"tags\": [\"ok\", \"bad \\udbff\"]")]
    [InlineData("\"title\": \"Author\", \"authors\": [{\"name\": \"Jane \\ud800 Doe\"}]")]
    public void Normalize_JsonFeedLoneSurrogate_KeepsTheDocument(string members)
    {
        var feed = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"f\", \"items\": ["
            + JsonItem("a", string.Empty) + ", {\"id\": \"b\", " + members + ", \"content_text\": \"Text.\"}]}";
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(2, articles.Count);
        Assert.Equal("Title a", articles[0].Headline.Main);
        var bad = articles[1];
        AssertNoLoneSurrogate(bad.Headline.Main);
        Assert.All(bad.Subjects, AssertNoLoneSurrogate);
        Assert.All(bad.Authors, a => AssertNoLoneSurrogate(a.Name));
        Assert.All(bad.Body.Paragraphs, AssertNoLoneSurrogate);
        AssertNoLoneSurrogate(bad.Body.Html);
        AssertSerializable(articles);
    }

    [Theory]
    [InlineData("\"attachments\": [{\"url\": \"https://example.org/a.mp3\", \"mime_type\": \"audio/mpeg\", \"size_in_bytes\": 99999999999999999999999999, \"duration_in_seconds\": 1e400}]")]
    [InlineData("\"attachments\": [{\"url\": \"https://example.org/a.mp3\", \"mime_type\": \"audio/mpeg\", \"duration_in_seconds\": 100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000}]")]
    [InlineData("\"attachments\": [{\"url\": \"https://example.org/a.mp3\", \"duration_in_seconds\": \"99999999999:59:59.5\"}]")]
    public void Normalize_JsonFeedHugeNumbers_BecomeWarnings(string members)
    {
        var feed = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"f\", \"items\": ["
            + JsonItem("a", string.Empty) + ", " + JsonItem("b", members) + "]}";
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(2, articles.Count);
        var media = Assert.Single(articles[1].Media);
        Assert.True(media.DurationSeconds is null || double.IsFinite(media.DurationSeconds.Value));
        Assert.NotEmpty(articles[1].Warnings);
        AssertSerializable(articles);
    }

    [Theory]
    [InlineData("<media:content url=\"https://example.org/a.jpg\" medium=\"image\" width=\"99999999999999999999\" height=\"-1\" fileSize=\"99999999999999999999999\" duration=\"1e400\"/>")]
    [InlineData("<enclosure url=\"https://example.org/a.mp3\" type=\"audio/mpeg\" length=\"999999999999999999999999999999\"/><itunes:duration>9999999999999999999999999999999999999:00</itunes:duration>")]
    [InlineData("<georss:point>1e400 -1e400</georss:point>")]
    [InlineData("<geo:lat>99999999999999999999</geo:lat><geo:long>NaN</geo:long>")]
    public void Normalize_RssHugeNumbers_BecomeWarnings(string extra)
    {
        var feed = Rss(Item("a", string.Empty), Item("b", extra));
        var articles = Normalizer.Normalize(TestDispatches.Create(feed));
        Assert.Equal(["Title a", "Title b"], articles.Select(a => a.Headline.Main));
        Assert.All(articles[1].Media, m => Assert.True(m.DurationSeconds is null || double.IsFinite(m.DurationSeconds.Value)));
        Assert.NotEmpty(articles[1].Warnings);
        AssertSerializable(articles);
    }

    [Fact]
    public void ItemGuard_AnItemThatThrows_IsRejectedOnItsOwnWithItsGuid()
    {
        var rejected = new List<RejectedItem>();
        string[] items = ["urn:a", "urn:b\u202E", "urn:c", "urn:d"];
        var drafts = Pipeline.Normalizer.Articles.ItemGuard.Map(items, item => item switch
        {
            "urn:b\u202E" => throw new InvalidOperationException("Duplicate attribute."),
            "urn:d" => throw new Pipeline.Dispatches.PermanentDispatchException(RejectionReasons.TooLarge, "Too deep."),
            _ => new Pipeline.Normalizer.Articles.ArticleDraft { Format = DispatchFormats.Rss, ItemGuid = item, Headline = item },
        }, item => item, rejected);

        Assert.Equal(["urn:a", "urn:c"], drafts.Select(d => d.ItemGuid));
        Assert.Equal([0, 2], drafts.Select(d => d.ItemIndex));
        Assert.Collection(rejected,
            r =>
            {
                Assert.Equal((1, "urn:b", RejectionReasons.Malformed, true), (r.Index, r.ItemGuid, r.ReasonCode, r.Unexpected));
                Assert.Contains("'urn:b'", r.Message, StringComparison.Ordinal);
                Assert.Contains("InvalidOperationException", r.Message, StringComparison.Ordinal);
            },
            r => Assert.Equal((3, "urn:d", RejectionReasons.TooLarge, false), (r.Index, r.ItemGuid, r.ReasonCode, r.Unexpected)));
    }

    [Fact]
    public void ItemGuard_CancellationIsNotAnItemFailure()
    {
        var rejected = new List<RejectedItem>();
        Assert.Throws<OperationCanceledException>(() => Pipeline.Normalizer.Articles.ItemGuard.Map(
            ["urn:a"], Pipeline.Normalizer.Articles.ArticleDraft (_) => throw new OperationCanceledException(), item => item, rejected));
        Assert.Empty(rejected);
    }

    [Fact]
    public void NormalizeDocument_CleanFeed_HasNoRejectedItems()
    {
        var result = Normalizer.NormalizeDocument(TestDispatches.Create(Rss(Item("a", string.Empty), Item("b", string.Empty))), TestContext.Current.CancellationToken);
        Assert.Equal(DispatchFormats.Rss, result.Format);
        Assert.Equal(2, result.Articles.Count);
        Assert.Empty(result.RejectedItems);
    }

    internal static void AssertSerializable(IEnumerable<CanonicalArticle> articles)
    {
        foreach (var article in articles)
        {
            var json = JsonSerializer.Serialize(article);
            Assert.NotNull(JsonSerializer.Deserialize<CanonicalArticle>(json));
        }
    }

    internal static void AssertNoLoneSurrogate(string? text)
    {
        if (text is null)
        {
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                Assert.True(i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]), $"lone surrogate at {i} in '{text}'");
                i++;
            }
        }
    }

    internal static string Rss(params string[] items) =>
        "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
        + "xmlns:georss=\"http://www.georss.org/georss\" xmlns:geo=\"http://www.w3.org/2003/01/geo/wgs84_pos#\">"
        + "<channel><title>c</title><link>https://example.org/</link><description>d</description>" + string.Concat(items) + "</channel></rss>";

    internal static string Item(string key, string extra) =>
        $"<item><title>Title {key}</title><link>https://example.org/{key}</link><guid>urn:item:{key}</guid><description>Body {key}.</description>{extra}</item>";

    internal static string Atom(params string[] entries) =>
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>f</title><id>urn:f</id><updated>2025-08-13T10:00:00Z</updated>" + string.Concat(entries) + "</feed>";

    internal static string Entry(string key, string extra) =>
        $"<entry><id>urn:entry:{key}</id><title>Title {key}</title><link href=\"https://example.org/{key}\"/>{(extra.Contains("<content", StringComparison.Ordinal) ? string.Empty : $"<summary>Body {key}.</summary>")}{extra}</entry>";

    internal static string JsonFeed(params string[] items) =>
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"f\", \"items\": [" + string.Join(", ", items) + "]}";

    internal static string JsonItem(string key, string extra) =>
        $"{{\"id\": \"{key}\", \"title\": \"Title {key}\", \"url\": \"https://example.org/{key}\", \"content_text\": \"Body {key}.\"{(extra.Length > 0 ? ", " + extra : string.Empty)}}}";
}
