using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pipeline.ServiceDefaults;

namespace Pipeline.Messaging;

/// <summary>Telemetry shared by all stages. Each stage also has its own <c>Pipeline.&lt;Role&gt;</c> source and meter.</summary>
public static class PipelineDiagnostics
{
    public const string Name = "Pipeline.Messaging";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Dispatches rejected, tagged by <c>pipeline.stage</c> and <c>pipeline.reason_code</c>.</summary>
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("pipeline.dispatches.rejected", description: "Dispatches rejected, by stage and reason code");

    /// <summary>Counts one rejection on <see cref="Rejected"/>, tagged the one way every stage and entry point tags it.</summary>
    public static void CountRejection(string stage, string reasonCode) =>
        Rejected.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Stage, stage), new KeyValuePair<string, object?>(TelemetryTags.ReasonCode, reasonCode));

    /// <summary>Consumers let go at the per-dispatch deadline while still running (their work is dropped when it ends).</summary>
    public static readonly Counter<long> Abandoned = Meter.CreateCounter<long>("pipeline.dispatches.abandoned", description: "Consumers let go at the per-dispatch deadline while still running");
}
