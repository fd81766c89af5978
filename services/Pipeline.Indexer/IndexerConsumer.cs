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
    private const int MaxIdLength = 1000;

    public async Task Consume(ConsumeContext<ArticleEnriched> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        Validate(message);

        var result = await index.UpsertAsync(message, context.CancellationToken).ConfigureAwait(false);

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
            _ when message.ArticleId.Length > MaxIdLength => $"The ArticleId is {message.ArticleId.Length} characters long; the limit is {MaxIdLength}.",
            { DispatchId: null } => "The message has no DispatchId.",
            { Article: null } => "The message has no Article.",
            { Enrichment: null } or { Enrichment.Language: null } => "The message has no Enrichment.Language.",
            { Article.Headline: null } or { Article.Headline.Main: null } or { Article.Body: null } or { Article.Body.Paragraphs: null } or { Article.Source: null } =>
                "The article lacks a headline, body paragraphs or source.",
            _ when !string.Equals(message.ArticleId, message.Article.ArticleId, StringComparison.Ordinal) =>
                $"ArticleId '{message.ArticleId}' differs from Article.ArticleId '{message.Article.ArticleId}'.",
            _ when string.IsNullOrWhiteSpace(message.Article.Source.Id) || message.Article.Source.Id.Length > MaxIdLength => "The article's source id is missing or too long.",
            _ => null,
        };

        if (problem is not null)
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage, problem);
        }
    }
}
