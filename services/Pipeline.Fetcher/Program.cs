using Pipeline.Fetcher;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);       // web host: POST /dispatches, /health/*, OpenAPI
builder.AddServiceDefaults();                           // OpenTelemetry, health checks
builder.AddPipelineMessaging(bus => bus.AddFetcherStage(), BusStart.InBackground);
builder.AddFetcher();                                   // options, DispatchFactory, poller, raw AMQP ingest

var app = builder.Build();
app.MapDefaultEndpoints();                              // /health/live, /health/ready
app.MapDispatchEndpoints();                             // POST /dispatches, /openapi/v1.json
return app.RunWorker();                                 // invalid configuration: one line naming the key, exit 1
