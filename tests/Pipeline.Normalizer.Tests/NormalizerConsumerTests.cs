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

        Assert.True(await harness.Consumed.Any<DispatchReceived>(x => x.Context.Message.DispatchId == dispatch.DispatchId, TestContext.Current.CancellationToken));
        Assert.True(await harness.Published.Any<ArticleNormalized>(TestContext.Current.CancellationToken));
        var published = Assert.Single(harness.Published.Select<ArticleNormalized>(TestContext.Current.CancellationToken)).Context.Message;
        Assert.Equal(dispatch.DispatchId, published.DispatchId);
        Assert.Equal(dispatch.ReceivedAt, published.ReceivedAt);
        Assert.Equal(published.Article.ArticleId, published.ArticleId);
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", published.Article.Headline.Main);
        Assert.False(await harness.Published.Any<Fault<DispatchReceived>>(TestContext.Current.CancellationToken));
        Assert.False(await harness.Published.Any<DispatchRejected>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_Iptc7901Message_PublishesArticleNormalized()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(TestDispatches.Fixture("iptc7901-ap.txt"), sourceId: "ap-wire");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<ArticleNormalized>(TestContext.Current.CancellationToken));
        var published = Assert.Single(harness.Published.Select<ArticleNormalized>(TestContext.Current.CancellationToken)).Context.Message;
        Assert.Equal(DispatchFormats.Iptc7901, published.Article.Format);
        Assert.Equal("Magnitude 4.6 quake shakes central Italy, no casualties", published.Article.Headline.Main);
        Assert.False(await harness.Published.Any<Fault<DispatchReceived>>(TestContext.Current.CancellationToken));
        Assert.False(await harness.Published.Any<DispatchRejected>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_Feed_PublishesOneEventPerItem()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(TestDispatches.Fixture("rss2-news.xml"), sourceId: "news-example");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var consumer = harness.GetConsumerHarness<NormalizerConsumer>();
        Assert.True(await consumer.Consumed.Any<DispatchReceived>(TestContext.Current.CancellationToken));
        var published = await Take<ArticleNormalized>(harness, 3);
        Assert.Equal(3, published.Count);
        Assert.Equal(3, published.Select(p => p.ArticleId).Distinct().Count());
        Assert.False(await harness.Published.Any<Fault<DispatchReceived>>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_SameDispatchTwice_SameArticleIds()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create(Samples.Read(Samples.PrimaNotizia), sourceId: "prima-notizia-24");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);
        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var ids = (await Take<ArticleNormalized>(harness, 2)).Select(m => m.ArticleId).ToList();

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

        Assert.True(await harness.Published.Any<DispatchRejected>(TestContext.Current.CancellationToken));
        var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(TestContext.Current.CancellationToken)).Context.Message;
        Assert.Equal(StageNames.Normalizer, rejected.Stage);
        Assert.Equal(RejectionReasons.Binary, rejected.ReasonCode);
        Assert.Equal(dispatch.DispatchId, rejected.DispatchId);
        Assert.Equal(dispatch.Source, rejected.Source);
        Assert.False(await harness.Published.Any<ArticleNormalized>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_UnknownFormat_PublishesDispatchRejectedWithActionableMessage()
    {
        var (provider, harness) = await StartAsync();
        await using var _ = provider;
        var dispatch = TestDispatches.Create("just some words");

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<DispatchRejected>(TestContext.Current.CancellationToken));
        var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(TestContext.Current.CancellationToken)).Context.Message;
        Assert.Equal(RejectionReasons.UnknownFormat, rejected.ReasonCode);
        Assert.Contains("FormatHint", rejected.Message, StringComparison.Ordinal);
    }

    /// <summary>Waits (up to the harness timeout) for <paramref name="count"/> published messages of a type.</summary>
    private static async Task<List<T>> Take<T>(ITestHarness harness, int count)
        where T : class
    {
        var messages = new List<T>();
        await foreach (var published in harness.Published.SelectAsync<T>(TestContext.Current.CancellationToken))
        {
            messages.Add(published.Context.Message);
            if (messages.Count == count)
            {
                break;
            }
        }

        return messages;
    }
}
