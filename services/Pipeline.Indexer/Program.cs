using Pipeline.Indexer;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);   // web host for /health/*, /metrics, OpenAPI and the search API
builder.AddServiceDefaults();                       // OpenTelemetry, health checks
builder.AddPipelineMessaging(bus => bus.AddIndexerStage(), BusStart.InBackground);
builder.AddIndexer();                               // options, the index, its readiness check
builder.AddSearchApi();                             // OpenAPI document, problem details

var app = builder.Build();
app.MapDefaultEndpoints();                          // /health/live, /health/ready, /metrics
app.MapSearchApi();                                 // errors as problem details, /openapi/v1.json, /search, /articles/{id}, /stream, the page at /
return app.RunWorker();                             // invalid configuration: one line naming the key, exit 1
