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
}
