using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests.Feeds;

/// <summary>The real-world feeds bundled under samples/feeds (miniflux test data), decoded as a fetcher would.</summary>
public sealed class BundledFeedsTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Theory]
    [InlineData("feeds/encoding_ISO-8859-1.xml", DispatchFormats.Rss)]
    [InlineData("feeds/encoding_WINDOWS-1251.xml", DispatchFormats.Rss)]
    [InlineData("feeds/koi8r.xml", DispatchFormats.Rss)]
    [InlineData("feeds/large_atom.xml", DispatchFormats.Atom)]
    [InlineData("feeds/large_rss.xml", DispatchFormats.Rss)]
    [InlineData("feeds/no_encoding_ISO-8859-1.xml", DispatchFormats.Rss)]
    [InlineData("feeds/rdf_UTF8.xml", DispatchFormats.Rss)]
    [InlineData("feeds/small_atom.xml", DispatchFormats.Atom)]
    [InlineData("feeds/urdu_UTF8.xml", DispatchFormats.Rss)]
    public void Normalize_BundledFeed_EveryItemHasHeadlineAndId(string sample, string format)
    {
        var payload = TestDispatches.DecodeXml(Samples.ReadBytes(sample));

        var articles = Normalizer.Normalize(TestDispatches.Create(payload, sourceId: Path.GetFileNameWithoutExtension(sample)));

        Assert.NotEmpty(articles);
        Assert.Equal(format, FormatDetector.Detect(payload, null));
        Assert.All(articles, a => Assert.False(string.IsNullOrWhiteSpace(a.Headline.Main)));
        Assert.All(articles, a => Assert.Equal(format, a.Format));
        Assert.Equal(articles.Count, articles.Select(a => a.ArticleId).Distinct().Count());
        Assert.All(articles, a => Assert.DoesNotContain('\uFFFD', a.Headline.Main));
    }

    [Fact]
    public void Normalize_Windows1251Feed_HeadlinesAreCyrillic()
    {
        var payload = TestDispatches.DecodeXml(Samples.ReadBytes("feeds/encoding_WINDOWS-1251.xml"));

        var articles = Normalizer.Normalize(TestDispatches.Create(payload));

        Assert.All(articles, a => Assert.Contains(a.Headline.Main, c => c is >= '\u0400' and <= '\u04FF'));
        Assert.All(articles, a => Assert.Equal("ru", a.DeclaredLanguage));
    }

    [Fact]
    public void Normalize_UrduFeed_KeepsRightToLeftText()
    {
        var payload = Samples.Read("feeds/urdu_UTF8.xml");

        var articles = Normalizer.Normalize(TestDispatches.Create(payload));

        Assert.Contains(articles, a => a.Headline.Main.Any(c => c is >= '\u0600' and <= '\u06FF'));
    }

    [Fact]
    public void Normalize_FeedWithoutItems_RejectedAsNoContent()
    {
        var payload = TestDispatches.DecodeXml(Samples.ReadBytes("feeds/windows-1252-incorrect-prolog.xml"));

        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(RejectionReasons.NoContent, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_XmlThatIsNoFeed_RejectedAsUnknownFormat()
    {
        var payload = TestDispatches.DecodeXml(Samples.ReadBytes("feeds/iso88591_utf8_mismatch.xml"));

        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(RejectionReasons.UnknownFormat, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_Latin1ReadAsUtf8_KeepsArticlesWithEncodingWarning()
    {
        var payload = Samples.Read("feeds/no_encoding_ISO-8859-1.xml");

        var articles = Normalizer.Normalize(TestDispatches.Create(payload));

        Assert.NotEmpty(articles);
        Assert.All(articles, a => Assert.Contains(a.Warnings, w => w.Code == "encoding-mismatch"));
    }
}
