using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Tests.Text;

public sealed class ArticleHtmlTests
{
    [Theory]
    [InlineData("<p>One</p><p>Two</p>", new[] { "One", "Two" })]
    [InlineData("<p>One<br><br>Two</p>", new[] { "One", "Two" })]
    [InlineData("One<br>still one", new[] { "One still one" })]
    [InlineData("<div>A <b>bold</b> move</div><ul><li>x</li><li>y</li></ul>", new[] { "A bold move", "x", "y" })]
    [InlineData("<p>Keep “typographic” quotes</p><script>drop()</script><style>p{}</style>", new[] { "Keep “typographic” quotes" })]
    [InlineData("<p>  lots\n of   space&nbsp;here </p>", new[] { "lots of space here" })]
    [InlineData("<table><tr><td>a</td><td>b</td></tr></table>", new[] { "a b" })]
    [InlineData("", new string[0])]
    public void ToParagraphs_Html_ReturnsCleanParagraphs(string html, string[] expected)
    {
        Assert.Equal(expected, ArticleHtml.ToParagraphs(html));
    }

    [Theory]
    [InlineData("<p onclick=\"x()\">a</p>", "<p>a</p>")]
    [InlineData("<p>a<script>alert(1)</script></p>", "<p>a</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">a</a>", "<a>a</a>")]
    [InlineData("<img src=\"data:image/png;base64,AA\">", "<img>")]
    [InlineData("<iframe src=\"https://x.example/\"></iframe><p>b</p>", "<p>b</p>")]
    [InlineData("<form><input name=\"q\"></form><p>c</p>", "<p>c</p>")]
    [InlineData("<p style=\"color:red\">d</p>", "<p>d</p>")]
    [InlineData("<a href=\"https://example.com/\" title=\"t\">e</a>", "<a href=\"https://example.com/\" title=\"t\">e</a>")]
    [InlineData("<div class=\"x\"><p>kept</p></div>", "<p>kept</p>")]
    [InlineData("<section><h2>Title</h2><p>kept</p></section>", "<h2>Title</h2><p>kept</p>")]
    public void Sanitize_UntrustedHtml_KeepsOnlyTheArticleAllowList(string html, string expected)
    {
        Assert.Equal(expected, ArticleHtml.Sanitize(html));
    }

    [Fact]
    public void IsTooDeep_NestingBeyondTheLimit_Detected()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", ArticleHtml.MaxNestingDepth + 1));
        var wide = string.Concat(Enumerable.Repeat("<p>x", 5000));

        Assert.True(ArticleHtml.IsTooDeep(deep));
        Assert.False(ArticleHtml.IsTooDeep(wide));
        Assert.False(ArticleHtml.IsTooDeep("<div><div></div></div>"));
    }

    [Fact]
    public void FromParagraphs_PlainText_EncodesIntoParagraphs()
    {
        Assert.Equal("<p>a &lt;b&gt; &amp; c</p>\n<p>d</p>", ArticleHtml.FromParagraphs(["a <b> & c", "d"]));
    }

    /// <summary>
    /// Plain paragraphs are escaped without parsing them again: the result must be exactly what the sanitizer
    /// makes of the encoded paragraphs (the way it was built before), for text an HTML parser could rewrite.
    /// </summary>
    [Theory]
    [InlineData("Caffè & \"virgolette\" 'apici' <b>non grassetto</b> a > b")]
    [InlineData("no\u00A0break, soft\u00ADhyphen, zero\u200Bwidth, \u202Ebidi")]
    [InlineData("emoji 🇮🇹 👩‍💻, 中文, العربية, &amp; already &lt;escaped&gt;, &#169; &copy;")]
    [InlineData("tab\there, line\nbreak,   spaces  ")]
    [InlineData("carriage\r\nreturn, bell\u0007, nul\0 end")]
    [InlineData("lone \uD800 high, lone \uDC00 low")]
    [InlineData("")]
    public void FromParagraphs_IsWhatTheSanitizerMakesOfEncodedParagraphs(string paragraph)
    {
        string[] paragraphs = [paragraph, "second <p> paragraph", paragraph];
        var reference = ArticleHtml.Sanitize(string.Join('\n', paragraphs.Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p) + "</p>")));

        var html = ArticleHtml.FromParagraphs(paragraphs);

        Assert.Equal(reference, html);
        Assert.Equal(html, ArticleHtml.Sanitize(html));
    }
}
