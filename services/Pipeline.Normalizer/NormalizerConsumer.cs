using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Messaging;

namespace Pipeline.Normalizer;

/// <summary>
/// Consumes <see cref="DispatchReceived"/> and publishes one <see cref="ArticleNormalized"/> per
/// article, and one <see cref="DispatchRejected"/> per feed item rejected on its own. Idempotent: the articles are a pure function of the message, keyed by deterministic ids.
/// Permanent failures surface as <c>PermanentDispatchException</c> (DispatchRejected, then <c>_error</c>).
/// </summary>
public sealed class NormalizerConsumer(DispatchNormalizer normalizer, TimeProvider time) : IConsumer<DispatchReceived>
{
    private const int MaxIdLength = 1000;

    public async Task Consume(ConsumeContext<DispatchReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dispatch = context.Message;
        Validate(dispatch);

        // The token fires at the per-dispatch budget (Messaging:DispatchBudgetSeconds): the normalizer stops at its next checkpoint.
        var result = normalizer.NormalizeDocument(dispatch, context.CancellationToken);
        var normalizedAt = time.GetUtcNow();

        // An item of a feed that could not be read is announced on its own (its GUID, or its position, in the message);
        // the document's other items travel on.
        foreach (var item in result.RejectedItems)
        {
            PipelineDiagnostics.CountRejection(StageNames.Normalizer, item.ReasonCode);
            await context.Publish(new DispatchRejected
            {
                DispatchId = dispatch.DispatchId,
                Stage = StageNames.Normalizer,
                ReasonCode = item.ReasonCode,
                Message = item.Message,
                RejectedAt = normalizedAt,
                Source = dispatch.Source,
                ItemId = item.ItemGuid,
                ItemIndex = item.Index,
            }, context.CancellationToken).ConfigureAwait(false);
        }

        foreach (var article in result.Articles)
        {
            await context.Publish(new ArticleNormalized
            {
                DispatchId = dispatch.DispatchId,
                ReceivedAt = dispatch.ReceivedAt,
                NormalizedAt = normalizedAt,
                Article = article,
            }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A message missing what normalizing needs (deserialized with nulls in required members, e.g. from a raw AMQP
    /// publisher) can never succeed: reject it permanently with <c>invalid-message</c> instead of failing inside a parser.
    /// </summary>
    internal static void Validate(DispatchReceived message)
    {
        string? problem = message switch
        {
            null => "The message is empty.",
            _ when string.IsNullOrWhiteSpace(message.DispatchId) => "The message has no DispatchId.",
            _ when message.DispatchId.Length > MaxIdLength => $"The DispatchId is {message.DispatchId.Length} characters long; the limit is {MaxIdLength}.",
            { Source: null } => "The message has no Source.",
            _ when string.IsNullOrWhiteSpace(message.Source.Id) || message.Source.Id.Length > MaxIdLength => "The message's Source.Id is missing or too long.",
            { Origin: null } or { Origin.Kind: null } => "The message has no Origin.Kind.",
            { Payload: null } => "The message has no Payload.",
            _ => null,
        };

        if (problem is not null)
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage, problem);
        }
    }
}
