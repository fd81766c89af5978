using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Story clusters in a SQLite file (the embedded mode). Several processes on one machine may share the
/// file: each assignment runs in a <c>BEGIN IMMEDIATE</c> transaction, which takes SQLite's write lock
/// before the candidates are read, so two assignments never both miss each other. WAL journal; waits for
/// the lock up to the command timeout.
/// </summary>
public sealed class SqliteStoryClusterStore : SqlStoryClusterStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS story_articles (
            article_id  TEXT    NOT NULL PRIMARY KEY,
            cluster_id  TEXT    NOT NULL,
            founder_id  TEXT    NOT NULL,
            fingerprint INTEGER NOT NULL,
            signature   BLOB    NOT NULL,
            similarity  REAL    NOT NULL,
            seen_at     INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_articles_cluster ON story_articles (cluster_id);
        CREATE TABLE IF NOT EXISTS story_bands (
            band_key   INTEGER NOT NULL,
            article_id TEXT    NOT NULL,
            seen_at    INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_bands_key ON story_bands (band_key, seen_at);
        CREATE TABLE IF NOT EXISTS story_members (
            article_id   TEXT    NOT NULL PRIMARY KEY,
            event_id     TEXT    NOT NULL,
            duplicate_of TEXT    NULL,
            similarity   REAL    NOT NULL,
            seen_at      INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_members_seen ON story_members (seen_at);
        CREATE TABLE IF NOT EXISTS story_events (
            event_id   TEXT    NOT NULL PRIMARY KEY,
            founder_id TEXT    NOT NULL,
            centroid   BLOB    NOT NULL,
            languages  TEXT    NOT NULL,
            members    INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen  INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS story_event_terms (
            term      INTEGER NOT NULL,
            event_id  TEXT    NOT NULL,
            last_seen INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_event_terms_term ON story_event_terms (term, last_seen);
        CREATE INDEX IF NOT EXISTS story_event_terms_event ON story_event_terms (event_id);
        CREATE TABLE IF NOT EXISTS story_terms (
            term INTEGER NOT NULL,
            day  INTEGER NOT NULL,
            df   INTEGER NOT NULL,
            PRIMARY KEY (term, day)
        );
        """;

    private readonly string _connectionString;
    private readonly SqliteConnection? _keepAlive;

    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <param name="commandTimeoutSeconds">Timeout of every statement, waiting for the write lock included.</param>
    public SqliteStoryClusterStore(string path, int commandTimeoutSeconds = 15)
        : base(commandTimeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = commandTimeoutSeconds,
        }.ToString();
    }

    private SqliteStoryClusterStore(string connectionString, SqliteConnection keepAlive, int commandTimeoutSeconds)
        : base(commandTimeoutSeconds)
    {
        _connectionString = connectionString;
        _keepAlive = keepAlive;
    }

    /// <summary>A private in-memory store (evaluation runs, tests): it lives until the store is disposed.</summary>
    public static SqliteStoryClusterStore InMemory(int commandTimeoutSeconds = 15)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = "pipeline-stories-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            DefaultTimeout = commandTimeoutSeconds,
        }.ToString();
        var keepAlive = new SqliteConnection(connectionString);
        keepAlive.Open();
        return new SqliteStoryClusterStore(connectionString, keepAlive, commandTimeoutSeconds);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // synchronous=NORMAL in WAL mode: a commit survives a crash of the process (not of the machine's
            // power), and costs no fsync per article. The clusters are derived data; the articles are safe in the index.
            await using var busy = Command(connection, null, "PRAGMA busy_timeout = " + (CommandTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture) + "; PRAGMA synchronous = NORMAL;");
            await busy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var wal = Command(connection, null, "PRAGMA journal_mode=WAL;"))
        {
            await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var create = Command(connection, null, Schema);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>BEGIN IMMEDIATE: the write lock is held from the first read to the commit.</summary>
    protected override Task<DbTransaction> BeginAssignmentAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override DbCommand CandidatesCommand(DbConnection connection, DbTransaction transaction, long[] keys, long since)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var names = keys.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Command(connection, transaction, $"""
            SELECT a.article_id, a.cluster_id, a.founder_id, a.fingerprint, a.signature
            FROM (SELECT b.article_id, COUNT(*) AS hits FROM story_bands b
                  WHERE b.band_key IN ({string.Join(", ", names)}) AND b.seen_at >= @since
                  GROUP BY b.article_id ORDER BY hits DESC LIMIT {StoryClusterRules.MaxCandidates}) c
            JOIN story_articles a ON a.article_id = c.article_id;
            """,
            [.. names.Select((name, i) => (name, (object)keys[i])), ("@since", since)]);
    }

    protected override async Task InsertBandsAsync(DbConnection connection, DbTransaction transaction, string articleId, long[] keys, long seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var band = Command(connection, transaction, "INSERT INTO story_bands (band_key, article_id, seen_at) VALUES (@key, @id, @seen);",
            ("@key", 0L), ("@id", articleId), ("@seen", seenAt));
        foreach (var value in keys)
        {
            band.Parameters["@key"].Value = value;
            await band.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the pooled connections to the file.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
            _keepAlive?.Dispose();
        }

        base.Dispose(disposing);
    }
}
