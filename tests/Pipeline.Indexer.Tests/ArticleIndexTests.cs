using Pipeline.Contracts.Articles;

namespace Pipeline.Indexer.Tests;

public sealed class ArticleIndexTests : IDisposable
{
    private readonly TempIndexFolder _folder = new();
    private readonly ArticleIndex _index;

    public ArticleIndexTests() => _index = new ArticleIndex(_folder.IndexPath);

    public void Dispose()
    {
        _index.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Upsert_SameArticleTwice_KeepsOneDocument()
    {
        var article = ArticleBuilder.Italian().Id("a1").Build();

        var first = _index.Upsert(article);
        var second = _index.Upsert(article);

        Assert.Equal(IndexOutcome.Added, first.Outcome);
        Assert.Equal(IndexOutcome.Replaced, second.Outcome);
        Assert.Equal(1, second.PreviousVersion);
        Assert.Equal(1, _index.Count);
        Assert.Equal(1, _index.Search(new SearchRequest { Query = "Putin" }).Total);
    }

    [Fact]
    public void Upsert_NewerVersion_ReplacesDocument()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("a1").Headline("Prima versione del dispaccio").Build());

        var result = _index.Upsert(ArticleBuilder.Italian().Id("a1").Version(2).Headline("Seconda versione corretta").Build());

