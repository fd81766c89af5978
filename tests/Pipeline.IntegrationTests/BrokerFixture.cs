using Pipeline.IntegrationTests;
using Pipeline.Testing;

[assembly: AssemblyFixture(typeof(BrokerFixture))]

namespace Pipeline.IntegrationTests;

/// <summary>One real RabbitMQ for the whole test assembly (see <see cref="RabbitMqBroker"/> for how it is found).</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private RabbitMqBroker? _broker;

    public RabbitMqBroker Broker => _broker ?? throw new InvalidOperationException("The broker fixture has not started.");

    public async ValueTask InitializeAsync() => _broker = await RabbitMqBroker.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
