using System.Text;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11: the per-dispatch budget (<c>Messaging:DispatchBudgetSeconds</c>). A dispatch that takes longer than the
/// budget is rejected permanently as <c>unsafe</c> (announced, faulted once, not retried), whether the work observes
/// the token (the normalizer's checkpoints) or never looks at it (a consumer blocked in a loop is let go).
/// </summary>
public sealed partial class DispatchBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consume_LargeFeedOverASmallBudget_IsRejectedAsUnsafe_Once()
    {
        var feed = LargeFeed(1000);
        var dispatch = TestDispatches.Create(feed, sourceId: "news-example");

        // The same feed is valid: without a budget it becomes 1000 articles.
        Assert.Equal(1000, DispatchNormalizer.CreateDefault().NormalizeWithin(dispatch, Ct).Count);

        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddNormalizerStage(), services => services.AddNormalizer(),
            new MessagingOptions { RetryCount = 3, RetryIntervalMilliseconds = 10, DispatchBudgetSeconds = 0.01, ColdStartBudgetSeconds = 0.01 });
        await using var _ = provider;

        await harness.Bus.Publish(dispatch, Ct);

        Assert.True(await harness.Published.Any<DispatchRejected>(Ct));
        var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(Ct)).Context.Message;
        Assert.Equal(RejectionReasons.Unsafe, rejected.ReasonCode);
        Assert.Equal(StageNames.Normalizer, rejected.Stage);
        Assert.Equal(dispatch.DispatchId, rejected.DispatchId);
        Assert.Contains("Messaging:DispatchBudgetSeconds", rejected.Message, StringComparison.Ordinal);
        Assert.False(await harness.Published.Any<ArticleNormalized>(Ct));
    }

    [Fact]
    public void Normalize_CancelledToken_StopsWithoutArticles()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var dispatch = TestDispatches.Create(LargeFeed(50), sourceId: "news-example");

        Assert.ThrowsAny<OperationCanceledException>(() => DispatchNormalizer.CreateDefault().NormalizeWithin(dispatch, cancelled.Token));
    }

    [Fact]
    public async Task Consumer_ThatNeverLooksAtTheToken_IsLetGoAtTheDeadline_AndRejectedAsUnsafe()
    {
        var gate = new BlockingGate();
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddConsumer<StuckParserConsumer>(), services => services.AddSingleton(gate),
            new MessagingOptions { RetryCount = 1, RetryIntervalMilliseconds = 10, DispatchBudgetSeconds = 0.2, ColdStartBudgetSeconds = 0.2 });
        await using var _ = provider;
        try
        {
            var dispatch = TestDispatches.Create("<rss/>");
            await harness.Bus.Publish(dispatch, Ct);

            // The rejection arrives while the consumer is still stuck: the stage does not wait for it.
            Assert.True(await harness.Published.Any<DispatchRejected>(Ct));
            Assert.False(gate.Released.IsSet);
            Assert.True(gate.Entered.IsSet);
            var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(Ct)).Context.Message;
            Assert.Equal(RejectionReasons.Unsafe, rejected.ReasonCode);
            Assert.Equal(dispatch.DispatchId, rejected.DispatchId);
        }
        finally
        {
            gate.Released.Set();
        }

        // Let go, its late result is dropped: nothing is published after the rejection.
        Assert.True(gate.Finished.Wait(TimeSpan.FromSeconds(60), Ct));
        Assert.False(await harness.Published.Any<ArticleNormalized>(Ct));
    }

    /// <summary>A feed of <paramref name="items"/> items, each a copy of the fixture's first item with its own guid and link.</summary>
    internal static string LargeFeed(int items)
    {
        var fixture = TestDispatches.Fixture("rss2-news.xml");
        var item = ItemElement().Match(fixture).Value;
        var copies = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            copies.Append(item.Replace("news-example-2025-0001", $"news-example-copy-{i}", StringComparison.Ordinal)
                .Replace("/mondo/vertice-bruxelles/", $"/mondo/vertice-bruxelles-{i}/", StringComparison.Ordinal));
        }

        var start = fixture.IndexOf("<item>", StringComparison.Ordinal);
        var end = fixture.LastIndexOf("</item>", StringComparison.Ordinal) + "</item>".Length;
        return string.Concat(fixture.AsSpan(0, start), copies.ToString(), fixture.AsSpan(end));
    }

    [GeneratedRegex("<item>.*?</item>", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex ItemElement();

    public sealed class BlockingGate
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Released { get; } = new();
        public ManualResetEventSlim Finished { get; } = new();
    }

    /// <summary>A test double of a parser stuck in a loop that never looks at the token (blocks the thread until released).</summary>
    public sealed class StuckParserConsumer(BlockingGate gate) : IConsumer<DispatchReceived>
    {
        public async Task Consume(ConsumeContext<DispatchReceived> context)
        {
            gate.Entered.Set();
            gate.Released.Wait(TimeSpan.FromMinutes(2));
            gate.Finished.Set();
            await context.Publish(new ArticleNormalized
            {
                DispatchId = context.Message.DispatchId,
                ReceivedAt = context.Message.ReceivedAt,
                NormalizedAt = DateTimeOffset.UtcNow,
                Article = null!,
            }, context.CancellationToken);
        }
    }
}
