using Pipeline.Normalizer.Urls;

namespace Pipeline.Normalizer.Tests.Urls;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("https://example.com/news/story", "https://example.com/news/story")]
    [InlineData("HTTPS://EXAMPLE.COM/News/Story", "https://example.com/News/Story")]
    [InlineData("http://Example.com:80/a", "http://example.com/a")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("https://example.com:8443/a", "https://example.com:8443/a")]
    [InlineData("http://example.com:443/a", "http://example.com:443/a")]
    [InlineData("https://example.com/a#comments", "https://example.com/a")]
    [InlineData("https://example.com/a/", "https://example.com/a")]
    [InlineData("https://example.com/a///", "https://example.com/a")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://example.com/", "https://example.com/")]
    [InlineData("https://example.com/?", "https://example.com/")]
    [InlineData("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a")]
    [InlineData("https://example.com/a?id=5&utm_campaign=x", "https://example.com/a?id=5")]
    [InlineData("https://example.com/a?UTM_Source=x&id=5", "https://example.com/a?id=5")]
    [InlineData("https://example.com/a?fbclid=abc", "https://example.com/a")]
    [InlineData("https://example.com/a?gclid=abc&b=2", "https://example.com/a?b=2")]
    [InlineData("https://example.com/a?mc_cid=1&mc_eid=2", "https://example.com/a")]
    [InlineData("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1")]
    [InlineData("https://example.com/a?q=caf%C3%A9", "https://example.com/a?q=caf%C3%A9")]
    [InlineData("https://example.com/caffè", "https://example.com/caff%C3%A8")]
    [InlineData("https://user:pass@example.com/a", "https://example.com/a")]
    [InlineData("https://bücher.example/a", "https://xn--bcher-kva.example/a")]
    [InlineData("https://example.com./a", "https://example.com/a")]
    [InlineData("  https://example.com/a  ", "https://example.com/a")]
    [InlineData("https://www.ansa.it/sito/notizie/mondo/2025/07/01/story_abc.html?utm_source=x#top", "https://www.ansa.it/sito/notizie/mondo/2025/07/01/story_abc.html")]
    [InlineData("http://[::1]:8080/a/", "http://[::1]:8080/a")]
    [InlineData("https://example.com/news/story/amp", "https://example.com/news/story")]
    [InlineData("https://example.com/news/story/amp/", "https://example.com/news/story")]
    [InlineData("https://example.com/news/story.amp", "https://example.com/news/story")]
    [InlineData("https://example.com/news/story.amp.html", "https://example.com/news/story.html")]
    [InlineData("https://example.com/news/story?amp", "https://example.com/news/story")]
    [InlineData("https://example.com/news/story?amp=1&id=3", "https://example.com/news/story?id=3")]
    [InlineData("https://example.com/news/story?outputType=amp", "https://example.com/news/story")]
    [InlineData("https://amp.example.com/news/story", "https://example.com/news/story")]
    [InlineData("https://amp.com/news", "https://amp.com/news")]
    [InlineData("https://example.com/amp", "https://example.com/amp")]
    [InlineData("https://m.example.com/news/story", "https://m.example.com/news/story")]
    [InlineData("https://example.com/news/example?ampersand=1", "https://example.com/news/example?ampersand=1")]
    public void Canonicalize_AbsoluteUrl_ReturnsCanonicalForm(string input, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input)?.AbsoluteUri);
    }

    [Theory]
    [InlineData("/news/story?utm_source=x", "https://example.com/feed/", "https://example.com/news/story")]
    [InlineData("story.html", "https://example.com/news/", "https://example.com/news/story.html")]
    [InlineData("//cdn.example.com/a", "https://example.com/", "https://cdn.example.com/a")]
    public void Canonicalize_RelativeUrl_ResolvesAgainstBase(string input, string baseUri, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input, new Uri(baseUri))?.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a url")]
    [InlineData("/relative/without/base")]
    [InlineData("ftp://example.com/file")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:news@example.com")]
    [InlineData("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")]
    [InlineData("https://exa\u2FF0mple.com/a")]
    public void Canonicalize_NotHttp_ReturnsNull(string? input)
    {
        Assert.Null(UrlCanonicalizer.Canonicalize(input));
    }

    [Fact]
    public void Canonicalize_TwoSpellingsOfOneArticle_SameUrl()
    {
        var a = UrlCanonicalizer.Canonicalize("HTTPS://Example.com:443/news/1/?utm_source=rss#x");
        var b = UrlCanonicalizer.Canonicalize("https://example.com/news/1");

        Assert.Equal(a, b);
    }
}
