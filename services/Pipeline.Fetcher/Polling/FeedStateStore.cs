using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Pipeline.Fetcher.Polling;

/// <summary>What the fetcher remembers about one feed: validators, last body hash and health.</summary>
public sealed record FeedState
{
    /// <summary>The feed's source id (<c>Fetcher:Feeds:N:SourceId</c>); stored in the column <c>feed_id</c>, which keeps its name so existing state files still open.</summary>
    public required string SourceId { get; init; }

    /// <summary>ETag of the last published response, sent back as If-None-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>Last-Modified of the last published response, sent back as If-Modified-Since.</summary>
    public string? LastModified { get; init; }

    /// <summary>SHA-256 (hex) of the last published body.</summary>
    public string? LastBodyHash { get; init; }

    /// <summary>Last HTTP status, or 0 when the request never got an answer.</summary>
    public int LastStatus { get; init; }

    /// <summary>Outcome of the last poll (see <see cref="PollOutcome"/>).</summary>
    public string? LastOutcome { get; init; }

    /// <summary>Why the last poll failed, when it did.</summary>
    public string? LastError { get; init; }

    public int ConsecutiveFailures { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When the feed is due again.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>Polls since the last unconditional fetch.</summary>
    public int PollsSinceUnconditional { get; init; }
}

/// <summary>Per-feed state in a SQLite file (<c>Fetcher:StatePath</c>).</summary>
public sealed class FeedStateStore
{
    private readonly string _connectionString;
    private volatile bool _initialized;

    public FeedStateStore(IOptions<FetcherOptions> options)
        : this(options?.Value.StatePath ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public FeedStateStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    public async Task<FeedState?> GetAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM feed_state WHERE feed_id = $id";
        command.Parameters.AddWithValue("$id", sourceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<FeedState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM feed_state ORDER BY feed_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<FeedState>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(Read(reader));
        }

        return states;
    }

    public async Task SaveAsync(FeedState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO feed_state (feed_id, etag, last_modified, last_body_hash, last_status, last_outcome, last_error,
                consecutive_failures, last_success_at, last_attempt_at, next_due_at, polls_since_unconditional)
            VALUES ($id, $etag, $lastModified, $hash, $status, $outcome, $error, $failures, $success, $attempt, $due, $polls)
            ON CONFLICT (feed_id) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified, last_body_hash = excluded.last_body_hash,
                last_status = excluded.last_status, last_outcome = excluded.last_outcome, last_error = excluded.last_error,
                consecutive_failures = excluded.consecutive_failures, last_success_at = excluded.last_success_at,
                last_attempt_at = excluded.last_attempt_at, next_due_at = excluded.next_due_at,
                polls_since_unconditional = excluded.polls_since_unconditional
            """;
        command.Parameters.AddWithValue("$id", state.SourceId);
        command.Parameters.AddWithValue("$etag", (object?)state.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue("$lastModified", (object?)state.LastModified ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", (object?)state.LastBodyHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", state.LastStatus);
        command.Parameters.AddWithValue("$outcome", (object?)state.LastOutcome ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)state.LastError ?? DBNull.Value);
        command.Parameters.AddWithValue("$failures", state.ConsecutiveFailures);
        command.Parameters.AddWithValue("$success", Format(state.LastSuccessAt));
        command.Parameters.AddWithValue("$attempt", Format(state.LastAttemptAt));
        command.Parameters.AddWithValue("$due", Format(state.NextDueAt));
        command.Parameters.AddWithValue("$polls", state.PollsSinceUnconditional);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The items last announced for a feed: key → (content hash, version).</summary>
    public async Task<IReadOnlyDictionary<string, (string Hash, int Version)>> GetItemsAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_key, content_hash, version FROM feed_items WHERE feed_id = $id";
        command.Parameters.AddWithValue("$id", sourceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
        }

        return items;
    }

    /// <summary>
    /// Records the items just announced (or confirmed unchanged) with their hash and version, and forgets items of the
    /// feed not seen since <paramref name="forgetBefore"/>, so the ledger stays as large as the feed's recent window.
    /// </summary>
    public async Task SaveItemsAsync(string sourceId, IEnumerable<(string Key, string Hash, int Version)> items, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO feed_items (feed_id, item_key, content_hash, version, last_seen_at) VALUES ($feed, $key, $hash, $version, $seen)
                ON CONFLICT (feed_id, item_key) DO UPDATE SET content_hash = excluded.content_hash, version = excluded.version, last_seen_at = excluded.last_seen_at
                """;
            upsert.Parameters.AddWithValue("$feed", sourceId);
            var key = upsert.Parameters.Add("$key", SqliteType.Text);
            var hash = upsert.Parameters.Add("$hash", SqliteType.Text);
            var version = upsert.Parameters.Add("$version", SqliteType.Integer);
            upsert.Parameters.AddWithValue("$seen", Format(now));
            foreach (var item in items)
            {
                key.Value = item.Key;
                hash.Value = item.Hash;
                version.Value = item.Version;
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var prune = connection.CreateCommand())
        {
            prune.Transaction = transaction;
            prune.CommandText = "DELETE FROM feed_items WHERE feed_id = $feed AND last_seen_at < $before";
            prune.Parameters.AddWithValue("$feed", sourceId);
            prune.Parameters.AddWithValue("$before", Format(forgetBefore));
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string Columns = "feed_id, etag, last_modified, last_body_hash, last_status, last_outcome, last_error, consecutive_failures, last_success_at, last_attempt_at, next_due_at, polls_since_unconditional";

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // Idempotent: two connections racing here both run CREATE TABLE IF NOT EXISTS.
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS feed_state (
                feed_id TEXT PRIMARY KEY NOT NULL,
                etag TEXT NULL,
                last_modified TEXT NULL,
                last_body_hash TEXT NULL,
                last_status INTEGER NOT NULL DEFAULT 0,
                last_outcome TEXT NULL,
                last_error TEXT NULL,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                last_success_at TEXT NULL,
                last_attempt_at TEXT NULL,
                next_due_at TEXT NULL,
                polls_since_unconditional INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS feed_items (
                feed_id TEXT NOT NULL,
                item_key TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                version INTEGER NOT NULL,
                last_seen_at TEXT NOT NULL,
                PRIMARY KEY (feed_id, item_key)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _initialized = true;
    }

    private static FeedState Read(SqliteDataReader reader) => new()
    {
        SourceId = reader.GetString(0),
        ETag = reader.IsDBNull(1) ? null : reader.GetString(1),
        LastModified = reader.IsDBNull(2) ? null : reader.GetString(2),
        LastBodyHash = reader.IsDBNull(3) ? null : reader.GetString(3),
        LastStatus = reader.GetInt32(4),
        LastOutcome = reader.IsDBNull(5) ? null : reader.GetString(5),
        LastError = reader.IsDBNull(6) ? null : reader.GetString(6),
        ConsecutiveFailures = reader.GetInt32(7),
        LastSuccessAt = Parse(reader, 8),
        LastAttemptAt = Parse(reader, 9),
        NextDueAt = Parse(reader, 10),
        PollsSinceUnconditional = reader.GetInt32(11),
    };

    private static object Format(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;

    private static DateTimeOffset? Parse(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
