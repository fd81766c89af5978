namespace Pipeline.Indexer.Tests;

public sealed class ArticleSearcherTests : IDisposable
{
    private readonly TempIndexFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Search_WhileWriterIsOpen_SeesCommittedArticles()
    {
        using var writer = new ArticleIndex(_folder.IndexPath);
        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);
        writer.Upsert(ArticleBuilder.Italian().Id("first").Build());

        Assert.Equal("first", Assert.Single(reader.Search(new SearchRequest { Query = "sostegni" }).Hits).ArticleId);

        writer.Upsert(ArticleBuilder.English().Id("second").Build());

        Assert.Equal(2, reader.Count);
        Assert.Equal("second", Assert.Single(reader.Search(new SearchRequest { Query = "rally" }).Hits).ArticleId);
        Assert.NotNull(reader.Find("second"));
    }

    [Fact]
    public void Search_SameRequest_GivesSameResultAsWriter()
    {
        using var writer = new ArticleIndex(_folder.IndexPath);
        writer.Upsert(ArticleBuilder.Italian().Id("a").Entity("Vladimir Putin").Build());
        writer.Upsert(ArticleBuilder.English().Id("b").Headline("Putin visits").Entity("Vladimir Putin").Build());
        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);
        var request = new SearchRequest { Query = "Putin" };

        var fromWriter = writer.Search(request);
        var fromReader = reader.Search(request);

        Assert.Equal(fromWriter.Total, fromReader.Total);
        Assert.Equal(fromWriter.Hits.Select(h => (h.ArticleId, h.Snippet)), fromReader.Hits.Select(h => (h.ArticleId, h.Snippet)));
        Assert.Equal(fromWriter.Facets[SearchResponse.EntityFacet], fromReader.Facets[SearchResponse.EntityFacet]);
    }

    [Fact]
    public void Search_MissingFolder_ReturnsNoHits()
    {
        using var reader = ArticleSearcher.OpenReadOnly(Path.Combine(_folder.Root, "does-not-exist"));

        var response = reader.Search(new SearchRequest { Query = "Putin" });

        Assert.Equal(0, response.Total);
        Assert.Empty(response.Hits);
        Assert.Empty(response.Facets[SearchResponse.LanguageFacet]);
        Assert.Equal(0, reader.Count);
        Assert.False(reader.Exists);
        Assert.Null(reader.Find("anything"));
    }

    [Fact]
    public void Search_EmptyFolder_ReturnsNoHits()
    {
        Directory.CreateDirectory(_folder.IndexPath);
        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);

        Assert.Equal(0, reader.Search(new SearchRequest { Query = "*" }).Total);
        Assert.False(reader.Exists);
    }

    [Fact]
    public void Search_IndexCreatedAfterOpening_IsPickedUp()
    {
        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);
        Assert.Equal(0, reader.Count);

        using var writer = new ArticleIndex(_folder.IndexPath);
        writer.Upsert(ArticleBuilder.Italian().Id("late").Build());

        Assert.True(reader.Exists);
        Assert.Equal("late", Assert.Single(reader.Search(new SearchRequest { Query = "Putin" }).Hits).ArticleId);
    }

    [Fact]
    public void Search_NewWriterEmptyIndex_ReturnsNoHits()
    {
        using var writer = new ArticleIndex(_folder.IndexPath);
        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);

        Assert.True(reader.Exists);
        Assert.Equal(0, reader.Search(new SearchRequest { Query = "Putin" }).Total);
    }
}
