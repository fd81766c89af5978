using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Messaging.Routing;
using Pipeline.Notifier.Subscriptions;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Network;

namespace Pipeline.Notifier;

/// <summary>What a client sends to <c>POST /subscriptions</c>: the URL and the filters of <c>pipeline subscribe</c>.</summary>
public sealed record SubscriptionRequest(string? Url, string[]? Lang, string[]? Topic, string[]? Country, string[]? Source, string[]? Entity, int? MaxUrgency);

/// <summary>A subscription as the API shows it (the secret only in the answer to its creation).</summary>
public sealed record SubscriptionView(string Id, Uri Url, ArticleFilter Filter, DateTimeOffset CreatedAt, SubscriptionHealthView Health, string? Secret = null)
{
    public static SubscriptionView Of(WebhookSubscription s, bool withSecret = false) => new(s.Id, s.Url, s.Filter, s.CreatedAt, SubscriptionHealthView.Of(s.Health), withSecret ? s.Secret : null);
}

/// <summary>A subscription's delivery health.</summary>
public sealed record SubscriptionHealthView(string Status, int ConsecutiveFailures, long Delivered, long Failed, int? LastStatus, string? LastError, DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt)
{
    public static SubscriptionHealthView Of(SubscriptionHealth h) => new(h.Status, h.ConsecutiveFailures, h.Delivered, h.Failed, h.LastStatus, h.LastError, h.LastAttemptAt, h.LastSuccessAt);
}

/// <summary><c>POST/GET/DELETE /subscriptions</c>: webhooks with the routed exchanges' filters.</summary>
public static class SubscriptionEndpoints
{
    private const int MaxUrlLength = 2048;

    /// <summary>Configuration section of the notifier's API keys (<c>Notifier:Auth:ApiKeys</c>: SHA-256 hex of each key).</summary>
    public const string AuthSection = "Notifier:Auth";

    /// <summary>Maps the subscription API, behind the API keys of <see cref="AuthSection"/> when any are configured.</summary>
    public static WebApplication MapSubscriptionEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/subscriptions").RequireApiKey(ApiKeys.FromConfiguration(app.Configuration, AuthSection));
        group.MapPost("/", CreateAsync);
        group.MapGet("/", async (SqlSubscriptionStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(s => SubscriptionView.Of(s)).ToList()));
        group.MapGet("/{id}", async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> (string id, SqlSubscriptionStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } s ? TypedResults.Ok(SubscriptionView.Of(s)) : NotFound(id));
        group.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, SqlSubscriptionStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id));
        group.MapPost("/{id}/resume", async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> (string id, SqlSubscriptionStore store, CancellationToken ct) =>
            await store.ResumeAsync(id, ct) && await store.GetAsync(id, ct) is { } s ? TypedResults.Ok(SubscriptionView.Of(s)) : NotFound(id));
        return app;
    }

    private static async Task<Results<Created<SubscriptionView>, ProblemHttpResult>> CreateAsync(
        SubscriptionRequest request, SqlSubscriptionStore store, IOptions<NotifierOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || request.Url!.Length > MaxUrlLength || url.UserInfo.Length > 0)
        {
            return Problem("url must be an absolute http:// or https:// URL without user info, at most 2048 characters.");
        }

        var filter = new ArticleFilter
        {
            Languages = request.Lang ?? [],
            Topics = request.Topic ?? [],
            Countries = request.Country ?? [],
            Sources = request.Source ?? [],
            Entities = request.Entity ?? [],
            MaxUrgency = request.MaxUrgency,
        };
        if (filter.Problem() is { } problem)
        {
            return Problem(problem);
        }

        // The guard again at every connect (DNS may change); here so a refused URL is never stored.
        IPAddress[] addresses;
        try
        {
            addresses = await SsrfGuard.ResolveAsync(url.IdnHost, ct);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return Problem($"The host '{url.Host}' does not resolve: {e.Message}");
        }

        if (SsrfGuard.Allowed(addresses, Policy(settings)).Length == 0)
        {
            return Problem($"Refused by the SSRF guard: '{url.Host}' resolves only to non-public addresses [{string.Join(", ", addresses.Select(a => $"{a} ({AddressClassifier.Classify(a)})"))}].");
        }

        if (await store.CountAsync(ct) >= settings.MaxSubscriptions)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many subscriptions", detail: $"The notifier holds at most {settings.MaxSubscriptions} subscriptions (Notifier:MaxSubscriptions); delete one first.");
        }

        var subscription = new WebhookSubscription
        {
            Id = "sub_" + Guid.NewGuid().ToString("N"),
            Url = url,
            Filter = filter.Normalized(),
            Secret = Delivery.WebhookSignature.NewSecret(),
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddAsync(subscription, ct);
        var logger = loggers.CreateLogger("Pipeline.Notifier");
        Log.Created(logger, subscription.Id);
        return TypedResults.Created($"/subscriptions/{subscription.Id}", SubscriptionView.Of(subscription, withSecret: true));
    }

    /// <summary>Which non-public addresses webhooks may reach.</summary>
    public static SsrfPolicy Policy(NotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AllowPrivateNetworks ? SsrfPolicy.AllowPrivate : options.AllowLoopback ? SsrfPolicy.AllowLoopback : SsrfPolicy.PublicOnly;
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid subscription", detail: detail);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such subscription", detail: $"There is no subscription '{id}'.");
}
