using MassTransit;
using Microsoft.Extensions.Hosting;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Cli.Hosting;

/// <summary>A short-lived bus on the user's RabbitMQ, for <c>publish</c> and <c>subscribe</c>.</summary>
internal static class BrokerSession
{
    /// <summary>
    /// Builds and starts a host on the broker — with the services' telemetry, so the CLI's spans and the trace context of
    /// what it publishes exist (exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set) — and any services
    /// <paramref name="configure"/> adds; null (and a readable error) when no broker is named or it cannot be reached in time.
    /// </summary>
    public static async Task<IHost?> StartAsync(CliConsole console, Uri? broker, string? prefix, TimeSpan timeout, Action<IBusRegistrationConfigurator> endpoints, CancellationToken cancellationToken, Action<HostApplicationBuilder>? configure = null)
    {
        var settings = CliHost.BrokerSettings(broker, prefix);
        if (CliHost.ResolveBroker(settings) is null)
        {
            console.Fail("No broker: pass --broker amqp://user:password@host:5672/vhost or set Messaging__RabbitMqUri.");
            return null;
        }

        var builder = CliHost.CreateBuilder(settings);
        builder.AddServiceDefaults();
        builder.AddPipelineMessaging(endpoints);
        configure?.Invoke(builder);
        var host = builder.Build();
        using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startTimeout.CancelAfter(timeout);
        try
        {
            await host.StartAsync(startTimeout.Token);
            return host;
        }
        catch (Exception e) when (e is OperationCanceledException or MassTransitException or TimeoutException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            console.Fail($"Could not connect to the broker within {timeout.TotalSeconds:0} s: {e.Message}");
            host.Dispose();
            return null;
        }
    }
}
