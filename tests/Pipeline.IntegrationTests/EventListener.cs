using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A bus of the test's own on a pipeline's broker and prefix: publishes as a producer would, and collects the
/// <see cref="DispatchRejected"/> and <see cref="ArticleNormalized"/> events the workers announce.
/// </summary>
public sealed class EventListener : IAsyncDisposable
{
    private readonly IHost _host;

    private EventListener(IHost host, Collected collected)
    {
        _host = host;
        Events = collected;
    }

    public Collected Events { get; }

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    public static async Task<EventListener> StartAsync(Uri broker, string prefix, string stateFolder, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = broker.ToString(),
            ["Messaging:EndpointPrefix"] = prefix,
            ["Messaging:StatePath"] = stateFolder,
        });
        var collected = new Collected();
        builder.Services.AddSingleton(collected);
        builder.AddPipelineMessaging(bus =>
        {
            bus.AddConsumer<RejectedCollector>();
            bus.AddConsumer<NormalizedCollector>();
        });
        var host = builder.Build();
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(TimeSpan.FromSeconds(90));
        await host.StartAsync(start.Token);
        return new EventListener(host, collected);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    public sealed class Collected
    {
        public ConcurrentQueue<DispatchRejected> Rejected { get; } = new();
        public ConcurrentQueue<ArticleNormalized> Normalized { get; } = new();

        /// <summary>Waits (polling, with a ceiling) until an event satisfies the predicate.</summary>
        public static async Task<T> WaitForAsync<T>(ConcurrentQueue<T> events, Func<T, bool> predicate, TimeSpan timeout, string what)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (events.FirstOrDefault(predicate) is { } found)
                {
                    return found;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0} s; seen: {string.Join("; ", events)}");
        }
    }

    public sealed class RejectedCollector(Collected collected) : IConsumer<DispatchRejected>
    {
        public Task Consume(ConsumeContext<DispatchRejected> context)
        {
            collected.Rejected.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    public sealed class NormalizedCollector(Collected collected) : IConsumer<ArticleNormalized>
    {
        public Task Consume(ConsumeContext<ArticleNormalized> context)
        {
            collected.Normalized.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }
}
