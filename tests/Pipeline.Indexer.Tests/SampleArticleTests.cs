using Pipeline.Testing;

namespace Pipeline.Indexer.Tests;

/// <summary>Search over the text of the bundled Prima Notizia 24 dispatch.</summary>
public sealed class SampleArticleTests : IDisposable
{
    private readonly TempIndexFolder _folder = new();
    private readonly ArticleIndex _index;

    public SampleArticleTests()
    {
        _index = new ArticleIndex(_folder.IndexPath);

        // Body paragraphs: the plain lines of the dispatch (not the headline, dateline or byline).
        var paragraphs = Samples.Read(Samples.PrimaNotizia)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#') && !line.StartsWith("**", StringComparison.Ordinal) && !line.StartsWith("di ", StringComparison.Ordinal))
            .ToArray();
        _index.Upsert(ArticleBuilder.Italian().Id("pn24-putin-kim").Lead(null).Body(paragraphs)
            .Entity("Vladimir Putin").Entity("Kim Jong Un").Entity("Kursk", "place").Build());
    }

    public void Dispose()
    {
        _index.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Search_InflectedItalianWords_FindTheDispatchAndMarkTheForms()
    {
        var response = _index.Search(new SearchRequest { Query = "soldato liberazioni" });

        var hit = Assert.Single(response.Hits);
        Assert.Equal("pn24-putin-kim", hit.ArticleId);
        Assert.Contains("<mark>soldati</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>liberazione</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ExactPhraseFromTheText_Matches()
    {
        var response = _index.Search(new SearchRequest { Query = "\"Agenzia di Stampa Centrale Coreana\"" });

        Assert.Equal(1, response.Total);
        Assert.Equal([new FacetCount("Kim Jong Un", 1), new FacetCount("Kursk", 1), new FacetCount("Vladimir Putin", 1)], response.Facets[SearchResponse.EntityFacet]);
    }

    [Fact]
    public void Search_EntityFilter_IsCaseInsensitive()
    {
        Assert.Equal(1, _index.Search(new SearchRequest { Query = "Trump", Entity = "kursk" }).Total);
        Assert.Equal(0, _index.Search(new SearchRequest { Query = "Trump", Entity = "Donald Trump" }).Total);
    }
}
