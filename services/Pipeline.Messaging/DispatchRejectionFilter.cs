using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// Bus-wide consume filter: when a consumer throws <see cref="PermanentDispatchException"/>, it
/// announces <see cref="DispatchRejected"/> and rethrows, so the message still ends in the stage's
/// <c>_error</c> queue. Nothing is caught and acknowledged. The rejection names the stage that registered the
/// consumer of <typeparamref name="T"/> (<see cref="StageConsumers.AddStageConsumer"/>).
/// </summary>
public sealed class DispatchRejectionFilter<T>(TimeProvider time, IEnumerable<StageConsumer> stages) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        InvalidMessageFilters.MarkTyped(context.ReceiveContext);
        try
        {
            await next.Send(context).ConfigureAwait(false);
        }
        catch (PermanentDispatchException ex)
        {
            var stage = stages.StageOf(typeof(T)) ?? typeof(T).Name;
            var (dispatchId, articleId, source) = Describe(context.Message);
            PipelineDiagnostics.CountRejection(stage, ex.ReasonCode);
            await context.Publish(new DispatchRejected
            {
                DispatchId = dispatchId,
                Stage = stage,
                ReasonCode = ex.ReasonCode,
                Message = ex.Message,
                RejectedAt = time.GetUtcNow(),
                Source = source,
                ArticleId = articleId,
            }).ConfigureAwait(false);
            throw;
        }
    }

    private const string UnknownId = "unknown";

    public void Probe(ProbeContext context) => context.CreateFilterScope("dispatch-rejection");

    private static (string DispatchId, string? ArticleId, SourceRef? Source) Describe(T message) => message switch
    {
        // Null-safe: the message may be the invalid one being rejected (members missing despite the contract).
        DispatchReceived m => (m.DispatchId ?? UnknownId, null, m.Source),
        ArticleNormalized m => (m.DispatchId ?? UnknownId, m.ArticleId, m.Article?.Source),
        ArticleEnriched m => (m.DispatchId ?? UnknownId, m.ArticleId, m.Article?.Source),
        _ => (UnknownId, null, null),
    };
}
