using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Dispatches;
using Pipeline.ServiceDefaults;

namespace Pipeline.Messaging;

/// <summary>Composes the bus the same way for every host: a stage's worker, the embedded host, the CLI.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Adds MassTransit with Pipeline's conventions: transport from <c>Messaging:Transport</c>,
    /// kebab-case endpoint names with <c>Messaging:EndpointPrefix</c>, publisher confirms, bus-wide
    /// short interval retries that skip <see cref="PermanentDispatchException"/>, rejection
    /// announcements, optional quorum queues, graceful start and stop, MassTransit's usage telemetry disabled.
    /// </summary>
    public static IHostApplicationBuilder AddPipelineMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> stages,
        BusStart start = BusStart.WaitUntilConnected)
    {
        builder.AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(MessagingOptions.SectionName)
            .WithValidator<MessagingOptions, MessagingOptionsTransportValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Read once here for the registration-time choices (transport, names); the same values are
        // validated at start through the options above.
        var options = builder.Configuration.GetSection(MessagingOptions.SectionName).GetOrDefault(new MessagingOptionsValidator());

        if (options.Transport == TransportKind.RabbitMq)
        {
            // Poison messages: in-flight markers survive a crash of this process (RabbitMQ redelivers; in memory nothing survives).
            builder.Services.TryAddSingleton<InFlightMarkers>();
        }

        builder.Services.AddMassTransit(bus =>
        {
            // No call home: MassTransit 8.5 reports usage to a third-party host unless told not to.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix.Length == 0 ? null : options.EndpointPrefix, false));
            stages(bus);

            if (options.QuorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            if (options.Transport == TransportKind.RabbitMq && options.RabbitMqUri is not null)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(options.RabbitMqUri, host => host.PublisherConfirmation = true);
                    cfg.PrefetchCount = options.PrefetchCount;
                    cfg.ConfigurePipelineEndpoints(context, options);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.ConcurrentMessageLimit = options.PrefetchCount;
                    cfg.ConfigurePipelineEndpoints(context, options);
                });
            }
        });

        // Readiness says whether the broker is there (MassTransit's bus check says whether the endpoints run).
        builder.Services.TryAddSingleton<BrokerConnectivity>();
        builder.Services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", tags: ["ready"])
            .AddCheck<WarmupHealthCheck>("warm-up", tags: ["ready"]);   // models loaded (StageWarmup), after the bus started
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            // A worker connects in the background (and keeps retrying), so its web host opens its port at once:
            // liveness answers from the first second whatever the broker does, readiness is 503 until the bus is
            // up. A session (the CLI, the embedded mode, tests) starts only once connected, so nothing it publishes
            // goes out before its consumers are bound. The in-memory bus is there at once either way.
            host.WaitUntilStarted = start == BusStart.WaitUntilConnected || options.Transport == TransportKind.InMemory;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(25);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>
    /// The bus-wide middleware every Pipeline bus shares (also used by the test harness), outermost first: rejection
    /// announcements; the poison guard (RabbitMQ); the per-dispatch budget; short interval retries that skip permanent
    /// failures; endpoints by convention, each parking unreadable or unconsumed bodies in <c>_error</c> with an announcement.
    /// </summary>
    public static void ConfigurePipelineEndpoints<TEndpoint>(this IBusFactoryConfigurator<TEndpoint> cfg, IBusRegistrationContext context, MessagingOptions options)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var time = context.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = context.GetService<ILoggerFactory>()?.CreateLogger("Pipeline.Messaging") ?? NullLogger.Instance;
        cfg.ConnectEndpointConfigurationObserver(new InvalidMessageEndpoints(time, logger));
        cfg.UseConsumeFilter(typeof(DispatchRejectionFilter<>), context);
        cfg.UseConsumeFilter(typeof(PoisonGuardFilter<>), context);
        cfg.UseConsumeFilter(typeof(DispatchBudgetFilter<>), context);
        cfg.ConfigurePublish(publish => publish.UseFilter(new CancelledPublishFilter()));   // a let-go consumer's late publish
        cfg.UseMessageRetry(retry =>
        {
            retry.Interval(options.RetryCount, TimeSpan.FromMilliseconds(options.RetryIntervalMilliseconds));
            retry.Ignore<PermanentDispatchException>();
        });
        cfg.ConfigureEndpoints(context);
    }

    /// <summary>Gives every receive endpoint the error and dead-letter pipes of <see cref="InvalidMessageFilters"/>.</summary>
    private sealed class InvalidMessageEndpoints(TimeProvider time, ILogger logger) : IEndpointConfigurationObserver
    {
        public void EndpointConfigured<T>(T configurator)
            where T : IReceiveEndpointConfigurator => InvalidMessageFilters.Configure(configurator, time, logger);
    }
}

/// <summary>How a host's start waits for its bus.</summary>
public enum BusStart
{
    /// <summary>The host's start returns once the bus is connected (or its start times out): sessions, tests.</summary>
    WaitUntilConnected,

    /// <summary>The bus connects in the background, retrying while the broker is away: workers with health endpoints.</summary>
    InBackground,
}
