using Pipeline.Cli.Evaluation;
using Pipeline.Contracts.Articles;

namespace Pipeline.Cli.Tests.Evaluation;

public sealed class GoldSetLoaderTests
{
    [Fact]
    public void Load_RealGoldSet_MeetsTheMinimumSizes()
    {
        var gold = GoldSetLoader.Load(GoldFiles.Enrichment);

        Assert.True(gold.Articles.Count >= 40, $"{gold.Articles.Count} articles");
        Assert.True(gold.Articles.Count(a => a.Language == "it") >= 20);
        Assert.True(gold.Articles.Count(a => a.Language == "en") >= 20);
        Assert.All(gold.Articles, a => Assert.NotEmpty(a.Entities));
        Assert.All(gold.Articles, a => Assert.False(string.IsNullOrWhiteSpace(a.Url), a.Id));
        Assert.Contains(gold.Articles, a => a.Entities.Any(e => e.Type == EntityTypes.Organisation));
    }

    [Fact]
    public void Load_HeldOutGoldSet_LoadsAndSharesNoArticleWithTheTunedSet()
    {
        var heldOut = GoldSetLoader.Load(Path.Combine(Path.GetDirectoryName(GoldFiles.Enrichment)!, "enrichment-heldout"));
        var tuned = GoldSetLoader.Load(GoldFiles.Enrichment);

        Assert.True(heldOut.Articles.Count(a => a.Language == "it") >= 12);
        Assert.True(heldOut.Articles.Count(a => a.Language == "en") >= 12);
        Assert.Empty(heldOut.Articles.Select(a => a.Url).Intersect(tuned.Articles.Select(a => a.Url), StringComparer.OrdinalIgnoreCase));
        Assert.Empty(heldOut.Articles.Select(a => a.Headline).Intersect(tuned.Articles.Select(a => a.Headline), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Load_RealGoldSet_CoversSeveralTopicsAndSources()
    {
        var gold = GoldSetLoader.Load(GoldFiles.Enrichment);

        Assert.True(gold.Articles.Select(a => a.Topic).Distinct().Count() >= 8);
        Assert.True(gold.Articles.Select(a => a.Source).Distinct().Count() >= 30);
    }

    [Fact]
    public void Load_ValidSyntheticArticle_ReadsEveryField()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article());

        var article = Assert.Single(GoldSetLoader.Load(folder).Articles);

        Assert.Equal("a1", article.Id);
        Assert.Equal("it", article.Language);
        Assert.Equal("medtop:11000000", article.Topic);
        Assert.Equal(3, article.Entities.Count);
        Assert.Equal(["Roma"], article.Entities.Single(e => e.Type == EntityTypes.Place).Mentions);
    }

    [Theory]
    [InlineData("topic", "medtop:20000000", "topic")]
    [InlineData("language", "italian", "language")]
    [InlineData("headline", "", "headline")]
    public void Load_BadField_NamesTheFileAndTheField(string field, string value, string expected)
    {
        var article = GoldFiles.Article();
        article[field] = value;
        var folder = GoldFiles.Folder(article);

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(folder));

        Assert.EndsWith("article-1.json", error.FilePath, StringComparison.Ordinal);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MentionNotInTheText_IsRejected()
    {
        var article = GoldFiles.Article();
        article["entities"] = new object[] { new { name = "Vladimir Putin", type = "person", mentions = new[] { "Putin" } } };

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(GoldFiles.Folder(article)));

        Assert.Contains("'Putin' does not occur", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownEntityType_IsRejected()
    {
        var article = GoldFiles.Article();
        article["entities"] = new object[] { new { name = "Rome", type = "city", mentions = new[] { "Roma" } } };

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(GoldFiles.Folder(article)));

        Assert.Contains("type 'city'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateIds_NameBothFiles()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article("same"), GoldFiles.Article("same"));

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(folder));

        Assert.EndsWith("article-2.json", error.FilePath, StringComparison.Ordinal);
        Assert.Contains("article-1.json", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedJson_SaysSo()
    {
        var folder = GoldFiles.Folder();
        File.WriteAllText(Path.Combine(folder, "articles", "broken.json"), "{ \"id\": ");

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(folder));

        Assert.EndsWith("broken.json", error.FilePath, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoArticlesFolder_IsRejected()
    {
        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(CliRunner.TempFolder()));

        Assert.Contains("articles", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PairWithUnknownLabel_IsRejected()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article());
        Directory.CreateDirectory(Path.Combine(folder, "pairs"));
        File.WriteAllText(Path.Combine(folder, "pairs", "p.json"),
            """{ "id": "p", "label": "same", "a": { "headline": "x", "paragraphs": ["y"] }, "b": { "headline": "x", "paragraphs": ["y"] } }""");

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(folder));

        Assert.EndsWith("p.json", error.FilePath, StringComparison.Ordinal);
        Assert.Contains("label 'same'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidPair_IsRead()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article());
        Directory.CreateDirectory(Path.Combine(folder, "pairs"));
        File.WriteAllText(Path.Combine(folder, "pairs", "p.json"),
            """{ "id": "p", "label": "duplicate", "a": { "headline": "x", "paragraphs": ["y"], "source": "ANSA" }, "b": { "headline": "x", "paragraphs": ["y"] } }""");

        var pair = Assert.Single(GoldSetLoader.Load(folder).Pairs);

        Assert.True(pair.IsDuplicate);
        Assert.Equal("ANSA", pair.A.Source);
    }

    [Fact]
    public void Load_RewritePairWithPublicationDates_IsReadAsRewrite()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article());
        Directory.CreateDirectory(Path.Combine(folder, "pairs"));
        File.WriteAllText(Path.Combine(folder, "pairs", "p.json"),
            """{ "id": "p", "label": "rewrite", "a": { "headline": "x", "paragraphs": ["y"], "published": "2025-03-13T06:00:00Z" }, "b": { "headline": "z", "paragraphs": ["w"], "language": "en" } }""");

        var pair = Assert.Single(GoldSetLoader.Load(folder).Pairs);

        Assert.True(pair.IsRewrite);
        Assert.False(pair.IsDuplicate);
        Assert.Equal("rewrite", pair.Label);
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 6, 0, 0, TimeSpan.Zero), pair.A.PublishedAt);
        Assert.Null(pair.B.PublishedAt);
    }

    [Fact]
    public void Load_PairWithBadPublicationDate_NamesTheField()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article());
        Directory.CreateDirectory(Path.Combine(folder, "pairs"));
        File.WriteAllText(Path.Combine(folder, "pairs", "p.json"),
            """{ "id": "p", "label": "rewrite", "a": { "headline": "x", "paragraphs": ["y"], "published": "yesterday" }, "b": { "headline": "z", "paragraphs": ["w"] } }""");

        var error = Assert.Throws<InvalidGoldException>(() => GoldSetLoader.Load(folder));

        Assert.Contains("a.published", error.Problem, StringComparison.Ordinal);
    }
}
