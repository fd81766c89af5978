using System.Globalization;
using MassTransit;
using MassTransit.Context;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// Bus-wide consume filter: one message may hold a consumer for at most <see cref="MessagingOptions.DispatchBudget"/>
/// (retries included). The consumer sees a <c>ConsumeContext.CancellationToken</c> that fires at the deadline,
/// and the stages pass it down to their parsers and loops. A consumer that does not stop in time is let go: this
/// filter runs it on the thread pool and stops waiting at the deadline, so even a loop that never looks at the token
/// cannot hold the consumer. Either way the message is rejected permanently as <c>unsafe</c> (announced, then parked in
/// <c>_error</c>), not retried.
/// The clock starts when the consumer can start: after the stage's warm-ups (<see cref="StageWarmup"/>, models loaded
/// once per process), which a message that arrives early waits for outside its budget.
/// </summary>
public sealed class DispatchBudgetFilter<T>(IOptions<MessagingOptions> options, IEnumerable<StageWarmup> warmups, ILogger<DispatchBudgetFilter<T>>? logger = null) : IFilter<ConsumeContext<T>>
    where T : class
{
    // Until a first message of this type has finished in this process, the consumer is cold (JIT, models, an index
    // opened on first use): those first messages get the cold-start budget instead.
    private static int s_warm;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await StageWarmup.WhenAllWarm(warmups, context.CancellationToken).ConfigureAwait(false);
        var budget = Volatile.Read(ref s_warm) == 1 ? options.Value.DispatchBudget : options.Value.ColdStartBudget;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        deadline.CancelAfter(budget);
        var budgeted = new BudgetedConsumeContext<T>(context, deadline.Token);
        var abandoned = false;

        // On the thread pool: a consumer that computes synchronously cannot hold this call past the deadline.
        var work = Task.Run(() => next.Send(budgeted), CancellationToken.None);
        try
        {
            await work.WaitAsync(deadline.Token).ConfigureAwait(false);
            Volatile.Write(ref s_warm, 1);
        }
        catch (Exception ex) when (ex is not PermanentDispatchException && deadline.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            if (work.IsCompletedSuccessfully)
            {
                return;   // finished as the deadline fired: its results stand
            }

            if (!work.IsCompleted)
            {
                // Let go: the work may still be computing. Its token is cancelled (publishes through the context fail),
                // its outcome is observed and dropped, and the count of such runaways is a metric.
                PipelineDiagnostics.Abandoned.Add(1);
                Log.Abandoned(_logger, typeof(T).Name, context.MessageId?.ToString("N") ?? "-", budget.TotalSeconds);
                _ = work.ContinueWith(static (t, state) =>
                {
                    _ = t.Exception;
                    ((CancellationTokenSource)state!).Dispose();
                }, deadline, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                abandoned = true;
            }

            throw new PermanentDispatchException(RejectionReasons.Unsafe,
                string.Create(CultureInfo.InvariantCulture,
                    $"Processing took longer than the per-dispatch budget of {budget.TotalSeconds:0.###} s (Messaging:DispatchBudgetSeconds); rejected so one message cannot hold the stage."));
        }
        finally
        {
            if (!abandoned)
            {
                deadline.Dispose();
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("dispatch-budget");
}

/// <summary>The consume context a budgeted consumer sees: the same message, a token that fires at the deadline.</summary>
internal sealed class BudgetedConsumeContext<T> : ConsumeContextProxy, ConsumeContext<T>
    where T : class
{
    private readonly CancellationToken _deadline;

    public BudgetedConsumeContext(ConsumeContext<T> context, CancellationToken deadline)
        : base(context)
    {
        Message = context.Message;
        _deadline = deadline;
    }

    public override CancellationToken CancellationToken => _deadline;

    public T Message { get; }

    public Task NotifyConsumed(TimeSpan duration, string consumerType) => NotifyConsumed(this, duration, consumerType);

    public Task NotifyFaulted(TimeSpan duration, string consumerType, Exception exception) => NotifyFaulted(this, duration, consumerType, exception);
}

/// <summary>
/// Publish filter: a publish whose token is already cancelled does not go out. A consumer let go at its deadline
/// (<see cref="DispatchBudgetFilter{T}"/>) publishes, if it ever gets there, with that cancelled token; the transports
/// do not all look at the token before sending, so without this its late result could follow the rejection.
/// </summary>
internal sealed class CancelledPublishFilter : IFilter<PublishContext>
{
    public Task Send(PublishContext context, IPipe<PublishContext> next)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("cancelled-publish");
}
