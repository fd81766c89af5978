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
/// <para>
/// A message past its budget is held responsible only when the stage is not stalled as a whole: once a message of the
/// same type that started after it has finished (the stage moves on, this message does not), or at the latest after
/// <see cref="MessagingOptions.ColdStartBudget"/> more. When every message in flight is slow together — the CPU
/// saturated, the broker confirming late, a shared store locked — the overrun is the machine's, not the message's: the
/// deadline waits (measured: a saturated 2-core machine parked ordinary articles as <c>unsafe</c> at the bare budget).
/// </para>
/// </summary>
public sealed class DispatchBudgetFilter<T>(IOptions<MessagingOptions> options, IEnumerable<StageWarmup> warmups, ILogger<DispatchBudgetFilter<T>>? logger = null, DispatchBudgetProgress<T>? progress = null) : IFilter<ConsumeContext<T>>
    where T : class
{
    // Until a first message of this type has finished in this process, the consumer is cold (JIT, models, an index
    // opened on first use): those first messages get the cold-start budget instead.
    private static int s_warm;

    private static readonly TimeSpan StallCheck = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly DispatchBudgetProgress<T> _progress = progress ?? DispatchBudgetProgress<T>.Shared;

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await StageWarmup.WhenAllWarm(warmups, context.CancellationToken).ConfigureAwait(false);
        var budget = Volatile.Read(ref s_warm) == 1 ? options.Value.DispatchBudget : options.Value.ColdStartBudget;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var budgeted = new BudgetedConsumeContext<T>(context, deadline.Token);
        var abandoned = false;
        var order = _progress.Started();
        using var watching = new CancellationTokenSource();

        // On the thread pool: a consumer that computes synchronously cannot hold this call past the deadline.
        var work = Task.Run(() => next.Send(budgeted), CancellationToken.None);
        _ = CancelAtTheDeadlineAsync(work, deadline, _progress, order, budget, budget + options.Value.ColdStartBudget, watching.Token);
        try
        {
            try
            {
                await work.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                if (work.IsCompleted)
                {
                    _progress.Finished(order);
                }
            }

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
            watching.Cancel();
            if (!abandoned)
            {
                deadline.Dispose();
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("dispatch-budget");

    /// <summary>
    /// Cancels <paramref name="deadline"/> once the work has run for <paramref name="budget"/> and a message that started
    /// after it has finished, or once it has run for <paramref name="limit"/>; returns when the work ends first or the
    /// filter stops <paramref name="watching"/>.
    /// </summary>
    private static async Task CancelAtTheDeadlineAsync(Task work, CancellationTokenSource deadline, DispatchBudgetProgress<T> progress, long order, TimeSpan budget, TimeSpan limit, CancellationToken watching)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var wait = budget;
            while (await Task.WhenAny(work, Task.Delay(wait, watching)).ConfigureAwait(false) != work)
            {
                if (watching.IsCancellationRequested || deadline.IsCancellationRequested)
                {
                    return;   // the consume is over, or was cancelled itself (the bus stopping)
                }

                if (clock.Elapsed >= limit || progress.FinishedAfter(order))
                {
                    deadline.Cancel();
                    return;
                }

                var left = limit - clock.Elapsed;
                wait = left <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : StallCheck < left ? StallCheck : left;
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or AggregateException)
        {
            // The consume is over (its deadline disposed), or a callback on the consumer's token failed as it was cancelled.
        }
    }

}

/// <summary>
/// The order in which a bus's messages of type <typeparamref name="T"/> started under <see cref="DispatchBudgetFilter{T}"/>,
/// and the latest start among those that have finished: whether the stage moved on while one message did not.
/// One per bus (a singleton of the bus's services); <see cref="Shared"/> where none is registered.
/// </summary>
public sealed class DispatchBudgetProgress<T>
    where T : class
{
    private long _started;
    private long _latestFinished;

    internal static DispatchBudgetProgress<T> Shared { get; } = new();

    /// <summary>Counts a message that starts; returns its place in the order.</summary>
    internal long Started() => Interlocked.Increment(ref _started);

    /// <summary>Records that the message at <paramref name="order"/> has finished (done or failed).</summary>
    internal void Finished(long order)
    {
        var latest = Volatile.Read(ref _latestFinished);
        while (order > latest)
        {
            var seen = Interlocked.CompareExchange(ref _latestFinished, order, latest);
            if (seen == latest)
            {
                return;
            }

            latest = seen;
        }
    }

    /// <summary>Whether a message that started after the one at <paramref name="order"/> has finished.</summary>
    internal bool FinishedAfter(long order) => Volatile.Read(ref _latestFinished) > order;
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
