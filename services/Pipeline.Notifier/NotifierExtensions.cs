using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Pipeline.Notifier.Delivery;
using Pipeline.Notifier.Subscriptions;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Network;
using Polly;

namespace Pipeline.Notifier;

/// <summary>How the notifier's worker composes it.</summary>
public static class NotifierExtensions
{
    /// <summary>
    /// Options (section <c>Notifier</c>), the subscription store (SQLite or PostgreSQL), the webhook HttpClient (SSRF guard
    /// at connect time, no redirects, no proxy, retries with jittered exponential backoff through Polly) and the
    /// dispatcher that delivers from the notifier's own queue.
    /// </summary>
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<NotifierOptions, NotifierOptionsValidator>(NotifierOptions.SectionName)
            .WithValidator<NotifierOptions, NotifierStoreValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NotifierOptions>>().Value;
            return options.Store == SubscriptionStoreKind.Postgres
                ? SqlSubscriptionStore.Postgres(options.PostgresConnectionString!)
                : SqlSubscriptionStore.Sqlite(options.SqlitePath);
        });
        builder.Services.AddSingleton<WebhookSender>();
        if (builder.Configuration.GetSection(MessagingOptions.SectionName).GetOrDefault(new MessagingOptionsValidator()).Transport == TransportKind.RabbitMq)
        {
            builder.Services.AddHostedService<WebhookDispatcher>();   // the routed exchange exists only on RabbitMQ
        }

        var configured = builder.Configuration.GetSection(NotifierOptions.SectionName).Get<NotifierOptions>() ?? new NotifierOptions();
        builder.Services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<NotifierOptions>>().Value;
                return new SocketsHttpHandler
                {
                    UseProxy = false,
                    UseCookies = false,
                    AllowAutoRedirect = false,
                    ConnectTimeout = TimeSpan.FromSeconds(options.AttemptTimeoutSeconds),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, ct) => SsrfGuard.ConnectAsync(context.DnsEndPoint, SubscriptionEndpoints.Policy(options), ct),
                };
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("webhook", pipeline =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(configured.MaxRetries, 0) is var retries and > 0 ? retries : 1,
                    Delay = TimeSpan.FromMilliseconds(configured.RetryDelayMilliseconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    // Every failure but a refused address: transport errors, timeouts and any answer other than 2xx.
                    ShouldHandle = args => ValueTask.FromResult(configured.MaxRetries > 0 && args.Outcome switch
                    {
                        { Exception: BlockedAddressException or HttpRequestException { InnerException: BlockedAddressException } } => false,
                        { Exception: not null } => true,
                        { Result: { IsSuccessStatusCode: false } } => true,
                        _ => false,
                    }),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(configured.AttemptTimeoutSeconds));
            });
        return builder;
    }
}
