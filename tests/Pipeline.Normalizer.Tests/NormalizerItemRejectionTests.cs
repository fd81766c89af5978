using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11, "one bad item never costs the others": a feed item the normalizer cannot read is announced on its own as a
/// <see cref="DispatchRejected"/> naming the item, while the document's other items travel on as articles.
/// </summary>
public sealed class NormalizerItemRejectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Items 1 and 3 are ordinary; item 2 is a number, not an item object: it cannot be read.
    private const string Feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": [
          {"id": "urn:item:first", "title": "Council approves the budget", "content_text": "The council approved the budget on Monday."},
          42,
          {"id": "urn:item:third", "title": "Rail strike called off", "content_text": "The unions called off Friday's strike."}
        ]}
        """;

    [Fact]
    public void NormalizeDocument_ItemThatIsNotAnObject_IsRejectedOnItsOwn()
    {
        var result = DispatchNormalizer.CreateDefault().NormalizeDocument(TestDispatches.Create(Feed, formatHint: DispatchFormats.JsonFeed), Ct);

        Assert.Equal(["Council approves the budget", "Rail strike called off"], result.Articles.Select(a => a.Headline.Main));
        var item = Assert.Single(result.RejectedItems);
        Assert.Equal((1, RejectionReasons.Malformed), (item.Index, item.ReasonCode));
        Assert.Contains("Item 2", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_FeedWithOneUnreadableItem_AnnouncesThatItem_AndPublishesTheOthers()
    {
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddNormalizerStage(), services => services.AddNormalizer());
        await using var _ = provider;
        var dispatch = TestDispatches.Create(Feed, formatHint: DispatchFormats.JsonFeed, sourceId: "wire-json");

        await harness.Bus.Publish(dispatch, Ct);

        await WaitForAsync(() => harness.Published.Select<ArticleNormalized>(Ct).Count() == 2 && harness.Published.Select<DispatchRejected>(Ct).Any());
        var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(Ct)).Context.Message;
        Assert.Equal(dispatch.DispatchId, rejected.DispatchId);
        Assert.Equal(StageNames.Normalizer, rejected.Stage);
        Assert.Equal(RejectionReasons.Malformed, rejected.ReasonCode);
        Assert.Equal("wire-json", rejected.Source?.Id);
        Assert.Equal((1, (string?)null), (rejected.ItemIndex, rejected.ItemId));   // the second item; it has no readable id
        Assert.Contains("Item 2", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("not an object", rejected.Message, StringComparison.Ordinal);

        var articles = harness.Published.Select<ArticleNormalized>(Ct).Select(p => p.Context.Message).ToList();
        Assert.Equal(["Council approves the budget", "Rail strike called off"], articles.Select(a => a.Article.Headline.Main).Order(StringComparer.Ordinal));
        Assert.All(articles, a => Assert.Equal(dispatch.DispatchId, a.DispatchId));

        // The dispatch itself succeeded: it is not faulted, so it does not end in _error.
        Assert.False(await harness.Published.Any<MassTransit.Fault<DispatchReceived>>(Ct));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }
    }
}
