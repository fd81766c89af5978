using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer;

/// <summary>
/// Consumes <see cref="DispatchReceived"/> and publishes one <see cref="ArticleNormalized"/> per
/// article. Idempotent: the articles are a pure function of the message, keyed by deterministic ids.
/// Permanent failures surface as <c>PermanentDispatchException</c> (DispatchRejected, then <c>_error</c>).
/// </summary>
public sealed class NormalizerConsumer(DispatchNormalizer normalizer, TimeProvider time) : IConsumer<DispatchReceived>
{
    public async Task Consume(ConsumeContext<DispatchReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dispatch = context.Message;
        var articles = normalizer.Normalize(dispatch);
        var normalizedAt = time.GetUtcNow();
        foreach (var article in articles)
        {
            await context.Publish(new ArticleNormalized
            {
                ArticleId = article.ArticleId,
                DispatchId = dispatch.DispatchId,
                ReceivedAt = dispatch.ReceivedAt,
                NormalizedAt = normalizedAt,
                Article = article,
            }).ConfigureAwait(false);
        }
    }
}
