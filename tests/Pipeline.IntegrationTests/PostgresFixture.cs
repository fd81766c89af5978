using Pipeline.IntegrationTests;
using Pipeline.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Pipeline.IntegrationTests;

/// <summary>One real PostgreSQL for the whole test assembly (see <see cref="PostgresServer"/> for how it is found).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
