using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests;

/// <summary>Issue 11: an <see cref="ArticleNormalized"/> missing required members is rejected at the door with <c>invalid-message</c>, not retried.</summary>
public sealed class EnricherConsumerValidationTests
{
    [Theory]
    [InlineData("no-article")]
    [InlineData("no-source")]
    [InlineData("no-body")]
    [InlineData("no-dispatch-id")]
    [InlineData("no-article-id")]
    public async Task Consume_InvalidMessage_RejectedAsInvalidMessage_NotRetried(string defect)
    {
        var (provider, harness) = await PipelineHarness.StartAsync(
            bus => bus.AddEnricherStage(),
            services => services.Configure<Pipeline.Enricher.Clustering.ClusteringOptions>(o => o.SqlitePath = Path.Combine(Path.GetTempPath(), $"pipeline-clusters-{Guid.NewGuid():N}.db")));
        await using var _ = provider;
        var article = Articles.PrimaNotizia();
        var valid = Articles.Normalized(article, "dispatch-invalid");
        var message = defect switch
        {
            "no-article" => valid with { Article = null! },
            "no-source" => valid with { Article = article with { Source = null! } },
            "no-body" => valid with { Article = article with { Body = null! } },
            "no-dispatch-id" => valid with { DispatchId = null! },
            _ => valid with { Article = article with { ArticleId = " " } },
        };

        await harness.Bus.Publish(message, TestContext.Current.CancellationToken);

        var rejected = Assert.Single(await harness.Published.WaitForAsync<DispatchRejected>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(StageNames.Enricher, rejected.Stage);
        Assert.Equal(RejectionReasons.InvalidMessage, rejected.ReasonCode);
        var fault = Assert.Single(await harness.Published.WaitForAsync<Fault<ArticleNormalized>>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(typeof(PermanentDispatchException).FullName, Assert.Single(fault.Exceptions).ExceptionType);
        Assert.Empty(harness.Published.SoFar<ArticleEnriched>());
    }
}
