using Pipeline.IntegrationTests;
using Pipeline.Testing;

[assembly: AssemblyFixture(typeof(BrokerFixture))]

namespace Pipeline.IntegrationTests;

/// <summary>One real RabbitMQ for the whole test assembly (see <see cref="RabbitMqBroker"/> for how it is found).</summary>
public sealed class BrokerFixture() : AssemblyResource<RabbitMqBroker>(RabbitMqBroker.StartAsync, "broker")
{
    public RabbitMqBroker Broker => Resource;

    /// <summary>
    /// A run of its own on the shared broker: a fresh virtual host, a random endpoint prefix and a new temp folder
    /// (<c>pipeline-&lt;name&gt;-…</c>) for the workers' data, so tests and earlier runs never see each other's queues or files.
    /// </summary>
    public async Task<BrokerRun> NewRunAsync(string name, CancellationToken cancellationToken) =>
        new(await Broker.CreateVirtualHostAsync(cancellationToken), RabbitMqBroker.NewPrefix(),
            Path.Combine(Path.GetTempPath(), $"pipeline-{name}-" + Guid.NewGuid().ToString("N")[..8]));
}

/// <summary>What <see cref="BrokerFixture.NewRunAsync"/> gives: the virtual host's URI, the endpoint prefix, the data folder.</summary>
public sealed record BrokerRun(Uri BrokerUri, string Prefix, string Data);
