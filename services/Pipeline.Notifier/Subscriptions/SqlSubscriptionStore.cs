using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pipeline.Messaging.Routing;

namespace Pipeline.Notifier.Subscriptions;

/// <summary>
/// Webhook subscriptions in SQLite (one notifier) or PostgreSQL (replicas share them), one table, the same SQL for both
/// (times as ISO 8601 text). Every change is one statement, so concurrent deliveries and API calls never lose an update.
/// </summary>
public sealed class SqlSubscriptionStore : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Func<DbConnection> _connect;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    private const string Columns = "id, url, filter, secret, created_at, paused, consecutive_failures, delivered, failed, last_status, last_error, last_attempt_at, last_success_at";

    private SqlSubscriptionStore(Func<DbConnection> connect, NpgsqlDataSource? dataSource)
    {
        _connect = connect;
        _dataSource = dataSource;
    }

    public static SqlSubscriptionStore Sqlite(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        return new SqlSubscriptionStore(() => new SqliteConnection(connectionString), null);
    }

    public static SqlSubscriptionStore Postgres(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new SqlSubscriptionStore(dataSource.CreateConnection, dataSource);
    }

    public async Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await ExecuteAsync(
            $"INSERT INTO webhook_subscriptions ({Columns}) VALUES (@id, @url, @filter, @secret, @created, 0, 0, 0, 0, NULL, NULL, NULL, NULL)",
            cancellationToken,
            ("id", subscription.Id), ("url", subscription.Url.ToString()), ("filter", JsonSerializer.Serialize(subscription.Filter, Json)),
            ("secret", subscription.Secret), ("created", Time(subscription.CreatedAt))).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM webhook_subscriptions ORDER BY created_at, id", cancellationToken).ConfigureAwait(false);

    public async Task<int> CountAsync(CancellationToken cancellationToken) => (await ListAsync(cancellationToken).ConfigureAwait(false)).Count;

    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM webhook_subscriptions WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM webhook_subscriptions WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false) > 0;

    /// <summary>Active again, its failure count reset.</summary>
    public async Task<bool> ResumeAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE webhook_subscriptions SET paused = 0, consecutive_failures = 0 WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false) > 0;

    /// <summary>Records a delivery; the <paramref name="pauseAfter"/>th failure in a row pauses the subscription.</summary>
    public async Task RecordAsync(string id, DeliveryOutcome outcome, int pauseAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Succeeded)
        {
            await ExecuteAsync(
                "UPDATE webhook_subscriptions SET consecutive_failures = 0, delivered = delivered + 1, last_status = @status, last_error = NULL, last_attempt_at = @at, last_success_at = @at WHERE id = @id",
                cancellationToken, ("id", id), ("status", outcome.Status), ("at", Time(outcome.At))).ConfigureAwait(false);
            return;
        }

        await ExecuteAsync(
            "UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1, failed = failed + 1, last_status = @status, last_error = @error, last_attempt_at = @at, " +
            "paused = CASE WHEN consecutive_failures + 1 >= @pause THEN 1 ELSE paused END WHERE id = @id",
            cancellationToken, ("id", id), ("status", outcome.Status), ("error", outcome.Error), ("at", Time(outcome.At)), ("pause", pauseAfter)).ConfigureAwait(false);
    }

    private async Task EnsureTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _init.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    CREATE TABLE IF NOT EXISTS webhook_subscriptions (
                        id TEXT PRIMARY KEY, url TEXT NOT NULL, filter TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL,
                        paused INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL, delivered BIGINT NOT NULL, failed BIGINT NOT NULL,
                        last_status INTEGER NULL, last_error TEXT NULL, last_attempt_at TEXT NULL, last_success_at TEXT NULL)
                    """;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _init.Release();
        }
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<WebhookSubscription>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<WebhookSubscription>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new WebhookSubscription
            {
                Id = reader.GetString(0),
                Url = new Uri(reader.GetString(1)),
                Filter = JsonSerializer.Deserialize<ArticleFilter>(reader.GetString(2), Json) ?? new ArticleFilter(),
                Secret = reader.GetString(3),
                CreatedAt = ParseTime(reader.GetString(4)),
                Health = new SubscriptionHealth
                {
                    Paused = Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture) != 0,
                    ConsecutiveFailures = Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                    Delivered = Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture),
                    Failed = Convert.ToInt64(reader.GetValue(8), CultureInfo.InvariantCulture),
                    LastStatus = reader.IsDBNull(9) ? null : Convert.ToInt32(reader.GetValue(9), CultureInfo.InvariantCulture),
                    LastError = reader.IsDBNull(10) ? null : reader.GetString(10),
                    LastAttemptAt = reader.IsDBNull(11) ? null : ParseTime(reader.GetString(11)),
                    LastSuccessAt = reader.IsDBNull(12) ? null : ParseTime(reader.GetString(12)),
                },
            });
        }

        return list;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = name == "status" ? System.Data.DbType.Int32 : System.Data.DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _init.Dispose();
    }
}
