namespace Pipeline.Indexer.Tests;

/// <summary>Newsrooms route flashes first: search can keep only articles at least as urgent as asked.</summary>
public sealed class UrgencySearchTests : IDisposable
{
    private readonly TempIndexFolder _folder = new();

    [Fact]
    public void Search_MaxUrgency_KeepsOnlyArticlesAtLeastThatUrgent_AndHitsCarryTheirUrgency()
    {
        using var index = new ArticleIndex(_folder.IndexPath);
        index.Upsert(ArticleBuilder.English().Id("flash").Urgency(1).Build());
        index.Upsert(ArticleBuilder.English().Id("urgent").Urgency(3).Build());
        index.Upsert(ArticleBuilder.English().Id("routine").Urgency(5).Build());
        index.Upsert(ArticleBuilder.English().Id("feed-item").Urgency(null).Build());

        var urgent = index.Search(new SearchRequest { Query = "*", MaxUrgency = 3, Limit = 10 });
        var everything = index.Search(new SearchRequest { Query = "*", Limit = 10 });

        Assert.Equal(["flash", "urgent"], urgent.Hits.Select(h => h.ArticleId).Order(StringComparer.Ordinal));
        Assert.Equal(4, everything.Total);
        Assert.Equal(1, everything.Hits.Single(h => h.ArticleId == "flash").Urgency);
        Assert.Null(everything.Hits.Single(h => h.ArticleId == "feed-item").Urgency);
    }

    public void Dispose() => _folder.Dispose();
}
