using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Notifier;

/// <summary>Where webhook subscriptions are kept.</summary>
public enum SubscriptionStoreKind
{
    /// <summary>A SQLite file (one notifier).</summary>
    Sqlite,

    /// <summary>PostgreSQL (several notifier replicas share the subscriptions).</summary>
    Postgres,
}

/// <summary>Notifier settings, section <c>Notifier</c>.</summary>
public sealed class NotifierOptions
{
    public const string SectionName = "Notifier";

    public SubscriptionStoreKind Store { get; set; } = SubscriptionStoreKind.Sqlite;

    /// <summary>The SQLite file of the subscriptions.</summary>
    [Required]
    public string SqlitePath { get; set; } = "pipeline-data/notifier.db";

    /// <summary>The PostgreSQL connection string (Store = Postgres).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Let webhook URLs reach loopback addresses (tests, local development). Private, link-local and metadata addresses stay refused.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Let webhook URLs reach any non-public address (private networks, loopback, link-local). Never in production.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Retries of one delivery after its first attempt (jittered exponential backoff).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay, in milliseconds (doubling, with jitter).</summary>
    [Range(1, 600_000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>Timeout of one delivery attempt, in seconds.</summary>
    [Range(1, 120)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries in a row that failed (after their retries) before a subscription is paused.</summary>
    [Range(1, 1000)]
    public int PauseAfterFailures { get; set; } = 5;

    /// <summary>Subscriptions the notifier accepts at most.</summary>
    [Range(1, 100_000)]
    public int MaxSubscriptions { get; set; } = 1000;
}

[OptionsValidator]
public sealed partial class NotifierOptionsValidator : IValidateOptions<NotifierOptions>;

/// <summary>Cross-field checks.</summary>
internal sealed class NotifierStoreValidator : IValidateOptions<NotifierOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifierOptions options) =>
        options.Store == SubscriptionStoreKind.Postgres && string.IsNullOrWhiteSpace(options.PostgresConnectionString)
            ? ValidateOptionsResult.Fail("Notifier:PostgresConnectionString (env Notifier__PostgresConnectionString) is required when Notifier:Store is Postgres.")
            : ValidateOptionsResult.Success;
}
