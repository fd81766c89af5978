using Pipeline.Enricher;
using Pipeline.Messaging;
using Pipeline.Messaging.Routing;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);   // web host only for /health/* and /metrics
builder.AddServiceDefaults();                       // OpenTelemetry, health checks
builder.AddPipelineMessaging(bus => bus.AddEnricherStage(), BusStart.InBackground);
builder.AddEnricher();                              // options + language detector, gazetteers, extractors
builder.AddEventRoutes();                           // ArticleEnriched → pipeline.articles, DispatchRejected → pipeline.rejections (RabbitMQ)

var app = builder.Build();
app.MapDefaultEndpoints();                          // /health/live, /health/ready, /metrics
return app.RunWorker();                             // invalid configuration: one line naming the key, exit 1
