using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts.Articles;
using Pipeline.Messaging;
using Pipeline.Enricher.Clustering;
using Pipeline.ServiceDefaults;

namespace Pipeline.Enricher;

/// <summary>
/// Enriches each <see cref="ArticleNormalized"/> and publishes <see cref="ArticleEnriched"/> through the
/// consume context (correlation headers flow). Idempotent: enrichment is a pure function of the
/// article (the story cluster of an article id is stored once and returned again), so a redelivery publishes the same enrichment for the same <c>ArticleId</c> again and
/// changes nothing downstream (the indexer upserts by id).
/// </summary>
public sealed class EnricherConsumer(ArticleEnricher enricher, StoryClusterer clusterer, TimeProvider time) : IConsumer<ArticleNormalized>
{
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>The constructor DI uses when logging is registered.</summary>
    public EnricherConsumer(ArticleEnricher enricher, StoryClusterer clusterer, TimeProvider time, ILogger<EnricherConsumer> logger)
        : this(enricher, clusterer, time) => _logger = logger;

    public async Task Consume(ConsumeContext<ArticleNormalized> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        Validate(message);
        using var activity = EnricherDiagnostics.ActivitySource.StartActivity("enrich", ActivityKind.Internal);
        activity?.SetTag(TelemetryTags.ArticleId, message.ArticleId);
        var started = time.GetTimestamp();

        // The story comes from the store all replicas share (by the article's entities, key phrases, numbers
        // and dates, and its near-duplicates); the rest is a pure function of the article.
        // The token fires at the per-dispatch budget (Messaging:DispatchBudgetSeconds): enrichment stops between its stages.
        var enrichment = enricher.EnrichWithin(message.Article, context.CancellationToken);
        enrichment = enrichment with
        {
            Cluster = await clusterer.AssignAsync(message.Article, enrichment, context.CancellationToken).ConfigureAwait(false),
        };

        EnricherDiagnostics.Duration.Record(time.GetElapsedTime(started).TotalMilliseconds);
        EnricherDiagnostics.Enriched.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Language, enrichment.Language.Code));
        activity?.SetTag(TelemetryTags.Language, enrichment.Language.Code);
        if (enrichment.Language.Conflict)
        {
            Log.LanguageConflict(_logger, message.ArticleId, enrichment.Language.Declared, enrichment.Language.Detected, enrichment.Language.Confidence);
        }

        Log.Enriched(_logger, message.ArticleId, enrichment.Language.Code, enrichment.Language.Detected, enrichment.Language.Declared, enrichment.Entities.Count, enrichment.Keywords.Count);

        await context.Publish(new ArticleEnriched
        {
            DispatchId = message.DispatchId,
            ReceivedAt = message.ReceivedAt,
            EnrichedAt = time.GetUtcNow(),
            Article = message.Article,
            Enrichment = enrichment,
        }, context.CancellationToken);
    }

    /// <summary>A message missing what enrichment needs can never succeed: reject it permanently with <c>invalid-message</c>.</summary>
    internal static void Validate(ArticleNormalized message) =>
        ArticleMessageValidation.ThrowIf(message is null ? "The message is empty." : ArticleMessageValidation.Problem(message.DispatchId, message.Article));
}
