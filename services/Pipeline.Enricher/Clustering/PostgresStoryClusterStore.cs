using System.Data;
using Npgsql;
using NpgsqlTypes;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Story clusters in PostgreSQL (the distributed mode, several enricher replicas). Each assignment runs in
/// one SERIALIZABLE transaction: PostgreSQL's serializable snapshot isolation aborts one of two concurrent
/// assignments that each read the band keys the other writes (two near-duplicates arriving at two replicas
/// at once), and the aborted one is retried and then sees the other's row. Retries on serialization
/// failures, deadlocks and unique violations, with jittered back-off, a bounded number of times.
/// </summary>
public sealed class PostgresStoryClusterStore : IStoryClusterStore, IAsyncDisposable, IDisposable
{
    /// <summary>Attempts of one assignment before a serialization failure is passed on.</summary>
    public const int MaximumAttempts = 30;

    private const long SchemaLockKey = 0x5069_7065_436C_7573; // "PipeClus": serializes concurrent CREATE IF NOT EXISTS.

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
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _commandTimeoutSeconds;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private bool _initialized;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="commandTimeoutSeconds">Timeout of every statement and of opening a connection.</param>
    public PostgresStoryClusterStore(string connectionString, int commandTimeoutSeconds = 15)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(commandTimeoutSeconds, 1);
        _commandTimeoutSeconds = commandTimeoutSeconds;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = commandTimeoutSeconds,
            Timeout = Math.Min(commandTimeoutSeconds, 1024),
        };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key);"))
            {
                command.Parameters.AddWithValue("key", SchemaLockKey);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var create = Command(connection, transaction, Schema))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    public async Task<StoryCluster> AssignAsync(StorySketch sketch, double threshold, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AssignOnceAsync(sketch, threshold, notBefore, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (IsRetryable(exception) && attempt < MaximumAttempts)
            {
                var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + (5 * Math.Min(attempt, 20))));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _initialization.Dispose();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _initialization.Dispose();
    }

    private static bool IsRetryable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;

    private async Task<StoryCluster> AssignOnceAsync(StorySketch sketch, double threshold, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

        await using (var find = Command(connection, transaction, "SELECT cluster_id, fingerprint, similarity FROM story_articles WHERE article_id = @id;"))
        {
            find.Parameters.AddWithValue("id", sketch.ArticleId);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var existing = StoryClusterRules.Result(reader.GetString(0), unchecked((ulong)reader.GetInt64(1)), reader.GetDouble(2));
                await reader.DisposeAsync().ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return existing;
            }
        }

        var keys = sketch.BandKeys();
        var candidates = new List<StoredStory>();
        if (keys.Length > 0)
        {
            await using var query = Command(connection, transaction, """
                SELECT a.article_id, a.cluster_id, a.founder_id, a.fingerprint, a.signature
                FROM (SELECT b.article_id, COUNT(*) AS hits FROM story_bands b
                      WHERE b.band_key = ANY(@keys) AND b.seen_at >= @since
                      GROUP BY b.article_id ORDER BY hits DESC LIMIT @limit) c
                JOIN story_articles a ON a.article_id = c.article_id;
                """);
            query.Parameters.AddWithValue("limit", StoryClusterRules.MaxCandidates);
            query.Parameters.Add(new NpgsqlParameter<long[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = keys });
            query.Parameters.AddWithValue("since", notBefore.ToUnixTimeMilliseconds());
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                candidates.Add(new StoredStory(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    unchecked((ulong)reader.GetInt64(3)),
                    StorySketch.FromBytes(reader.GetFieldValue<byte[]>(4))));
            }
        }

        var choice = StoryClusterRules.Choose(sketch, candidates, threshold);
        string clusterId;
        string founderId;
        double similarity;
        if (choice is { } match)
        {
            clusterId = match.Story.ClusterId;
            founderId = match.Story.FounderId;
            var founder = founderId == match.Story.ArticleId ? match.Story.Signature : await SignatureAsync(connection, transaction, founderId, cancellationToken).ConfigureAwait(false);
            similarity = founder is null ? match.Resemblance : NearDuplicates.Resemblance(sketch.Signature.Span, founder);
        }
        else
        {
            clusterId = StoryClusterRules.ClusterIdFor(sketch.ArticleId);
            founderId = sketch.ArticleId;
            similarity = 1.0;
        }

        var indexBands = choice is null || await MembersAsync(connection, transaction, clusterId, cancellationToken).ConfigureAwait(false) < StoryClusterRules.MaxIndexedMembers;
        var seenAt = sketch.SeenAt.ToUnixTimeMilliseconds();
        const string InsertArticle = """
            INSERT INTO story_articles (article_id, cluster_id, founder_id, fingerprint, signature, similarity, seen_at)
            VALUES (@id, @cluster, @founder, @fingerprint, @signature, @similarity, @seen);
            """;
        const string InsertBands = """
            INSERT INTO story_bands (band_key, article_id, seen_at)
            SELECT k, @id, @seen FROM unnest(@keys) AS k;
            """;
        await using (var insert = Command(connection, transaction, indexBands ? InsertArticle + InsertBands : InsertArticle))
        {
            insert.Parameters.AddWithValue("id", sketch.ArticleId);
            insert.Parameters.AddWithValue("cluster", clusterId);
            insert.Parameters.AddWithValue("founder", founderId);
            insert.Parameters.AddWithValue("fingerprint", unchecked((long)sketch.Fingerprint));
            insert.Parameters.AddWithValue("signature", StorySketch.ToBytes(sketch.Signature.Span));
            insert.Parameters.AddWithValue("similarity", similarity);
            insert.Parameters.AddWithValue("seen", seenAt);
            if (indexBands)
            {
                insert.Parameters.Add(new NpgsqlParameter<long[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = keys });
            }

            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoryClusterRules.Result(clusterId, sketch.Fingerprint, similarity);
    }

    private async Task<long> MembersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string clusterId, CancellationToken cancellationToken)
    {
        await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM story_articles WHERE cluster_id = @cluster;");
        count.Parameters.AddWithValue("cluster", clusterId);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = before.ToUnixTimeMilliseconds();
        await using (var bands = Command(connection, transaction, "DELETE FROM story_bands WHERE seen_at < @before;"))
        {
            bands.Parameters.AddWithValue("before", cutoff);
            await bands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int removed;
        await using (var articles = Command(connection, transaction, "DELETE FROM story_articles WHERE seen_at < @before;"))
        {
            articles.Parameters.AddWithValue("before", cutoff);
            removed = await articles.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql) =>
        new(sql, connection, transaction) { CommandTimeout = _commandTimeoutSeconds };

    private async Task<uint[]?> SignatureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, "SELECT signature FROM story_articles WHERE article_id = @id;");
        query.Parameters.AddWithValue("id", articleId);
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] bytes ? StorySketch.FromBytes(bytes) : null;
    }
}
