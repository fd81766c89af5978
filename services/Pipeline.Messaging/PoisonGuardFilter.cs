using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// Bus-wide consume filter (RabbitMQ): recognises a message that took the worker process down. Every delivery writes
/// an in-flight marker (<see cref="InFlightMarkers"/>) before the consumer starts and removes it when the delivery ends.
/// A redelivered message (RabbitMQ's redelivered flag) whose marker survived was being handled when the process died:
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

        var path = markers.PathOf(context);
        var crashed = context.ReceiveContext.Redelivered ? InFlightMarkers.Read(path) : 0;
        var queue = InFlightMarkers.QueueOf(context.ReceiveContext.InputAddress);
        var messageId = context.MessageId?.ToString("N") ?? "-";
        if (crashed >= markers.CrashLimit)
        {
            InFlightMarkers.Remove(path);
            Log.Poison(_logger, messageId, queue, crashed);
            throw new PermanentDispatchException(RejectionReasons.Poison,
                $"The worker process died {crashed} time(s) while handling this message (crash, out of memory or kill); it is parked so the stage keeps flowing (Messaging:PoisonAfterCrashes = {markers.CrashLimit}).");
        }

        if (crashed > 0)
        {
            Log.Suspect(_logger, messageId, queue);
        }

        using (await markers.EnterAsync(suspect: crashed > 0, context.CancellationToken).ConfigureAwait(false))
        {
            InFlightMarkers.Write(path, crashed + 1);
            try
            {
                await next.Send(context).ConfigureAwait(false);
            }
            finally
            {
                InFlightMarkers.Remove(path);
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("poison-guard");
}
