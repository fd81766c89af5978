using Pipeline.Normalizer.Articles;

namespace Pipeline.Normalizer.Tests.Articles;

public sealed class ArticleIdsTests
{
    private static readonly Uri Url = new("https://example.com/news/1");

    [Fact]
    public void Create_WithGuid_UsesSourceAndGuid()
    {
        var id = ArticleIds.Create("ansa", "abc-123", Url, "Headline", null);

        Assert.Equal(ArticleIds.FromGuid("ansa", "abc-123"), id);
        Assert.NotEqual(ArticleIds.FromGuid("reuters", "abc-123"), id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public void Create_WithoutGuid_UsesCanonicalUrlAcrossSources()
    {
        var a = ArticleIds.Create("feed-a", null, Url, "Headline A", null);
        var b = ArticleIds.Create("feed-b", "  ", Url, "Headline B", new DateOnly(2025, 1, 1));

        Assert.Equal(a, b);
        Assert.Equal(ArticleIds.FromUrl(Url), a);
    }

    [Fact]
    public void Create_WithoutGuidOrUrl_UsesSourceHeadlineAndDate()
    {
        var a = ArticleIds.Create("pn24", null, null, "Putin riceve pieno sostegno", new DateOnly(2025, 8, 13));
        var sameAgain = ArticleIds.Create("pn24", null, null, "Putin riceve pieno sostegno", new DateOnly(2025, 8, 13));
        var otherDay = ArticleIds.Create("pn24", null, null, "Putin riceve pieno sostegno", new DateOnly(2025, 8, 14));

        Assert.Equal(a, sameAgain);
        Assert.NotEqual(a, otherDay);
    }

    [Fact]
    public void FromGuid_KnownValue_IsFirst32HexOfSha256()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("src|g1"u8.ToArray()))[..32];

        Assert.Equal(expected, ArticleIds.FromGuid("src", "g1"));
    }
}
