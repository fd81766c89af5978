using System.Diagnostics;
using Pipeline.Contracts.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.ServiceDefaults;

namespace Pipeline.Cli.Inputs;

/// <summary>How the CLI hands a dispatch to a pipeline: one trace per dispatch, published through the fetcher's <see cref="IDispatchPublisher"/>.</summary>
internal static class CliDispatches
{
    /// <summary>The CLI's ActivitySource, <c>Pipeline.Cli</c> (exported like every <c>Pipeline.*</c> source).</summary>
    public static readonly ActivitySource ActivitySource = new("Pipeline.Cli");

    /// <summary>
    /// Publishes <paramref name="dispatch"/> in a span named <paramref name="operation"/> that starts the dispatch's trace,
    /// or continues the caller's when <paramref name="traceParent"/> is a W3C <c>traceparent</c>; the publisher's span and
    /// the message's trace headers descend from it. Returns the trace id (null when nothing records traces).
    /// </summary>
    public static async Task<string?> PublishAsync(IDispatchPublisher publisher, DispatchReceived dispatch, string operation, string? traceParent, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartContinuing(operation, ActivityKind.Producer, traceParent);
        activity?.SetTag(TelemetryTags.DispatchId, dispatch.DispatchId);
        activity?.SetTag(TelemetryTags.SourceId, dispatch.Source.Id);
        await publisher.PublishAsync(dispatch, cancellationToken);
        return activity?.TraceId.ToHexString();
    }
}
