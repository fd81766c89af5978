using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Pipeline.ServiceDefaults;

/// <summary>Telemetry and health for every Pipeline host.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of checks that tell whether the process is alive (never the broker).</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of checks that tell whether the process can take work (MassTransit tags its bus check "ready").</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// OpenTelemetry traces and metrics for Pipeline's sources and meters (<c>Pipeline.*</c>) and
    /// MassTransit's, exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; a
    /// liveness check that depends on nothing but the process.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME (set by the manifests) names the service; OTEL_RESOURCE_ATTRIBUTES adds to the resource.
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } serviceName ? serviceName : builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource("Pipeline.*")
                .AddSource("MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter("Pipeline.*")
                .AddMeter("MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> (every meter above, for Prometheus), <c>/health/live</c> (the process only) and <c>/health/ready</c> (the broker, the bus and any stage checks):
    /// ready answers 200 only when every check is healthy — a degraded bus (an endpoint not consuming) is 503, so
    /// Kubernetes routes no work to it.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();   // GET /metrics, Prometheus text format
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }
}
