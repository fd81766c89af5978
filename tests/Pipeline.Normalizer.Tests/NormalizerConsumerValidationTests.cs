using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11: a <see cref="DispatchReceived"/> missing required members (as a raw AMQP publisher can send) is rejected
/// at the door with <c>invalid-message</c>, once, not retried as a transient <see cref="NullReferenceException"/>.
/// </summary>
public sealed class NormalizerConsumerValidationTests
{
    public static TheoryData<string> Broken() => ["source", "source-id", "payload", "origin", "dispatch-id"];

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Consume_MissingRequiredMember_RejectedAsInvalidMessage_NotRetried(string missing)
    {
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddNormalizerStage(), services => services.AddNormalizer());
        await using var _ = provider;
        var valid = TestDispatches.Create(TestDispatches.Fixture("rss2-news.xml"), sourceId: "news-example");
        var dispatch = missing switch
        {
            "source" => valid with { Source = null! },
            "source-id" => valid with { Source = new SourceRef { Id = null! } },
            "payload" => valid with { Payload = null! },
            "origin" => valid with { Origin = null! },
            _ => valid with { DispatchId = null! },
        };

        await harness.Bus.Publish(dispatch, TestContext.Current.CancellationToken);

        var rejected = Assert.Single(await harness.Published.WaitForAsync<DispatchRejected>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(StageNames.Normalizer, rejected.Stage);
        Assert.Equal(RejectionReasons.InvalidMessage, rejected.ReasonCode);
        Assert.Equal(missing == "dispatch-id" ? "unknown" : valid.DispatchId, rejected.DispatchId);
        var fault = Assert.Single(await harness.Published.WaitForAsync<Fault<DispatchReceived>>(cancellationToken: TestContext.Current.CancellationToken));
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(PermanentDispatchException).FullName, exception.ExceptionType);
        Assert.Empty(harness.Published.SoFar<ArticleNormalized>());
    }

    [Fact]
    public void Validate_ValidDispatch_Passes()
    {
        NormalizerConsumer.Validate(TestDispatches.Create("<rss/>"));
    }
}
