using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Indexer;

/// <summary>The indexer's worker host, composed in one place so its tests start the same application.</summary>
public static class IndexerHost
{
    /// <summary>Builds the indexer host: the stage's consumer on the configured bus, the index, health, OpenAPI and the search API.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);     // web host for /health/*, OpenAPI and search
        builder.AddServiceDefaults();                          // OpenTelemetry, health checks
        builder.AddPipelineMessaging(bus => bus.AddIndexerStage(), BusStart.InBackground);
        builder.AddIndexer();                                  // options, the index, its readiness check
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseExceptionHandler();                             // unhandled errors as RFC 9457 problem details
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();                             // /health/live, /health/ready
        app.MapOpenApi();                                      // /openapi/v1.json
        app.MapSearchEndpoints();                              // /search, /articles/{id}
        return app;
    }
}
