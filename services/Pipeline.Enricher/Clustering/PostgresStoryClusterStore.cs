using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Story clusters in PostgreSQL (the distributed mode, several enricher replicas). Each assignment runs in one
/// transaction that first takes a transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>) shared by every
/// replica, at READ COMMITTED: assignments run one at a time, each statement sees every assignment committed
/// before it, and the lock is released by the commit. So two replicas decide exactly as one process would (two
/// first reports of an event arriving at once: the second sees the first's story and its document frequencies),
/// which serializable snapshot isolation alone did not give (the frequencies that weigh a signature are read and
/// counted by every assignment). The lock is held only for the store's statements (a few milliseconds), not while
/// the article is enriched. Retries deadlocks, serialization failures and unique violations (none is expected
/// under the lock) with jittered back-off, a bounded number of times.
/// </summary>
public sealed class PostgresStoryClusterStore : SqlStoryClusterStore, IAsyncDisposable
{
    /// <summary>Attempts of one assignment before a serialization failure is passed on.</summary>
    public const int MaximumAttempts = 30;

    private const long SchemaLockKey = 0x5069_7065_436C_7573; // "PipeClus": serializes concurrent CREATE IF NOT EXISTS.
    private const long AssignmentLockKey = 0x5069_7065_5374_7279; // "PipeStry": one assignment (or pruning) at a time.

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS story_articles (
            article_id  text             NOT NULL PRIMARY KEY,
            cluster_id  text             NOT NULL,
            founder_id  text             NOT NULL,
            fingerprint bigint           NOT NULL,
            signature   bytea            NOT NULL,
            similarity  double precision NOT NULL,
            seen_at     bigint           NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_articles_cluster ON story_articles (cluster_id);
        CREATE TABLE IF NOT EXISTS story_bands (
            band_key   bigint NOT NULL,
            article_id text   NOT NULL,
            seen_at    bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_bands_key ON story_bands (band_key, seen_at);
        CREATE TABLE IF NOT EXISTS story_members (
            article_id   text    NOT NULL PRIMARY KEY,
            event_id     text    NOT NULL,
            duplicate_of text    NULL,
            similarity   double precision NOT NULL,
            seen_at      bigint   NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_members_seen ON story_members (seen_at);
        CREATE TABLE IF NOT EXISTS story_events (
            event_id   text    NOT NULL PRIMARY KEY,
            founder_id text    NOT NULL,
            centroid   bytea   NOT NULL,
            languages  text    NOT NULL,
            members    bigint   NOT NULL,
            first_seen bigint   NOT NULL,
            last_seen  bigint   NOT NULL
        );
        CREATE TABLE IF NOT EXISTS story_event_terms (
            term      bigint   NOT NULL,
            event_id  text    NOT NULL,
            last_seen bigint   NOT NULL
        );
        CREATE INDEX IF NOT EXISTS story_event_terms_term ON story_event_terms (term, last_seen);
        CREATE INDEX IF NOT EXISTS story_event_terms_event ON story_event_terms (event_id);
        CREATE TABLE IF NOT EXISTS story_terms (
            term bigint   NOT NULL,
            day  bigint   NOT NULL,
            df   bigint   NOT NULL,
            PRIMARY KEY (term, day)
        );
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="commandTimeoutSeconds">Timeout of every statement and of opening a connection.</param>
    public PostgresStoryClusterStore(string connectionString, int commandTimeoutSeconds = 15)
        : base(commandTimeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = commandTimeoutSeconds,
            Timeout = Math.Min(commandTimeoutSeconds, 1024),
        };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        base.Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Under an advisory lock, so replicas starting together do not race on CREATE IF NOT EXISTS.</summary>
    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key);", ("@key", SchemaLockKey)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = Command(connection, transaction, Schema))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// READ COMMITTED, then the shared advisory lock. Not SERIALIZABLE: its snapshot would be taken by the lock
    /// statement before the lock is granted, and miss what the previous holder committed.
    /// </summary>
    protected override async Task<DbTransaction> BeginAssignmentAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key);", ("@key", AssignmentLockKey));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override DbCommand CandidatesCommand(DbConnection connection, DbTransaction transaction, long[] keys, long since)
    {
        var query = Command(connection, transaction, """
            SELECT a.article_id, a.cluster_id, a.founder_id, a.fingerprint, a.signature
            FROM (SELECT b.article_id, COUNT(*) AS hits FROM story_bands b
                  WHERE b.band_key = ANY(@keys) AND b.seen_at >= @since
                  GROUP BY b.article_id ORDER BY hits DESC LIMIT @limit) c
            JOIN story_articles a ON a.article_id = c.article_id;
            """, ("@since", since), ("@limit", StoryClusterRules.MaxCandidates));
        query.Parameters.Add(new NpgsqlParameter<long[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = keys });
        return query;
    }

    protected override async Task InsertBandsAsync(DbConnection connection, DbTransaction transaction, string articleId, long[] keys, long seenAt, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO story_bands (band_key, article_id, seen_at)
            SELECT k, @id, @seen FROM unnest(@keys) AS k;
            """, ("@id", articleId), ("@seen", seenAt));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = keys });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Serialization failures, deadlocks and unique violations: retried with jittered back-off, up to <see cref="MaximumAttempts"/>.</summary>
    protected override async Task<T> WithRetriesAsync<T>(Func<Task<T>> assign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assign);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await assign().ConfigureAwait(false);
            }
            catch (PostgresException exception) when (IsRetryable(exception) && attempt < MaximumAttempts)
            {
                var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + (5 * Math.Min(attempt, 20))));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsRetryable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;
}
