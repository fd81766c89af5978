using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Messaging;

namespace Pipeline.Testing;

/// <summary>
/// MassTransit's in-memory test harness with Pipeline's bus conventions (rejection filter, retries
/// that skip permanent failures), so consumer tests exercise what production runs.
/// </summary>
public static class PipelineHarness
{
    /// <summary>
    /// Builds a provider with the harness and the given stage registrations, and starts the harness.
    /// Dispose the returned provider to stop it.
    /// </summary>
    public static async Task<(ServiceProvider Provider, ITestHarness Harness)> StartAsync(
        Action<IBusRegistrationConfigurator> stages,
        Action<IServiceCollection>? services = null,
        MessagingOptions? messaging = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.TryAddSingleton(TimeProvider.System);
        services?.Invoke(collection);
        var options = messaging ?? new MessagingOptions { RetryCount = 1, RetryIntervalMilliseconds = 10 };
        collection.AddSingleton(Options.Create(options));
        collection.AddMassTransitTestHarness(bus =>
        {
            bus.DisableUsageTelemetry();
            stages(bus);
            bus.UsingInMemory((context, cfg) => cfg.ConfigurePipelineEndpoints(context, options));
        });
        var provider = collection.BuildServiceProvider(true);

        // The stages' warm-ups (models, word lists) run to their end before the bus starts, as a worker is not ready
        // before them: MassTransit's inactivity token is one-shot, and a consumer loading models for longer than the
        // inactivity window below would end every later wait of the test at once.
        foreach (var warmup in provider.GetServices<StageWarmup>())
        {
            await warmup.StartAsync(CancellationToken.None);
            await warmup.Completion;
        }

        var harness = provider.GetRequiredService<ITestHarness>();
        // Generous ceilings: on a saturated machine a consumer's first message (loading word lists, models) can take
        // seconds, and MassTransit's default inactivity window (about a second) would end a wait before it arrives.
        harness.TestTimeout = TimeSpan.FromSeconds(60);
        harness.TestInactivityTimeout = TimeSpan.FromSeconds(6);
        await harness.Start();
        return (provider, harness);
    }
}
