using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// Bus-wide consume filter (RabbitMQ): recognises a message that took the worker process down. Every delivery is
/// journaled (<see cref="InFlightMarkers"/>) before the consumer starts and when it ends. A redelivered message
/// (RabbitMQ's redelivered flag) still open in the journal of a dead process was being handled when that process died:
/// it runs again alone, and once <see cref="MessagingOptions.PoisonAfterCrashes"/> deliveries ended that way its next
/// delivery is rejected permanently as <c>poison</c> (announced, parked in <c>_error</c>) without running the consumer.
/// Without markers (in-memory transport: nothing survives a crash there) the filter passes messages through.
/// </summary>
public sealed class PoisonGuardFilter<T>(InFlightMarkers? markers = null, ILogger<PoisonGuardFilter<T>>? logger = null) : IFilter<ConsumeContext<T>>
    where T : class
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (markers is null)
        {
            await next.Send(context).ConfigureAwait(false);
            return;
        }

        var key = InFlightMarkers.KeyOf(context);
        var crashed = context.ReceiveContext.Redelivered ? markers.CrashesOf(key) : 0;
        var queue = InFlightMarkers.QueueOf(context.ReceiveContext.InputAddress);
        var messageId = context.MessageId?.ToString("N") ?? "-";
        if (crashed >= markers.CrashLimit)
        {
            Log.Poison(_logger, messageId, queue, crashed);
            throw new PermanentDispatchException(RejectionReasons.Poison,
                $"The worker process died {crashed} time(s) while handling this message (crash, out of memory or kill); it is parked so the stage keeps flowing (Messaging:PoisonAfterCrashes = {markers.CrashLimit}).");
        }

        if (crashed > 0)
        {
            Log.Suspect(_logger, messageId, queue);
        }

        using (await markers.EnterAsync(suspect: crashed > 0, context.CancellationToken).ConfigureAwait(false))
        using (markers.Start(key))
        {
            await next.Send(context).ConfigureAwait(false);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("poison-guard");
}
