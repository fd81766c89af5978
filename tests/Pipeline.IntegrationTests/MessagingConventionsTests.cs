using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Pipeline.IntegrationTests;

/// <summary>Pipeline's MassTransit conventions (retries, rejections, error queues, quorum queues) on a real RabbitMQ.</summary>
public sealed class MessagingConventionsTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const int RetryCount = 3;

    [Fact]
    public async Task PermanentFailure_IsAnnouncedOnce_NotRetried_AndKeptInTheErrorQueue()
    {
        var probe = new Probe { FailPermanently = true };
        var (host, uri, prefix) = await StartAsync(probe, quorum: false);
        using (host)
        {
            var dispatch = ContractSamples.DispatchReceived with { DispatchId = Guid.NewGuid().ToString("N") };
            await host.Services.GetRequiredService<IBus>().Publish(dispatch, TestContext.Current.CancellationToken);

            var rejection = await probe.Rejected.WaitAsync(dispatch.DispatchId, Timeout);
            Assert.Equal(StageNames.Normalizer, rejection.Stage);
            Assert.Equal(RejectionReasons.NoContent, rejection.ReasonCode);
            Assert.Equal("nothing to read", rejection.Message);
            Assert.True(await RabbitMqQueues.WaitForMessageAsync(uri, $"{prefix}-probe_error", body => body.Contains(dispatch.DispatchId, StringComparison.Ordinal), Timeout));
            Assert.Equal(1, probe.Attempts[dispatch.DispatchId]);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task TransientFailure_IsRetried_AndThenSucceeds()
    {
        var probe = new Probe { TransientFailures = 2 };
        var (host, _, _) = await StartAsync(probe, quorum: false);
        using (host)
        {
            var dispatch = ContractSamples.DispatchReceived with { DispatchId = Guid.NewGuid().ToString("N") };
            await host.Services.GetRequiredService<IBus>().Publish(dispatch, TestContext.Current.CancellationToken);

            await probe.Succeeded.WaitAsync(dispatch.DispatchId, Timeout);
            Assert.Equal(3, probe.Attempts[dispatch.DispatchId]);
            Assert.False(probe.Rejected.Contains(dispatch.DispatchId));
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task FailureThatAlwaysThrows_IsTriedRetryCountPlusOneTimes_ThenParkedInTheErrorQueue_WhileTheNextMessageFlows()
    {
        var poison = Guid.NewGuid().ToString("N");
        var probe = new Probe { AlwaysFails = id => id == poison };
        var (host, uri, prefix) = await StartAsync(probe, quorum: false);
        using (host)
        {
            var bus = host.Services.GetRequiredService<IBus>();
            await bus.Publish(ContractSamples.DispatchReceived with { DispatchId = poison }, TestContext.Current.CancellationToken);
            var next = ContractSamples.DispatchReceived with { DispatchId = Guid.NewGuid().ToString("N") };
            await bus.Publish(next, TestContext.Current.CancellationToken);

            await probe.Succeeded.WaitAsync(next.DispatchId, Timeout);
            Assert.True(await RabbitMqQueues.WaitForMessageAsync(uri, $"{prefix}-probe_error", body => body.Contains(poison, StringComparison.Ordinal), Timeout));
            Assert.Equal(1 + RetryCount, probe.Attempts[poison]);   // the first delivery and Messaging:RetryCount retries, then parked
            Assert.False(probe.Succeeded.Contains(poison));
            Assert.False(await RabbitMqQueues.ExistsAsync(uri, $"{prefix}-probe_skipped"));
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task QuorumQueues_WhenConfigured_AreDeclaredAsQuorumQueues()
    {
        var probe = new Probe();
        var (host, uri, prefix) = await StartAsync(probe, quorum: true);
        using (host)
        {
            var factory = new ConnectionFactory { Uri = uri };
            await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);

            // Re-declaring the stage's queue as a classic queue must be refused: it exists with x-queue-type=quorum.
            var error = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.QueueDeclareAsync($"{prefix}-probe", durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("quorum", error.Message, StringComparison.OrdinalIgnoreCase);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private async Task<(IHost Host, Uri Uri, string Prefix)> StartAsync(Probe probe, bool quorum)
    {
        var uri = await broker.Broker.CreateVirtualHostAsync(TestContext.Current.CancellationToken);
        var prefix = RabbitMqBroker.NewPrefix();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = uri.ToString(),
            ["Messaging:EndpointPrefix"] = prefix,
            ["Messaging:QuorumQueues"] = quorum ? "true" : "false",
            ["Messaging:RetryCount"] = RetryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:RetryIntervalMilliseconds"] = "50",
        });
        builder.Services.AddSingleton(probe);
        builder.AddPipelineMessaging(bus =>
        {
            bus.AddStageConsumer<ProbeConsumer, DispatchReceived>(StageNames.Normalizer); // stands in for the normalizer
            bus.AddConsumer<RejectionListenerConsumer>();
        });
        var host = builder.Build();
        using var start = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        start.CancelAfter(Timeout);
        await host.StartAsync(start.Token);
        return (host, uri, prefix);
    }

    public sealed class Probe
    {
        public bool FailPermanently { get; init; }
        public int TransientFailures { get; init; }
        public Func<string, bool> AlwaysFails { get; init; } = _ => false;
        public ConcurrentDictionary<string, int> Attempts { get; } = new();
        public Signals<DispatchRejected> Rejected { get; } = new();
        public Signals<bool> Succeeded { get; } = new();
    }

    /// <summary>Completes a task per key when a value arrives.</summary>
    public sealed class Signals<T>
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<T>> _signals = new();

        public void Set(string key, T value) => Get(key).TrySetResult(value);

        public bool Contains(string key) => _signals.TryGetValue(key, out var tcs) && tcs.Task.IsCompleted;

        public Task<T> WaitAsync(string key, TimeSpan timeout) => Get(key).Task.WaitAsync(timeout);

        private TaskCompletionSource<T> Get(string key) => _signals.GetOrAdd(key, _ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public sealed class ProbeConsumer(Probe probe) : IConsumer<DispatchReceived>
    {
        public Task Consume(ConsumeContext<DispatchReceived> context)
        {
            var attempt = probe.Attempts.AddOrUpdate(context.Message.DispatchId, 1, (_, n) => n + 1);
            if (probe.FailPermanently)
            {
                throw new PermanentDispatchException(RejectionReasons.NoContent, "nothing to read");
            }

            if (probe.AlwaysFails(context.Message.DispatchId))
            {
                throw new InvalidOperationException($"always fails (attempt {attempt})");
            }

            if (attempt <= probe.TransientFailures)
            {
                throw new InvalidOperationException($"transient failure {attempt}");
            }

            probe.Succeeded.Set(context.Message.DispatchId, true);
            return Task.CompletedTask;
        }
    }

    public sealed class RejectionListenerConsumer(Probe probe) : IConsumer<DispatchRejected>
    {
        public Task Consume(ConsumeContext<DispatchRejected> context)
        {
            probe.Rejected.Set(context.Message.DispatchId, context.Message);
            return Task.CompletedTask;
        }
    }
}
