using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

public sealed class NormalizerConsumerTests
{
    private static Task<(ServiceProvider Provider, ITestHarness Harness)> StartAsync() =>
        PipelineHarness.StartAsync(bus => bus.AddNormalizerStage(), services => services.AddNormalizer());

    [Fact]
    public async Task Consume_SampleDispatch_PublishesArticleNormalized()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(Samples.Read(Samples.PrimaNotizia), sourceId: "prima-notizia-24", profile: "prima-notizia-24");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        await harness.Consumed.WaitForAsync<DispatchReceived>(match: x => x.DispatchId == dispatch.DispatchId, cancellationToken: TestContext.Current.CancellationToken);
        var published = Assert.Single(await harness.Published.WaitForAsync<ArticleNormalized>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(dispatch.DispatchId, published.DispatchId);
        Assert.Equal(dispatch.ReceivedAt, published.ReceivedAt);
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", published.Article.Headline.Main);
        Assert.Empty(harness.Published.SoFar<Fault<DispatchReceived>>());
        Assert.Empty(harness.Published.SoFar<DispatchRejected>());
    }

    [Fact]
    public async Task Consume_Iptc7901Message_PublishesArticleNormalized()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(TestDispatches.Fixture("iptc7901-ap.txt"), sourceId: "ap-wire");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var published = Assert.Single(await harness.Published.WaitForAsync<ArticleNormalized>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(DispatchFormats.Iptc7901, published.Article.Format);
        Assert.Equal("Magnitude 4.6 quake shakes central Italy, no casualties", published.Article.Headline.Main);
        Assert.Empty(harness.Published.SoFar<Fault<DispatchReceived>>());
        Assert.Empty(harness.Published.SoFar<DispatchRejected>());
    }

    [Fact]
    public async Task Consume_Feed_PublishesOneEventPerItem()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(TestDispatches.Fixture("rss2-news.xml"), sourceId: "news-example");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var consumer = harness.GetConsumerHarness<NormalizerConsumer>();
        await consumer.Consumed.WaitForAsync<DispatchReceived>(cancellationToken: TestContext.Current.CancellationToken);
        var published = await harness.Published.WaitForAsync<ArticleNormalized>(3, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, published.Count);
        Assert.Equal(3, published.Select(p => p.ArticleId).Distinct().Count());
        Assert.Empty(harness.Published.SoFar<Fault<DispatchReceived>>());
    }

    [Fact]
    public async Task Consume_SameDispatchTwice_SameArticleIds()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(Samples.Read(Samples.PrimaNotizia), sourceId: "prima-notizia-24");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);
        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var ids = (await harness.Published.WaitForAsync<ArticleNormalized>(2, cancellationToken: TestContext.Current.CancellationToken)).Select(m => m.ArticleId).ToList();

        Assert.Equal(2, ids.Count);
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task Consume_Garbage_PublishesDispatchRejectedFromNormalizer()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create("\0\0\u0001garbage\0\u0002");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var rejected = Assert.Single(await harness.Published.WaitForAsync<DispatchRejected>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(StageNames.Normalizer, rejected.Stage);
        Assert.Equal(RejectionReasons.Binary, rejected.ReasonCode);
        Assert.Equal(dispatch.DispatchId, rejected.DispatchId);
        Assert.Equal(dispatch.Source, rejected.Source);
        Assert.Empty(harness.Published.SoFar<ArticleNormalized>());
    }

    [Fact]
    public async Task Consume_UnknownFormat_PublishesDispatchRejectedWithActionableMessage()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create("just some words");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var rejected = Assert.Single(await harness.Published.WaitForAsync<DispatchRejected>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(RejectionReasons.UnknownFormat, rejected.ReasonCode);
        Assert.Contains("FormatHint", rejected.Message, StringComparison.Ordinal);
    }
}
