using Pipeline.Messaging;
using Pipeline.Normalizer;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);   // web host only for /health/* and /metrics
builder.AddServiceDefaults();                       // OpenTelemetry, health checks
builder.AddPipelineMessaging(bus => bus.AddNormalizerStage(), BusStart.InBackground);
builder.AddNormalizer();                            // options + domain services of this stage

var app = builder.Build();
app.MapDefaultEndpoints();                          // /health/live, /health/ready, /metrics
return app.RunWorker();                             // invalid configuration: one line naming the key, exit 1
