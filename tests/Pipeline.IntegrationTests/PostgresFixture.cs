using Pipeline.IntegrationTests;
using Pipeline.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Pipeline.IntegrationTests;

/// <summary>One real PostgreSQL for the whole test assembly (see <see cref="PostgresServer"/> for how it is found).</summary>
public sealed class PostgresFixture() : AssemblyResource<PostgresServer>(PostgresServer.StartAsync, "PostgreSQL")
{
    public PostgresServer Server => Resource;
}
