using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Amqp;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Network;
using Polly.Timeout;

namespace Pipeline.Fetcher;

/// <summary>Registers the fetcher stage, the same way in its own worker and in the embedded host.</summary>
public static class FetcherStageExtensions
{
    /// <summary>
    /// The fetcher's bus registrations. It consumes nothing (it only publishes <c>DispatchReceived</c>), so this
    /// adds nothing today; it exists so every host composes stages the same way.
    /// </summary>
    public static IBusRegistrationConfigurator AddFetcherStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return bus;
    }

    /// <summary>
    /// Options (sections <c>Fetcher</c> and <c>Dispatches</c>, validated at start), <see cref="DispatchFactory"/>, the dispatch
    /// publisher, the feed state store, the guarded and resilient feed HttpClient, problem details and OpenAPI;
    /// the feed poller when <c>Fetcher:Feeds</c> is not empty; the raw AMQP ingest when
    /// <c>Messaging:Transport</c> is <c>RabbitMq</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFetcher(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(FetcherOptions.SectionName);
        services.AddValidatedOptions<FetcherOptions, FetcherOptionsValidator>(section)
            .WithValidator<FetcherOptions, FetcherFeedsValidator>();
        services.AddValidatedOptions<PayloadLimitOptions, PayloadLimitOptionsValidator>(builder.Configuration.GetSection(PayloadLimitOptions.SectionName))
            .WithValidator<PayloadLimitOptions, MovedPayloadLimitKeys>();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => new DispatchFactory(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PayloadLimitOptions>>().Value));
        services.AddDispatchPublisher();
        services.TryAddSingleton<BrokerConnectivity>();   // the intake refuses at once while the broker is away
        services.TryAddSingleton<FeedStateStore>();
        services.TryAddSingleton<FeedPoller>();
        services.AddProblemDetails();
        services.AddOpenApi();

        // Registration-time choices read the same sections that are validated at start.
        var fetcher = section.GetOrDefault(new FetcherOptionsValidator());
        var messaging = builder.Configuration.GetSection(MessagingOptions.SectionName).GetOrDefault(new MessagingOptionsValidator());
        AddFeedHttpClient(services, fetcher);

        if (fetcher.Feeds.Count > 0)
        {
            services.AddHostedService<FeedPollingService>();
        }

        services.TryAddSingleton(new BrokerSession { Tracked = messaging.Transport == TransportKind.RabbitMq });
        if (messaging.Transport == TransportKind.RabbitMq)
        {
            services.AddHostedService<RawIngestService>();
            services.AddHealthChecks().AddCheck<BrokerSessionHealthCheck>("broker-session", tags: ["ready"]);
        }

        return builder;
    }

    /// <summary>
    /// The one way a host publishes <c>DispatchReceived</c> (and the fetcher's refusals): <see cref="IDispatchPublisher"/> over
    /// the bus, with the messaging publish timeout, the <c>publish DispatchReceived</c> span (a child of the caller's, so the
    /// trace context travels with the message) and the published-dispatch counter. The fetcher's intakes and the CLI's
    /// <c>publish</c> and <c>run</c> all use it.
    /// </summary>
    public static IServiceCollection AddDispatchPublisher(this IServiceCollection services)
    {
        services.TryAddSingleton<IDispatchPublisher, BusDispatchPublisher>();
        return services;
    }

    private static void AddFeedHttpClient(IServiceCollection services, FetcherOptions fetcher)
    {
        var attempt = TimeSpan.FromSeconds(fetcher.RequestTimeoutSeconds);
        services.AddHttpClient(FeedHttp.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<FetcherOptions>>().Value;
                return FeedHttp.CreateHandler(options.AllowPrivateNetworks, TimeSpan.FromSeconds(Math.Min(10, options.RequestTimeoutSeconds)));
            })
            // Timeouts come from the resilience pipeline below.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = attempt;
                resilience.TotalRequestTimeout.Timeout = (attempt * 3) + TimeSpan.FromSeconds(10);
                resilience.CircuitBreaker.SamplingDuration = attempt * 2 > TimeSpan.FromSeconds(30) ? (attempt * 2) + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30);
                // 429 and 503 go back to the poller, which schedules the next poll after Retry-After instead of
                // hammering the server; blocked addresses are never retried.
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.ShouldRetryAfterHeader = false;
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: BlockedAddressException or HttpRequestException { InnerException: BlockedAddressException } } => false,
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => (int)response.StatusCode is 408 or 500 or 502 or 504,
                    _ => false,
                });
            })
            // One circuit breaker per host, so a failing feed does not stop the others.
            .SelectPipelineByAuthority();
    }
}
