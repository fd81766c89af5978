using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// <c>GET /articles/{id}</c> returns the whole enriched message, and <c>sort=relevance|newest</c> orders the hits, on the
/// real indexer host over loopback HTTP.
/// </summary>
public sealed class StoredArticleAndSortTests : LoopbackIndexerTests
{
    protected override void Seed(ArticleIndex index)
    {
        index.Upsert(ContractSamples.ArticleEnriched);

        // An older article all about Kursk, and a newer one that names it once in passing.
        index.Upsert(ArticleBuilder.English().Id("older-strong").Headline("Kursk offensive: Kursk region evacuated")
            .Lead("Fighting in Kursk continued.").Body("Kursk officials ordered the evacuation of border villages in the Kursk region.")
            .Published(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero)).Build());
        index.Upsert(ArticleBuilder.English().Id("newer-weak").Headline("Markets close mixed after a quiet session")
            .Lead("Traders watched central banks, energy prices, the grain harvest and, briefly, news from Kursk.")
            .Body("Volumes were thin across Europe and Asia as investors waited for inflation figures due later in the week.")
            .Published(new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero)).Build());
    }

    [Fact]
    public async Task GetArticle_ReturnsTheWholeEnrichedMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var sample = ContractSamples.ArticleEnriched;

        var response = await Client.GetFromJsonAsync<JsonObject>("/articles/" + Uri.EscapeDataString(sample.ArticleId), JsonSerializerOptions.Web, ct);

        Assert.NotNull(response);
        var enriched = response["enriched"];
        Assert.NotNull(enriched);
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(sample, JsonSerializerOptions.Web), enriched),
            $"The stored message differs from what was indexed:\n{enriched}");

        // What the old stored fields lacked is all there.
        var article = response.Deserialize<IndexedArticle>(JsonSerializerOptions.Web)!;
        Assert.NotNull(article.Enriched);
        Assert.NotEmpty(article.Enriched.Enrichment.Topics);
        Assert.NotEmpty(article.Enriched.Enrichment.Quotes);
        Assert.NotEmpty(article.Enriched.Enrichment.Countries);
        Assert.NotNull(article.Enriched.Enrichment.Cluster);
        Assert.NotEmpty(article.Enriched.Article.Media);
        Assert.Equal(sample.Article.Urgency, article.Enriched.Article.Urgency);
    }

    [Theory]
    [InlineData("", "older-strong")]
    [InlineData("&sort=relevance", "older-strong")]
    [InlineData("&sort=Newest", "newer-weak")]
    public async Task Search_Sort_OrdersTheHits(string sort, string first)
    {
        var response = await Client.GetFromJsonAsync<SearchResponse>("/search?q=kursk&lang=en" + sort, JsonSerializerOptions.Web, TestContext.Current.CancellationToken);

        Assert.NotNull(response);
        Assert.Equal(2, response.Total);
        Assert.Equal(first, response.Hits[0].ArticleId);
        Assert.Contains("<mark>", response.Hits.Single(h => h.ArticleId == "older-strong").Snippet, StringComparison.Ordinal);
    }
}
