using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
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

        var result = index.Upsert(message);

        await context.Publish(new ArticleIndexed
        {
            ArticleId = message.ArticleId,
            DispatchId = message.DispatchId,
            Index = ArticleIndex.IndexName,
            Version = result.Version,
            Replaced = result.Replaced,
            IndexedAt = time.GetUtcNow(),
        }).ConfigureAwait(false);
    }

    /// <summary>A message missing what the index needs can never succeed: reject it.</summary>
    private static void Validate(ArticleEnriched message)
    {
        string? problem = message switch
        {
            _ when string.IsNullOrWhiteSpace(message.ArticleId) => "The message has no ArticleId.",
            { DispatchId: null } => "The message has no DispatchId.",
            { Article: null } => "The message has no Article.",
            { Enrichment: null } or { Enrichment.Language: null } => "The message has no Enrichment.Language.",
            { Article.Headline: null } or { Article.Body: null } or { Article.Source: null } => "The article lacks a headline, body or source.",
            _ when !string.Equals(message.ArticleId, message.Article.ArticleId, StringComparison.Ordinal) =>
                $"ArticleId '{message.ArticleId}' differs from Article.ArticleId '{message.Article.ArticleId}'.",
            _ when string.IsNullOrWhiteSpace(message.Article.Source.Id) => "The article's source has no id.",
            _ => null,
        };

        if (problem is not null)
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage, problem);
        }
    }
}
