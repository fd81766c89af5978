using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Indexer;

/// <summary>Registration of the indexer stage, shared by its worker host and the embedded host.</summary>
public static class IndexerStageExtensions
{
    /// <summary>The indexer's consumer (queue <c>indexer</c>, with the bus's endpoint prefix).</summary>
    public static IBusRegistrationConfigurator AddIndexerStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddStageConsumer<IndexerConsumer, ArticleEnriched>(StageNames.Indexer);
        return bus;
    }

    /// <summary>
    /// Options (<c>Indexer</c> section, validated on start), the singleton <see cref="ArticleIndex"/> (opened on
    /// start, disposed on shutdown, also registered as <see cref="IArticleSearch"/>), the <see cref="ArticleBroadcast"/> it
    /// announces committed articles to, and a <c>ready</c> health check.
    /// </summary>
    public static IHostApplicationBuilder AddIndexer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<IndexerOptions, IndexerOptionsValidator>(IndexerOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.TryAddSingleton<ArticleBroadcast>();
        builder.Services.TryAddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<IndexerOptions>>().Value;
            var index = new ArticleIndex(
                options.IndexPath,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<ArticleIndex>>(),
                TimeSpan.FromMilliseconds(options.CommitDelayMilliseconds));
            var stream = services.GetRequiredService<ArticleBroadcast>();
            index.Committed += (_, committed) => stream.Publish(StreamedArticle.From(committed.Article, committed.Result, committed.CommittedAt));
            return index;
        });
        builder.Services.TryAddSingleton<IArticleSearch>(services => services.GetRequiredService<ArticleIndex>());
        builder.Services.AddHostedService<IndexOpener>();

        builder.Services.AddHealthChecks().AddCheck<IndexHealthCheck>("index", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
