using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Fetcher.Dispatches;

/// <summary>Publishes <see cref="DispatchReceived"/> events.</summary>
public interface IDispatchPublisher
{
    /// <summary>Publishes and waits for the transport to accept it; fails after the messaging publish timeout.</summary>
    Task PublishAsync(DispatchReceived dispatch, CancellationToken cancellationToken);

    /// <summary>Announces raw input the fetcher refused (stage <c>fetcher</c>), with the same timeout.</summary>
    Task PublishRejectedAsync(DispatchRejected rejected, CancellationToken cancellationToken);
}

/// <summary>
/// Publishes through MassTransit's bus with a timeout (<c>Messaging:PublishTimeoutSeconds</c>), because a
/// publish blocks while the broker is down, and counts what it published.
/// </summary>
internal sealed class BusDispatchPublisher(IBus bus, IOptions<MessagingOptions> messaging) : IDispatchPublisher
{
    public async Task PublishAsync(DispatchReceived dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        using var activity = FetcherDiagnostics.ActivitySource.StartActivity("publish DispatchReceived");
        activity?.SetTag(TelemetryTags.DispatchId, dispatch.DispatchId);
        activity?.SetTag(TelemetryTags.SourceId, dispatch.Source.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(messaging.Value.PublishTimeoutSeconds));
        await bus.Publish(dispatch, timeout.Token).ConfigureAwait(false);
        FetcherDiagnostics.DispatchesPublished.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Origin, dispatch.Origin.Kind));
    }

    public async Task PublishRejectedAsync(DispatchRejected rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(messaging.Value.PublishTimeoutSeconds));
        await bus.Publish(rejected, timeout.Token).ConfigureAwait(false);
        PipelineDiagnostics.CountRejection(rejected.Stage, rejected.ReasonCode);
    }
}
