using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;

namespace Pipeline.Normalizer.Tests.Feeds;

public sealed class JsonFeedMappingTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Fact]
    public void Normalize_JsonFeed11_MapsEveryField()
    {
        var payload = TestDispatches.Fixture("jsonfeed-11.json");

        var articles = Normalizer.Normalize(TestDispatches.Create(payload, sourceId: "tech-wire"));
        var article = articles[0];

        Assert.Equal(DispatchFormats.JsonFeed, FormatDetector.Detect(payload, null));
        Assert.Equal(2, articles.Count);
        Assert.Equal(DispatchFormats.JsonFeed, article.Format);
        Assert.Equal("New chip plant announced", article.Headline.Main);
        Assert.Equal("2025-08-13-chips", article.ItemGuid);
        Assert.Equal(ArticleIds.FromGuid("tech-wire", "2025-08-13-chips"), article.ArticleId);
        Assert.Equal(new Uri("https://tech.example.org/2025/08/13/chips"), article.CanonicalUrl);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 9, 0, 0, TimeSpan.FromHours(-4)), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 11, 30, 0, TimeSpan.FromHours(-4)), article.UpdatedAt);
        Assert.Equal("Sam Lee", Assert.Single(article.Authors).Name);
        Assert.Equal(["semiconductors", "industry"], article.Subjects);
        Assert.Equal("en-US", article.DeclaredLanguage);
        Assert.Equal("A new plant will open next year.", article.Lead);
        Assert.Equal(["A new plant will open next year.", "It will employ 2,000 people."], article.Body.Paragraphs);
        Assert.DoesNotContain("<script", article.Body.Html, StringComparison.Ordinal);
        Assert.Contains("<em>2,000</em>", article.Body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_JsonFeedTextItemWithoutTitle_DerivesHeadlineAndUsesFeedAuthor()
    {
        var article = Normalizer.Normalize(TestDispatches.Create(TestDispatches.Fixture("jsonfeed-11.json")))[1];

        Assert.Equal("42", article.ItemGuid);
        Assert.Equal("A short note without a title.", article.Headline.Main);
        Assert.Contains(article.Warnings, w => w.Code == "headline-derived");
        Assert.Equal(["A short note without a title.", "Second line of the note."], article.Body.Paragraphs);
        Assert.Equal(new Uri("https://tech.example.org/2025/08/12/brief"), article.CanonicalUrl);
        Assert.Equal("Tech Wire Staff", Assert.Single(article.Authors).Name);
        Assert.Equal("es", article.DeclaredLanguage);
    }

    [Fact]
    public void Normalize_JsonFeed10SingleAuthor_Mapped()
    {
        const string payload = """{"version":"https://jsonfeed.org/version/1","title":"Old","author":{"name":"Ann"},"items":[{"id":"1","title":"Hello","content_text":"World"}]}""";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal("Ann", Assert.Single(article.Authors).Name);
        Assert.Equal(["World"], article.Body.Paragraphs);
    }

    [Theory]
    [InlineData("""{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"x",""", RejectionReasons.Malformed)]
    [InlineData("""{"version":"https://jsonfeed.org/version/1.1","title":"no items"}""", RejectionReasons.Malformed)]
    [InlineData("""{"version":"https://jsonfeed.org/version/1.1","items":[]}""", RejectionReasons.NoContent)]
    [InlineData("""{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"}]}""", RejectionReasons.NoContent)]
    public void Normalize_BadJsonFeed_Rejected(string payload, string reason)
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(reason, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_DeeplyNestedJson_RejectedAsMalformed()
    {
        var payload = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + new string('[', 500) + new string(']', 500) + "}";

        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(RejectionReasons.Malformed, ex.ReasonCode);
    }
}
