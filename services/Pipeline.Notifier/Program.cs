using Pipeline.Messaging;
using Pipeline.Notifier;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);       // web host: /subscriptions, /health/*, OpenAPI
builder.AddServiceDefaults();                           // OpenTelemetry, health checks
builder.AddPipelineMessaging(_ => { }, BusStart.InBackground);   // Messaging options and broker readiness (no consumers: it reads pipeline.articles itself)
builder.AddNotifier();                                  // options, subscription store, webhook HttpClient, dispatcher
builder.Services.AddOpenApi();

var app = builder.Build();
app.MapDefaultEndpoints();                              // /health/live, /health/ready, /metrics
app.MapOpenApi();
app.MapSubscriptionEndpoints();                         // POST/GET/DELETE /subscriptions
return app.RunWorker();                                 // invalid configuration: one line naming the key, exit 1
