using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Indexer.Tests;

public sealed class IndexerConsumerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 8, 13, 12, 0, 0, TimeSpan.Zero);
    private readonly TempIndexFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Consume_EnrichedArticle_IndexesAndPublishesArticleIndexed()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var article = ArticleBuilder.Italian().Id("pn-1").Dispatch("d-1").Build();

        await harness.Bus.Publish(article, TestContext.Current.CancellationToken);

        var indexed = Assert.Single(await harness.Published.WaitForAsync<ArticleIndexed>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("pn-1", indexed.ArticleId);
        Assert.Equal("d-1", indexed.DispatchId);
        Assert.Equal(ArticleIndex.IndexName, indexed.Index);
        Assert.Equal(1, indexed.Version);
        Assert.False(indexed.Replaced);
        Assert.Equal(Now, indexed.IndexedAt);
        Assert.Empty(harness.Published.SoFar<Fault<ArticleEnriched>>());
        Assert.Equal(1, provider.GetRequiredService<ArticleIndex>().Count);
    }

    [Fact]
    public async Task Consume_Redelivered_KeepsOneDocumentAndReportsReplaced()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var article = ArticleBuilder.Italian().Id("pn-2").Build();

        await harness.Bus.Publish(article, TestContext.Current.CancellationToken);
        await harness.Consumed.WaitForAsync<ArticleEnriched>(cancellationToken: TestContext.Current.CancellationToken);
        await harness.Bus.Publish(article, TestContext.Current.CancellationToken);

        await harness.Published.WaitForAsync<ArticleIndexed>(match: x => x.Replaced, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(harness.Published.SoFar<Fault<ArticleEnriched>>());
        Assert.Equal(1, provider.GetRequiredService<ArticleIndex>().Count);
    }

    [Theory]
    [InlineData("no-article-id")]
    [InlineData("no-language")]
    [InlineData("no-body")]
    [InlineData("blank-source")]
    public async Task Consume_InvalidMessage_RejectsDispatch(string defect)
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var valid = ArticleBuilder.Italian().Id("outer").Build();
        var article = defect switch
        {
            "no-article-id" => valid with { Article = valid.Article with { ArticleId = "" } },
            "no-language" => valid with { Enrichment = valid.Enrichment with { Language = null! } },
            "no-body" => valid with { Article = valid.Article with { Body = null! } },
            _ => valid with { Article = valid.Article with { Source = new SourceRef { Id = " " } } },
        };

        await harness.Bus.Publish(article, TestContext.Current.CancellationToken);

        var rejected = Assert.Single(await harness.Published.WaitForAsync<DispatchRejected>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("indexer", rejected.Stage);
        Assert.Equal(RejectionReasons.InvalidMessage, rejected.ReasonCode);
        Assert.Empty(harness.Published.SoFar<ArticleIndexed>());
        Assert.Equal(0, provider.GetRequiredService<ArticleIndex>().Count);
    }

    private Task<(ServiceProvider Provider, ITestHarness Harness)> StartAsync() =>
        PipelineHarness.StartAsync(
            bus => bus.AddIndexerStage(),
            services =>
            {
                services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
                services.AddSingleton(sp => new ArticleIndex(_folder.IndexPath, sp.GetRequiredService<TimeProvider>()));
            });
}
