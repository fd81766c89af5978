using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Feeds;

public sealed class AtomMappingTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static IReadOnlyList<CanonicalArticle> Normalize() =>
        Normalizer.Normalize(TestDispatches.Create(TestDispatches.Fixture("atom-news.xml"), sourceId: "world-desk"));

    [Fact]
    public void Normalize_Atom_MapsEveryField()
    {
        var articles = Normalize();
        var article = articles[0];

        Assert.Equal(2, articles.Count);
        Assert.Equal(DispatchFormats.Atom, article.Format);
        Assert.Equal("Talks resume in Geneva", article.Headline.Main);
        Assert.Equal(new Uri("https://world.example.com/2025/08/13/talks-resume"), article.CanonicalUrl);
        Assert.Equal("tag:world.example.com,2025:talks-resume", article.ItemGuid);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 8, 30, 0, TimeSpan.FromHours(1)), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 9, 45, 0, TimeSpan.FromHours(1)), article.UpdatedAt);
        var author = Assert.Single(article.Authors);
        Assert.Equal("Jane Doe", author.Name);
        Assert.Equal("jane@example.com", author.Contact);
        Assert.Equal(["Diplomacy", "europe"], article.Subjects);
        Assert.Equal("en-GB", article.DeclaredLanguage);
        Assert.Equal("Negotiators met again on Wednesday.", article.Lead);
        Assert.Equal(["Negotiators met again on Wednesday.", "Both sides called the talks “constructive”."], article.Body.Paragraphs);
        Assert.Contains("<p>Negotiators met again on Wednesday.</p>", article.Body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_AtomXhtmlContentAndEntryLanguage_MappedWithFeedAuthor()
    {
        var article = Normalize()[1];

        Assert.Equal("Un accord à Genève", article.Headline.Main);
        Assert.Equal("fr", article.DeclaredLanguage);
        Assert.Equal(new Uri("https://world.example.com/fr/accord"), article.CanonicalUrl);
        Assert.Equal(["Premier paragraphe.", "Second paragraphe."], article.Body.Paragraphs);
        Assert.Contains("<strong>paragraphe</strong>", article.Body.Html, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 11, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal("World Desk", Assert.Single(article.Authors).Name);
    }

    [Fact]
    public void Normalize_Atom03_MapsIssuedAndModeEscaped()
    {
        const string xml = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old Atom</title>
              <link rel="alternate" type="text/html" href="https://old.example.net/"/>
              <entry>
                <title>Atom 0.3 entry</title>
                <link rel="alternate" type="text/html" href="https://old.example.net/entry1"/>
                <id>tag:old.example.net,2004:1</id>
                <issued>2004-06-01T12:00:00Z</issued>
                <modified>2004-06-02T12:00:00Z</modified>
                <content type="text/html" mode="escaped">&lt;p&gt;Escaped &lt;i&gt;HTML&lt;/i&gt;&lt;/p&gt;</content>
              </entry>
            </feed>
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml)));

        Assert.Equal("Atom 0.3 entry", article.Headline.Main);
        Assert.Equal(new DateTimeOffset(2004, 6, 1, 12, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2004, 6, 2, 12, 0, 0, TimeSpan.Zero), article.UpdatedAt);
        Assert.Equal(["Escaped HTML"], article.Body.Paragraphs);
    }
}
