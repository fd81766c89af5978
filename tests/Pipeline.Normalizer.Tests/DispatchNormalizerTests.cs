using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

public sealed class DispatchNormalizerTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault(new FakeTimeProvider(TestDispatches.SampleReceivedAt));

    private static PermanentDispatchException Reject(string payload, string? formatHint = null, string? profile = null, NormalizerOptions? options = null, PayloadLimitOptions? limit = null)
    {
        var normalizer = options is null && limit is null ? Normalizer : DispatchNormalizer.CreateDefault(options: options, limit: limit);
        return Assert.Throws<PermanentDispatchException>(() => normalizer.Normalize(TestDispatches.Create(payload, formatHint: formatHint, profile: profile)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t\n")]
    public void Normalize_EmptyPayload_RejectedAsNoContent(string payload)
    {
        var ex = Reject(payload);

        Assert.Equal(RejectionReasons.NoContent, ex.ReasonCode);
        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Normalize_ItemVersionsFromTheFetcher_RaiseTheEditedItemsVersion()
    {
        const string Feed = "<rss version=\"2.0\"><channel><title>Cronaca</title>"
            + "<item><guid isPermaLink=\"false\">b</guid><title>Secondo corretto</title><description>Testo corretto del secondo articolo.</description></item>"
            + "<item><link>https://example.org/terzo</link><title>Terzo</title><description>Testo del terzo articolo, appena uscito.</description></item>"
            + "</channel></rss>";
        var dispatch = TestDispatches.Create(Feed, formatHint: DispatchFormats.Rss) with
        {
            ItemVersions = new Dictionary<string, int> { ["b"] = 3, ["https://example.org/terzo"] = 1 },
        };

        var articles = Normalizer.Normalize(dispatch);

        Assert.Equal([3, 1], articles.Select(a => a.Version));
    }

    [Fact]
    public void Normalize_NulBytes_RejectedAsBinary()
    {
        var ex = Reject("PK\u0003\u0004\0\0\0binary zip header");

        Assert.Equal(RejectionReasons.Binary, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_ControlCharacterGarbage_RejectedAsBinary()
    {
        var garbage = new string(Enumerable.Range(0, 400).Select(i => (char)(i % 2 == 0 ? 0x01 + (i % 20) : 'a')).ToArray());

        var ex = Reject(garbage);

        Assert.Equal(RejectionReasons.Binary, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_UnrecognisedText_RejectedAsUnknownFormat()
    {
        var ex = Reject("Dear diary,\n\ntoday nothing happened.");

        Assert.Equal(RejectionReasons.UnknownFormat, ex.ReasonCode);
        Assert.Contains("FormatHint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_UnknownFormatHint_RejectedAsUnknownFormatListingSupported()
    {
        var ex = Reject("Headline\n\nSome text.", formatHint: "quark-xpress");

        Assert.Equal(RejectionReasons.UnknownFormat, ex.ReasonCode);
        Assert.Contains("'quark-xpress'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(DispatchFormats.Iptc7901, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Iptc7901HintWithoutFraming_RejectedAsMalformed()
    {
        var ex = Reject("ZCZC AP0123 plain text without SOH or STX", formatHint: DispatchFormats.Iptc7901);

        Assert.Equal(RejectionReasons.Malformed, ex.ReasonCode);
        Assert.Contains("STX", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_OverSizeLimit_RejectedAsTooLarge()
    {
        var payload = "<rss version=\"2.0\"><channel><item><title>" + new string('x', 3000) + "</title></item></channel></rss>";

        var ex = Reject(payload, limit: new PayloadLimitOptions { MaxPayloadBytes = 2048 });

        Assert.Equal(RejectionReasons.TooLarge, ex.ReasonCode);
        Assert.Contains(PayloadLimitOptions.Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_DefaultLimit_IsFiveMegabytes()
    {
        Assert.Equal(5 * 1024 * 1024, new PayloadLimitOptions().MaxPayloadBytes);
        var payload = "<rss version=\"2.0\"><channel><item><title>big</title><description>" + new string('x', (5 * 1024 * 1024) + 1) + "</description></item></channel></rss>";

        Assert.Equal(RejectionReasons.TooLarge, Reject(payload).ReasonCode);
    }

    [Fact]
    public void Normalize_BillionLaughs_RejectedAsUnsafeWithoutExpanding()
    {
        var ex = Reject(TestDispatches.Fixture("billion-laughs.xml"));

        Assert.Equal(RejectionReasons.Unsafe, ex.ReasonCode);
        Assert.Contains("ENTITY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_ExternalEntity_RejectedAsUnsafe()
    {
        var ex = Reject(TestDispatches.Fixture("external-entity.xml"));

        Assert.Equal(RejectionReasons.Unsafe, ex.ReasonCode);
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_BrokenXml_RejectedAsMalformedWithPosition()
    {
        var ex = Reject("<rss version=\"2.0\"><channel><item><title>never closed</channel></rss>");

        Assert.Equal(RejectionReasons.Malformed, ex.ReasonCode);
        Assert.Contains("line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_BrokenXmlWithRepairOff_RejectedAsMalformed()
    {
        var ex = Reject(TestDispatches.Fixture("rss-repairable.xml"), options: new NormalizerOptions { RepairXml = false });

        Assert.Equal(RejectionReasons.Malformed, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_EmptyFeedItems_RejectedAsNoContent()
    {
        var ex = Reject("<rss version=\"2.0\"><channel><title>t</title><item><title> </title><description/></item></channel></rss>");

        Assert.Equal(RejectionReasons.NoContent, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_LinkOnlyFeedItem_KeptAsTeaser()
    {
        var articles = DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(
            "<rss version=\"2.0\"><channel><title>t</title><item><link>https://example.com/a</link></item><item><title>Full</title><link>https://example.com/b</link><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content:encoded></item></channel></rss>"));

        Assert.Equal(2, articles.Count);
        Assert.True(articles[0].IsTeaser);
        Assert.Equal(new Uri("https://example.com/a"), articles[0].CanonicalUrl);
        Assert.Contains(articles[0].Warnings, w => w.Code == "no-headline");
        Assert.False(articles[1].IsTeaser);
    }

    [Fact]
    public void Normalize_AgencyTextWithOnlyMarkup_RejectedAsNoContent()
    {
        var ex = Reject("**\n\n##\n\n---", formatHint: DispatchFormats.AgencyText);

        Assert.Equal(RejectionReasons.NoContent, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_UnknownProfile_RejectedAsInvalidMessage()
    {
        var ex = Reject("Titolo\n\nTesto.", profile: "no-such-agency");

        Assert.Equal(RejectionReasons.InvalidMessage, ex.ReasonCode);
        Assert.Contains("prima-notizia-24", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_PlainTextWithExplicitFormat_FirstLineIsHeadline()
    {
        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create("# A plain note\n\nFirst paragraph.\n\nSecond paragraph.", formatHint: "text")));

        Assert.Equal("A plain note", article.Headline.Main);
        Assert.Equal(["First paragraph.", "Second paragraph."], article.Body.Paragraphs);
        Assert.Equal("First paragraph.", article.Lead);
        Assert.Null(article.Dateline);
        Assert.Equal(DispatchFormats.AgencyText, article.Format);
    }

    [Fact]
    public void Normalize_AtomWithRssHint_UsesTheActualRoot()
    {
        var article = Normalizer.Normalize(TestDispatches.Create(TestDispatches.Fixture("atom-news.xml"), formatHint: DispatchFormats.Rss))[0];

        Assert.Equal(DispatchFormats.Atom, article.Format);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>", null, DispatchFormats.Rss)]
    [InlineData("\uFEFF  <!-- c --><rss version=\"0.91\"/>", null, DispatchFormats.Rss)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", null, DispatchFormats.Rss)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"x.dtd\"><rss/>", null, DispatchFormats.Rss)]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", null, DispatchFormats.Atom)]
    [InlineData("<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>", null, DispatchFormats.NewsMlG2)]
    [InlineData("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>", null, DispatchFormats.NewsMlG2)]
    [InlineData("<nitf><head/></nitf>", null, DispatchFormats.Nitf)]
    [InlineData("<!DOCTYPE html><html><body/></html>", null, DispatchFormats.Html)]
    [InlineData("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", null, DispatchFormats.JsonFeed)]
    [InlineData("{\"uri\": \"x\", \"type\": \"text\"}", null, DispatchFormats.Ninjs)]
    [InlineData("<unknown/>", "application/atom+xml", DispatchFormats.Atom)]
    [InlineData("<unknown/>", "application/rss+xml; charset=utf-8", DispatchFormats.Rss)]
    [InlineData("Any text at all", "text/plain", DispatchFormats.AgencyText)]
    [InlineData("Any text at all", "text/markdown", DispatchFormats.AgencyText)]
    [InlineData("Any text at all", null, null)]
    [InlineData("<unknown/>", null, null)]
    [InlineData("{\"a\": 1}", null, null)]
    public void DetectFormat_Payload_ReturnsFormat(string payload, string? contentType, string? expected)
    {
        Assert.Equal(expected, FormatDetector.Detect(payload, contentType));
    }

    [Fact]
    public void DetectFormat_SampleDispatch_IsAgencyText()
    {
        Assert.Equal(DispatchFormats.AgencyText, FormatDetector.Detect(Samples.Read(Samples.PrimaNotizia), null));
    }
}
