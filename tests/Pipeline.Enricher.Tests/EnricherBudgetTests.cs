using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests;

/// <summary>Issue 11: enrichment observes the per-dispatch budget between its stages and is rejected as <c>unsafe</c> past it.</summary>
public sealed class EnricherBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Enrich_CancelledToken_Stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ArticleEnricher.CreateDefault().EnrichWithin(Articles.PrimaNotizia(), cancelled.Token));
    }

    [Fact]
    public async Task Consume_LongArticleOverASmallBudget_IsRejectedAsUnsafe_AndNotEnriched()
    {
        var (provider, harness) = await PipelineHarness.StartAsync(
            bus => bus.AddEnricherStage(),
            services => services.Configure<Pipeline.Enricher.Clustering.ClusteringOptions>(o => o.SqlitePath = Path.Combine(Path.GetTempPath(), $"pipeline-clusters-{Guid.NewGuid():N}.db")),
            new MessagingOptions { RetryCount = 3, RetryIntervalMilliseconds = 10, DispatchBudgetSeconds = 0.01, ColdStartBudgetSeconds = 0.01 });
        await using var _ = provider;

        // Load the models and open the store before the clock starts, as the worker's warm-up does: on a cold, busy
        // machine building them inside the first delivery can outlast the harness's inactivity window.
        var enricher = provider.GetRequiredService<ArticleEnricher>();
        await Task.Run(() => enricher.Enrich(Articles.PrimaNotizia()), Ct);
        provider.GetRequiredService<Pipeline.Enricher.Clustering.StoryClusterer>();   // a singleton: built now, not in the first delivery

        // The sample's paragraphs 200 times over (about 300 KB of real Italian wire text).
        var sample = Articles.PrimaNotizia();
        var article = sample with { Body = sample.Body with { Paragraphs = [.. Enumerable.Repeat(sample.Body.Paragraphs, 200).SelectMany(p => p)] } };
        await harness.Bus.Publish(Articles.Normalized(article, "dispatch-long"), Ct);

        // Waited for with a generous ceiling of its own, not the harness's short inactivity window, and without the
        // harness's synchronous Select, which blocks a thread-pool thread while it waits.
        using var ceiling = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        ceiling.CancelAfter(TimeSpan.FromSeconds(90));
        while (!await harness.Published.Any<DispatchRejected>(ceiling.Token) && !ceiling.IsCancellationRequested)
        {
        }

        var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(Ct)).Context.Message;
        Assert.Equal(StageNames.Enricher, rejected.Stage);
        Assert.Equal(RejectionReasons.Unsafe, rejected.ReasonCode);
        Assert.Equal("dispatch-long", rejected.DispatchId);
        Assert.False(await harness.Published.Any<ArticleEnriched>(Ct));
    }
}
