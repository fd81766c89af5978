using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Messaging;

namespace Pipeline.Indexer;

/// <summary>
/// Upserts each enriched article into the index (idempotent on its id; an older version never overwrites a newer one)
/// and announces <see cref="ArticleIndexed"/> once the change is committed. Queue <c>indexer</c>.
/// </summary>
public sealed class IndexerConsumer(ArticleIndex index, TimeProvider time) : IConsumer<ArticleEnriched>
{
    public async Task Consume(ConsumeContext<ArticleEnriched> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        Validate(message);

        var result = await index.UpsertAsync(message, context.CancellationToken).ConfigureAwait(false);
        var indexedAt = time.GetUtcNow();
        if (!result.Skipped)
        {
            IndexerDiagnostics.EndToEndLatency.Record(Math.Max(0, (indexedAt - message.ReceivedAt).TotalSeconds));
        }

        await context.Publish(new ArticleIndexed
        {
            ArticleId = message.ArticleId,
            DispatchId = message.DispatchId,
            Index = ArticleIndex.IndexName,
            Version = result.Version,
            Replaced = result.Replaced,
            IndexedAt = indexedAt,
        }, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>A message missing what the index needs can never succeed: reject it.</summary>
    private static void Validate(ArticleEnriched message) =>
        ArticleMessageValidation.ThrowIf(
            ArticleMessageValidation.Problem(message.DispatchId, message.Article)
            ?? (message.Enrichment?.Language is null ? "The message has no Enrichment.Language." : null));
}
