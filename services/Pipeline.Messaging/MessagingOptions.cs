using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Messaging;

/// <summary>Which bus the stages run on.</summary>
public enum TransportKind
{
    /// <summary>MassTransit's in-memory transport: all stages in one process (embedded mode, unit tests).</summary>
    InMemory,

    /// <summary>RabbitMQ: every stage in its own process (distributed mode).</summary>
    RabbitMq,
}

/// <summary>Bus settings, section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>The transport. Default: in-memory.</summary>
    public TransportKind Transport { get; set; } = TransportKind.InMemory;

    /// <summary>Broker URI, e.g. <c>amqp://guest:guest@localhost:5672/</c>; the path names the virtual host.</summary>
    public Uri? RabbitMqUri { get; set; }

    /// <summary>Prefix for every queue name (kebab-case), so several pipelines can share a broker.</summary>
    [RegularExpression("^[a-z0-9-]*$")]
    public string EndpointPrefix { get; set; } = "";

    /// <summary>Declare the stages' queues as quorum queues (production). Default: classic queues.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>Immediate retries (with short intervals) for transient faults before a message goes to <c>_error</c>.</summary>
    [Range(0, 20)]
    public int RetryCount { get; set; } = 3;

    /// <summary>Interval between retries, in milliseconds.</summary>
    [Range(0, 60_000)]
    public int RetryIntervalMilliseconds { get; set; } = 200;

    /// <summary>Messages a stage processes at once (RabbitMQ prefetch and concurrency).</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 16;

    /// <summary>How long a publish may block (e.g. while the broker is down) before it fails.</summary>
    [Range(1, 600)]
    public int PublishTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Per-dispatch budget, in seconds: the longest one message may hold a consumer (parsing, enrichment, indexing and
    /// retries together). Past it the message is rejected as <c>unsafe</c> and parked in <c>_error</c>. Default 10.
    /// </summary>
    [Range(0.01, 3600)]
    public double DispatchBudgetSeconds { get; set; } = 10;

    /// <summary>
    /// Budget of the messages a consumer handles before its first one of that type finished in this process (JIT,
    /// models and indexes loaded on first use), in seconds: at least <see cref="DispatchBudgetSeconds"/>. Default 60.
    /// </summary>
    [Range(0.01, 3600)]
    public double ColdStartBudgetSeconds { get; set; } = 60;

    /// <summary>
    /// Deliveries of one message that ended with the worker process dying (crash, kill) before the message is parked
    /// in <c>_error</c> as <c>poison</c> on its next delivery (RabbitMQ only). Default 2: at most 3 deliveries.
    /// </summary>
    [Range(1, 100)]
    public int PoisonAfterCrashes { get; set; } = 2;

    /// <summary>
    /// Folder for the in-flight markers that recognise poison messages (one small file per message being processed).
    /// Must survive a restart of the worker process (an <c>emptyDir</c> in Kubernetes). Default: <c>$TMPDIR/pipeline-in-flight</c>.
    /// </summary>
    public string StatePath { get; set; } = "";

    /// <summary>The budget as a time span.</summary>
    public TimeSpan DispatchBudget => TimeSpan.FromSeconds(DispatchBudgetSeconds);

    /// <summary>The cold-start budget as a time span (never below <see cref="DispatchBudget"/>).</summary>
    public TimeSpan ColdStartBudget => TimeSpan.FromSeconds(Math.Max(ColdStartBudgetSeconds, DispatchBudgetSeconds));

    /// <summary>The in-flight marker folder, <see cref="StatePath"/> or its default.</summary>
    public string InFlightFolder => string.IsNullOrWhiteSpace(StatePath) ? Path.Combine(Path.GetTempPath(), "pipeline-in-flight") : StatePath;
}

[OptionsValidator]
public sealed partial class MessagingOptionsValidator : IValidateOptions<MessagingOptions>;

/// <summary>Cross-field checks the annotations cannot express.</summary>
internal sealed class MessagingOptionsTransportValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options) =>
        options.Transport == TransportKind.RabbitMq && options.RabbitMqUri is null
            ? ValidateOptionsResult.Fail("Messaging:RabbitMqUri (env Messaging__RabbitMqUri) is required when Messaging:Transport is RabbitMq.")
            : ValidateOptionsResult.Success;
}
