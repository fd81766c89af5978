using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

public sealed class NinjsTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Fact]
    public void Normalize_Ninjs1_MapsFields()
    {
        const string payload = """
            {
              "uri": "https://wire.example.com/2025/08/13/summit",
              "type": "text",
              "version": "2",
              "firstcreated": "2025-08-13T07:00:00Z",
              "versioncreated": "2025-08-13T08:30:00Z",
              "language": "en",
              "headline": "Leaders meet for summit",
              "byline": "By Ann Smith and Bob Jones",
              "located": "Brussels",
              "description_text": "Leaders gathered on Wednesday.",
              "body_html": "<p>Leaders gathered on Wednesday.</p><p>Talks continue <b>tomorrow</b>.</p><script>x()</script>",
              "subject": [{ "code": "medtop:11000000", "name": "politics" }],
              "keywords": ["summit"]
            }
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(DispatchFormats.Ninjs, FormatDetector.Detect(payload, null));
        Assert.Equal(DispatchFormats.Ninjs, article.Format);
        Assert.Equal("https://wire.example.com/2025/08/13/summit", article.ItemGuid);
        Assert.Equal(new Uri("https://wire.example.com/2025/08/13/summit"), article.CanonicalUrl);
        Assert.Equal(2, article.Version);
        Assert.Equal("Leaders meet for summit", article.Headline.Main);
        Assert.Equal(["Ann Smith", "Bob Jones"], article.Authors.Select(a => a.Name));
        Assert.Equal("Brussels", article.Dateline!.Place);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 7, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 8, 30, 0, TimeSpan.Zero), article.UpdatedAt);
        Assert.Equal("Leaders gathered on Wednesday.", article.Lead);
        Assert.Equal(["Leaders gathered on Wednesday.", "Talks continue tomorrow."], article.Body.Paragraphs);
        Assert.DoesNotContain("<script", article.Body.Html, StringComparison.Ordinal);
        Assert.Equal(["politics", "summit"], article.Subjects);
        Assert.Equal("en", article.DeclaredLanguage);
    }

    [Fact]
    public void Normalize_Ninjs2_ReadsHeadlinesBodiesAndDescriptions()
    {
        const string payload = """
            {
              "uri": "urn:example:ninjs2:1",
              "type": "text",
              "headlines": [{ "role": "main", "value": "Main headline" }, { "role": "sub", "value": "A sub" }],
              "descriptions": [{ "role": "summary", "value": "Short summary." }],
              "bodies": [{ "contenttype": "text/plain", "value": "First.\n\nSecond." }],
              "subjects": [{ "name": "economy" }],
              "by": "Carla Neri"
            }
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload, formatHint: DispatchFormats.Ninjs)));

        Assert.Equal("Main headline", article.Headline.Main);
        Assert.Equal("A sub", article.Headline.Sub);
        Assert.Equal("Short summary.", article.Lead);
        Assert.Equal(["First.", "Second."], article.Body.Paragraphs);
        Assert.Equal(["economy"], article.Subjects);
        Assert.Equal("Carla Neri", Assert.Single(article.Authors).Name);
        Assert.Null(article.CanonicalUrl);
    }

    [Theory]
    [InlineData("""{"type":"text","headline":"no uri"}""", RejectionReasons.Malformed)]
    [InlineData("""{"uri":"urn:x","type":"picture"}""", RejectionReasons.NoContent)]
    [InlineData("""{"uri":"urn:x",""", RejectionReasons.Malformed)]
    public void Normalize_BadNinjs_Rejected(string payload, string reason)
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload, formatHint: DispatchFormats.Ninjs)));

        Assert.Equal(reason, ex.ReasonCode);
    }
}