        Assert.True(result.Replaced);
        Assert.Equal(2, result.Version);
        Assert.Equal(1, _index.Count);
        var stored = _index.Find("a1");
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Seconda versione corretta", stored.Headline);
        Assert.Equal(0, _index.Search(new SearchRequest { Query = "prima" }).Total);
    }

    [Fact]
    public void Upsert_OlderVersion_DoesNotOverwrite()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("a1").Version(3).Headline("Versione tre").Build());

        var result = _index.Upsert(ArticleBuilder.Italian().Id("a1").Version(2).Headline("Versione due").Build());

        Assert.True(result.Skipped);
        Assert.False(result.Replaced);
        Assert.Equal(3, result.Version);
        Assert.Equal(1, _index.Count);
        Assert.Equal("Versione tre", _index.Find("a1")!.Headline);
    }

    [Fact]
    public void Upsert_ConcurrentVersionsOfOneArticle_NewestWins()
    {
        var newer = ArticleBuilder.Italian().Id("race").Version(5).Headline("Cinque").Build();
        var older = ArticleBuilder.Italian().Id("race").Version(4).Headline("Quattro").Build();

        var results = new[] { newer, older }.AsParallel().AsOrdered().WithDegreeOfParallelism(2).Select(_index.Upsert).ToArray();

        Assert.Equal(1, _index.Count);
        Assert.Equal(5, _index.Find("race")!.Version);
        Assert.Contains(results, r => r.Version == 5);
    }

    [Fact]
    public void Upsert_ConcurrentDistinctArticles_IndexesAll()
    {
        var articles = Enumerable.Range(0, 40).Select(i => ArticleBuilder.Italian().Id($"c{i}").Build()).ToArray();

        Parallel.ForEach(articles, new ParallelOptions { MaxDegreeOfParallelism = 4 }, a => _index.Upsert(a));
        Parallel.ForEach(articles, new ParallelOptions { MaxDegreeOfParallelism = 4 }, a => _index.Upsert(a));

        Assert.Equal(40, _index.Count);
    }

    [Fact]
    public void Upsert_Reopened_DataIsDurable()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("durable").Build());
        _index.Dispose();

        using var reopened = new ArticleIndex(_folder.IndexPath);

        Assert.Equal(1, reopened.Count);
        Assert.NotNull(reopened.Find("durable"));
    }

    [Fact]
    public void Constructor_SecondWriterOnSameFolder_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ArticleIndex(_folder.IndexPath));

        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ItalianInflection_FindsStem()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("it1").Build());
        _index.Upsert(ArticleBuilder.English().Id("en1").Build());

        var response = _index.Search(new SearchRequest { Query = "sostegni" });

        var hit = Assert.Single(response.Hits);
        Assert.Equal("it1", hit.ArticleId);
        Assert.Contains("<mark>sostegno</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_EnglishInflection_FindsStem()
    {
        _index.Upsert(ArticleBuilder.English().Id("en1").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("it1").Build());

        var response = _index.Search(new SearchRequest { Query = "rallies" });

        Assert.Equal("en1", Assert.Single(response.Hits).ArticleId);
    }

    [Fact]
    public void Search_ExactWordInUnsupportedLanguage_Matches()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("de1").Language("de").Headline("Kanzler besucht Rom").Lead(null)
            .Body("Der Kanzler traf den Ministerpräsidenten.").Build());

        var response = _index.Search(new SearchRequest { Query = "Kanzler" });

        var hit = Assert.Single(response.Hits);
        Assert.Equal("de", hit.Language);
        Assert.Contains("<mark>Kanzler</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_AllWordsRequired_ExcludesPartialMatches()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("both").Headline("Putin e Kim").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("one").Headline("Vertice a Roma").Lead("Putin assente.").Body("Nessun altro.").Build());

        var response = _index.Search(new SearchRequest { Query = "Putin Kim" });

        Assert.Equal("both", Assert.Single(response.Hits).ArticleId);
    }

    [Fact]
    public void Search_HeadlineMatch_RanksAboveBodyMatch()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("body").Headline("Notizie dal mondo").Lead(null).Body("Si parla anche di Pyongyang e di altro, molto altro ancora.").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("title").Headline("Pyongyang accoglie la delegazione").Lead(null).Body("Una visita ufficiale con molti incontri e colloqui.").Build());

        var response = _index.Search(new SearchRequest { Query = "Pyongyang" });

        Assert.Equal(["title", "body"], response.Hits.Select(h => h.ArticleId));
        Assert.True(response.Hits[0].Score > response.Hits[1].Score);
    }

    [Fact]
    public void Search_Filters_RestrictMatches()
    {
        var august = new DateTimeOffset(2025, 8, 13, 9, 0, 0, TimeSpan.Zero);
        _index.Upsert(ArticleBuilder.Italian().Id("it-pn").Source("prima-notizia-24").Published(august).Entity("Vladimir Putin").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("it-ansa").Source("ansa").Published(august.AddDays(-30)).Entity("Kim Jong Un").Build());
        _index.Upsert(ArticleBuilder.English().Id("en-wire").Headline("Putin meets Kim").Published(august.AddDays(1)).Entity("Vladimir Putin").Build());

        Assert.Equal(["it-ansa", "it-pn"], Ids(new SearchRequest { Query = "*", Language = "it" }));
        Assert.Equal(["en-wire"], Ids(new SearchRequest { Query = "*", Language = "EN" }));
        Assert.Equal(["it-ansa"], Ids(new SearchRequest { Query = "*", SourceId = "ansa" }));
        Assert.Equal(["en-wire", "it-pn"], Ids(new SearchRequest { Query = "*", Entity = "vladimir putin" }));
        Assert.Equal(["en-wire", "it-pn"], Ids(new SearchRequest { Query = "*", From = august.AddDays(-1) }));
        Assert.Equal(["it-ansa", "it-pn"], Ids(new SearchRequest { Query = "*", To = august }));
        Assert.Equal(["it-pn"], Ids(new SearchRequest { Query = "*", From = august, To = august, Language = "it", Entity = "Vladimir Putin" }));
        Assert.Empty(Ids(new SearchRequest { Query = "*", SourceId = "nobody" }));
    }

    [Fact]
    public void Search_EntityFilter_MatchesTheEntityIdAsWellAsItsName()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("it").Entity("Moscow", EntityTypes.Place, id: "geonames:524901").Build());
        _index.Upsert(ArticleBuilder.English().Id("en").Headline("Moscow talks").Entity("Moscow", EntityTypes.Place, id: "geonames:524901").Build());
        _index.Upsert(ArticleBuilder.English().Id("idaho").Headline("Moscow, Idaho").Entity("Moscow", EntityTypes.Place, id: "geonames:5601538").Build());
        _index.Upsert(ArticleBuilder.English().Id("old").Headline("No ids yet").Entity("Moscow", EntityTypes.Place).Build());

        Assert.Equal(["en", "it"], Ids(new SearchRequest { Query = "*", Entity = "geonames:524901" }));
        Assert.Equal(["idaho"], Ids(new SearchRequest { Query = "*", Entity = "GEONAMES:5601538" }));
        Assert.Equal(4, Ids(new SearchRequest { Query = "*", Entity = "moscow" }).Length);
    }

    [Fact]
    public void Search_MatchAll_ReturnsNewestFirst()
    {
        var day = new DateTimeOffset(2025, 8, 1, 0, 0, 0, TimeSpan.Zero);
        _index.Upsert(ArticleBuilder.Italian().Id("old").Published(day).Build());
        _index.Upsert(ArticleBuilder.Italian().Id("new").Published(day.AddDays(2)).Build());
        _index.Upsert(ArticleBuilder.Italian().Id("mid").Published(day.AddDays(1)).Build());

        var response = _index.Search(new SearchRequest { Query = "" });

        Assert.Equal(["new", "mid", "old"], response.Hits.Select(h => h.ArticleId));
    }

    [Fact]
    public void Search_Facets_CountAllMatchesNotJustThePage()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("i1").Source("ansa").Entity("Vladimir Putin").Entity("Kim Jong Un").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("i2").Source("ansa").Entity("Vladimir Putin").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("i3").Source("prima-notizia-24").Entity("Vladimir Putin").Build());
        _index.Upsert(ArticleBuilder.English().Id("e1").Headline("Putin and Kim sign a pact").Entity("Kim Jong Un").Build());

        var response = _index.Search(new SearchRequest { Query = "Putin", Limit = 1 });

        Assert.Equal(4, response.Total);
        Assert.Single(response.Hits);
        Assert.Equal([new FacetCount("it", 3), new FacetCount("en", 1)], response.Facets[SearchResponse.LanguageFacet]);
        Assert.Equal([new FacetCount("ansa", 2), new FacetCount("prima-notizia-24", 1), new FacetCount("wire-en", 1)], response.Facets[SearchResponse.SourceFacet]);
        Assert.Equal([new FacetCount("Vladimir Putin", 3), new FacetCount("Kim Jong Un", 2)], response.Facets[SearchResponse.EntityFacet]);
    }

    [Fact]
    public void Search_Paging_ReturnsDisjointPagesAndFullTotal()
    {
        for (var i = 0; i < 5; i++)
        {
            _index.Upsert(ArticleBuilder.Italian().Id($"p{i}").Build());
        }

        var first = _index.Search(new SearchRequest { Query = "sostegno", Limit = 2 });
        var second = _index.Search(new SearchRequest { Query = "sostegno", Limit = 2, Offset = 2 });
        var last = _index.Search(new SearchRequest { Query = "sostegno", Limit = 2, Offset = 4 });

        Assert.Equal(5, first.Total);
        Assert.Equal(5, last.Total);
        Assert.Single(last.Hits);
        Assert.Equal(5, first.Hits.Concat(second.Hits).Concat(last.Hits).Select(h => h.ArticleId).Distinct().Count());
    }

    [Fact]
    public void Search_Snippet_MarksMatchesAndEncodesHtml()
    {
        _index.Upsert(ArticleBuilder.English().Id("html").Headline("Tags in text").Lead(null)
            .Body("The <script>alert('x')</script> tag & the \"quotes\" near the keyword pineapple stay text.").Build());

        var hit = Assert.Single(_index.Search(new SearchRequest { Query = "pineapple" }).Hits);

        Assert.Contains("<mark>pineapple</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_PhraseQuery_HighlightsThePhrase()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("ph").Build());

        var hit = Assert.Single(_index.Search(new SearchRequest { Query = "\"leader nordcoreano\"" }).Hits);

        Assert.Contains("<mark>leader</mark> <mark>nordcoreano</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_HeadlineOnlyMatch_SnippetIsEncodedLead()
    {
        _index.Upsert(ArticleBuilder.English().Id("h").Headline("Zanzibar summit").Lead("Leaders <met> today.").Body("Nothing else to say.").Build());

        var hit = Assert.Single(_index.Search(new SearchRequest { Query = "zanzibar" }).Hits);

        Assert.Equal("Leaders &lt;met&gt; today.", hit.Snippet);
    }

    [Theory]
    [InlineData("Putin AND")]
    [InlineData("(Putin")]
    [InlineData("\"Putin")]
    [InlineData("Putin [Kim TO")]
    [InlineData("*Putin")]
    [InlineData("/[/")]
    [InlineData("Putin:")]
    [InlineData("Putin ~ ^ !")]
    public void Search_QuerySyntaxError_DoesNotThrow(string query)
    {
        _index.Upsert(ArticleBuilder.Italian().Id("p").Build());

        var response = _index.Search(new SearchRequest { Query = query });

        Assert.True(response.Total is 0 or 1);
    }

    [Fact]
    public void Search_QuerySyntaxError_SearchesTheWordsLiterally()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("p").Build());

        var response = _index.Search(new SearchRequest { Query = "(Putin Kim" });

        Assert.Equal("p", Assert.Single(response.Hits).ArticleId);
    }

    [Fact]
    public void Search_SyntaxOperators_Work()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("putin").Headline("Putin a Mosca").Lead(null).Body("Il Cremlino.").Build());
        _index.Upsert(ArticleBuilder.Italian().Id("kim").Headline("Kim a Pyongyang").Lead(null).Body("Il partito.").Build());

        Assert.Equal(["kim", "putin"], Ids(new SearchRequest { Query = "Putin OR Kim" }).Order(StringComparer.Ordinal));
        Assert.Equal(["kim"], Ids(new SearchRequest { Query = "pyong*" }));
        Assert.Equal(["putin"], Ids(new SearchRequest { Query = "Mosca NOT Kim" }));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(101, 0)]
    [InlineData(10, -1)]
    [InlineData(10, 10_001)]
    public void Search_LimitOrOffsetOutOfRange_Throws(int limit, int offset)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _index.Search(new SearchRequest { Query = "x", Limit = limit, Offset = offset }));
    }

    [Fact]
    public void Find_StoredArticle_ReturnsAllStoredFields()
    {
        _index.Upsert(ArticleBuilder.Italian().Id("full").Dispatch("d-1").Section("Esteri").Entity("Vladimir Putin", EntityTypes.Person)
            .Url("https://example.org/putin-kim").Build());

        var stored = _index.Find("full");

        Assert.NotNull(stored);
        Assert.Equal("d-1", stored.DispatchId);
        Assert.Equal("prima-notizia-24", stored.SourceId);
        Assert.Equal("Prima Notizia 24", stored.SourceName);
        Assert.Equal("it", stored.Language);
        Assert.Equal(["Esteri"], stored.Sections);
        Assert.Equal(["Vladimir Putin"], stored.Entities);
        Assert.Equal("https://example.org/putin-kim", stored.CanonicalUrl);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 9, 30, 0, TimeSpan.Zero), stored.PublishedAt);
        Assert.StartsWith("Il presidente russo", stored.Body, StringComparison.Ordinal);
        Assert.Null(_index.Find("missing"));
    }

    private string[] Ids(SearchRequest request) => [.. _index.Search(request).Hits.Select(h => h.ArticleId).Order(StringComparer.Ordinal)];
}
