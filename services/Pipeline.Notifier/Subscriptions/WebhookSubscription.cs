using Pipeline.Messaging.Routing;

namespace Pipeline.Notifier.Subscriptions;

/// <summary>A webhook: where to deliver, which articles, the signing secret, and how deliveries have gone.</summary>
public sealed record WebhookSubscription
{
    public required string Id { get; init; }
    public required Uri Url { get; init; }
    public required ArticleFilter Filter { get; init; }

    /// <summary>The signing secret, <c>whsec_</c> + base64 of 32 random bytes (Standard Webhooks).</summary>
    public required string Secret { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public SubscriptionHealth Health { get; init; } = new();
}

/// <summary>How a subscription's deliveries have gone; a paused subscription gets nothing until it is resumed.</summary>
public sealed record SubscriptionHealth
{
    public bool Paused { get; init; }
    public int ConsecutiveFailures { get; init; }
    public long Delivered { get; init; }
    public long Failed { get; init; }
    public int? LastStatus { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary><c>active</c> or <c>paused</c>.</summary>
    public string Status => Paused ? "paused" : "active";
}

/// <summary>The outcome of one delivery (after its retries).</summary>
public sealed record DeliveryOutcome(bool Succeeded, int? Status, string? Error, DateTimeOffset At);
