using Npgsql;

namespace Pipeline.Testing;

/// <summary>
/// A real PostgreSQL for tests: <c>PIPELINE_TEST_POSTGRES</c> (a connection string to a server where
/// the tests may create databases; tests/run.sh sets it), else a private PostgreSQL cluster this
/// fixture starts itself (tests/postgres.sh) on a free loopback port. Fails with a clear message when
/// neither works. Each caller gets fresh databases, dropped on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Variable = "PIPELINE_TEST_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly Func<ValueTask> _stop;
    private readonly List<string> _databases = [];

    private PostgresServer(string adminConnectionString, Func<ValueTask> stop)
    {
        _adminConnectionString = adminConnectionString;
        _stop = stop;
    }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return new PostgresServer(configured, () => ValueTask.CompletedTask);
        }

        var script = Path.Combine(RepositoryLayout.Root, "tests", "postgres.sh");
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-postgres-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var port = RabbitMqBroker.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, output) = await ScriptRunner.RunAsync(script, ["start", folder, port], TimeSpan.FromSeconds(120), cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: {Variable} is not set and starting a private cluster failed: {output.Trim()}. " +
                "Run tests/run.sh, or set PIPELINE_TEST_POSTGRES to a connection string of a server where databases may be created.");
        }

        return new PostgresServer(output.Trim().Split('\n')[^1], async () =>
        {
            await ScriptRunner.RunAsync(script, ["stop", folder], TimeSpan.FromSeconds(60), CancellationToken.None);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Temp folder; left to the OS.
            }
            catch (UnauthorizedAccessException)
            {
                // Owned by the postgres user; left to the OS.
            }
        });
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "pipeline_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection) { CommandTimeout = 60 };
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Timeout = 15, CommandTimeout = 30 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection) { CommandTimeout = 60 };
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The server is going away with the run.
        }

        await _stop();
    }
}
