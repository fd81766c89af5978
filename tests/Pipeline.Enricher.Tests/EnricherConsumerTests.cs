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

        var enriched = Assert.Single(await harness.Published.WaitForAsync<ArticleEnriched>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(article.ArticleId, enriched.ArticleId);
        Assert.Equal("dispatch-1", enriched.DispatchId);
        Assert.Equal(Now.AddMinutes(-2), enriched.ReceivedAt);
        Assert.Equal(Now, enriched.EnrichedAt);
        Assert.Equal(article.Headline.Main, enriched.Article.Headline.Main);
        Assert.Equal("it", enriched.Enrichment.Language.Code);
        Assert.Contains(enriched.Enrichment.Entities, e => e.Name == "Vladimir Putin");
        Assert.StartsWith("c-", enriched.Enrichment.Cluster?.ClusterId, StringComparison.Ordinal);
        Assert.Equal(1.0, enriched.Enrichment.Cluster!.Similarity);
        Assert.Empty(harness.Published.SoFar<Fault<ArticleNormalized>>());
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
        await harness.Published.WaitForAsync<ArticleEnriched>(match: m => m.ArticleId == original.ArticleId, cancellationToken: TestContext.Current.CancellationToken);
        await harness.Bus.Publish(Normalized(copy), TestContext.Current.CancellationToken);
        await harness.Bus.Publish(Normalized(other), TestContext.Current.CancellationToken);

        await harness.Published.WaitForAsync<ArticleEnriched>(match: m => m.ArticleId == copy.ArticleId, cancellationToken: TestContext.Current.CancellationToken);
        await harness.Published.WaitForAsync<ArticleEnriched>(match: m => m.ArticleId == other.ArticleId, cancellationToken: TestContext.Current.CancellationToken);
        var clusters = harness.Published.SoFar<ArticleEnriched>()
            .ToDictionary(m => m.ArticleId, m => m.Enrichment.Cluster!.ClusterId);
        Assert.Equal(clusters[original.ArticleId], clusters[copy.ArticleId]);
        Assert.NotEqual(clusters[original.ArticleId], clusters[other.ArticleId]);
        Assert.Empty(harness.Published.SoFar<Fault<ArticleNormalized>>());
    }

    [Fact]
    public async Task Consume_SameArticleTwice_PublishesTheSameEnrichment()
    {
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddEnricherStage(), services => TempClusterStore(services));
        await using var _ = provider;
        var message = Normalized(Articles.EnglishStory());

        await harness.Bus.Publish(message, TestContext.Current.CancellationToken);
        await harness.Bus.Publish(message, TestContext.Current.CancellationToken);

        var published = await harness.Published.WaitForAsync<ArticleEnriched>(2, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, published.Count);
        Assert.All(published, m => Assert.Equal(message.ArticleId, m.ArticleId));
        Assert.Equal(JsonSerializer.Serialize(published[0].Enrichment), JsonSerializer.Serialize(published[1].Enrichment));
        Assert.Empty(harness.Published.SoFar<Fault<ArticleNormalized>>());
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
