using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Articles;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests;

public sealed class EnricherConsumerTests
{
    private static readonly DateTimeOffset Now = new(2025, 8, 13, 10, 0, 0, TimeSpan.Zero);

    private static ArticleNormalized Normalized(CanonicalArticle article) => new()
    {
        ArticleId = article.ArticleId,
        DispatchId = "dispatch-1",
        ReceivedAt = Now.AddMinutes(-2),
        NormalizedAt = Now.AddMinutes(-1),
        Article = article,
    };

    [Fact]
    public async Task Consume_ArticleNormalized_PublishesArticleEnrichedInItalian()
    {
        var time = new FakeTimeProvider(Now);
        var (provider, harness) = await PipelineHarness.StartAsync(
            bus => bus.AddEnricherStage(),
            services => TempClusterStore(services).AddSingleton<TimeProvider>(time));
        await using var _ = provider;
        var article = Articles.PrimaNotizia() with { DeclaredLanguage = "it" };

        await harness.Bus.Publish(Normalized(article), TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<ArticleEnriched>(TestContext.Current.CancellationToken));
        var enriched = harness.Published.Select<ArticleEnriched>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal(article.ArticleId, enriched.ArticleId);
        Assert.Equal("dispatch-1", enriched.DispatchId);
        Assert.Equal(Now.AddMinutes(-2), enriched.ReceivedAt);
        Assert.Equal(Now, enriched.EnrichedAt);
        Assert.Equal(article.Headline.Main, enriched.Article.Headline.Main);
        Assert.Equal("it", enriched.Enrichment.Language.Code);
        Assert.Contains(enriched.Enrichment.Entities, e => e.Name == "Vladimir Putin");
        Assert.StartsWith("c-", enriched.Enrichment.Cluster?.ClusterId, StringComparison.Ordinal);
        Assert.Equal(1.0, enriched.Enrichment.Cluster!.Similarity);
        Assert.False(await harness.Published.Any<Fault<ArticleNormalized>>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_WireCopyRepublishedBySecondOutlet_JoinsTheFirstArticlesCluster()
    {
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddEnricherStage(), services => TempClusterStore(services));
        await using var _ = provider;
        var original = Articles.PrimaNotizia();
        var copy = original with
        {
            ArticleId = "republished-copy",
            Source = new Pipeline.Contracts.Dispatches.SourceRef { Id = "another-outlet" },
            Headline = new Headline { Main = "Kim Jong Un assicura a Putin il pieno sostegno della Corea del Nord" },
        };
        var other = Articles.EnglishStory();

        await harness.Bus.Publish(Normalized(original), TestContext.Current.CancellationToken);
        Assert.True(await harness.Published.Any<ArticleEnriched>(m => m.Context.Message.ArticleId == original.ArticleId, TestContext.Current.CancellationToken));
        await harness.Bus.Publish(Normalized(copy) with { ArticleId = copy.ArticleId }, TestContext.Current.CancellationToken);
        await harness.Bus.Publish(Normalized(other), TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<ArticleEnriched>(m => m.Context.Message.ArticleId == copy.ArticleId, TestContext.Current.CancellationToken));
        Assert.True(await harness.Published.Any<ArticleEnriched>(m => m.Context.Message.ArticleId == other.ArticleId, TestContext.Current.CancellationToken));
        var clusters = harness.Published.Select<ArticleEnriched>(TestContext.Current.CancellationToken)
            .ToDictionary(m => m.Context.Message.ArticleId, m => m.Context.Message.Enrichment.Cluster!.ClusterId);
        Assert.Equal(clusters[original.ArticleId], clusters[copy.ArticleId]);
        Assert.NotEqual(clusters[original.ArticleId], clusters[other.ArticleId]);
        Assert.False(await harness.Published.Any<Fault<ArticleNormalized>>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_SameArticleTwice_PublishesTheSameEnrichment()
    {
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddEnricherStage(), services => TempClusterStore(services));
        await using var _ = provider;
        var message = Normalized(Articles.EnglishStory());

        await harness.Bus.Publish(message, TestContext.Current.CancellationToken);
        await harness.Bus.Publish(message, TestContext.Current.CancellationToken);

        var published = new List<ArticleEnriched>();
        await foreach (var item in harness.Published.SelectAsync<ArticleEnriched>(TestContext.Current.CancellationToken))
        {
            published.Add(item.Context.Message);
            if (published.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(2, published.Count);
        Assert.All(published, m => Assert.Equal(message.ArticleId, m.ArticleId));
        Assert.Equal(JsonSerializer.Serialize(published[0].Enrichment), JsonSerializer.Serialize(published[1].Enrichment));
        Assert.False(await harness.Published.Any<Fault<ArticleNormalized>>(TestContext.Current.CancellationToken));
    }

    /// <summary>Each test keeps its story clusters in its own SQLite file.</summary>
    private static IServiceCollection TempClusterStore(IServiceCollection services) =>
        services.Configure<Pipeline.Enricher.Clustering.ClusteringOptions>(o => o.SqlitePath = Path.Combine(Path.GetTempPath(), $"pipeline-clusters-{Guid.NewGuid():N}.db"));

    [Fact]
    public void EndpointName_WithPrefix_IsPrefixedEnricher()
    {
        // AddEnricherStage leaves the queue name to the bus's formatter, so Messaging:EndpointPrefix applies.
        Assert.Equal("enricher", KebabCaseEndpointNameFormatter.Instance.Consumer<EnricherConsumer>());
        Assert.Equal("run42-enricher", new KebabCaseEndpointNameFormatter("run42", false).Consumer<EnricherConsumer>());
    }
}
