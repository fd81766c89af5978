using System.Globalization;
using Microsoft.Data.Sqlite;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Story clusters in a SQLite file (the embedded mode). Several processes on one machine may share the
/// file: each assignment runs in a <c>BEGIN IMMEDIATE</c> transaction, which takes SQLite's write lock
/// before the candidates are read, so two assignments never both miss each other. WAL journal; waits for
/// the lock up to the command timeout.
/// </summary>
public sealed class SqliteStoryClusterStore : IStoryClusterStore, IDisposable
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
        """;

    private readonly string _connectionString;
    private readonly int _commandTimeoutSeconds;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private bool _initialized;

    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <param name="commandTimeoutSeconds">Timeout of every statement, waiting for the write lock included.</param>
    public SqliteStoryClusterStore(string path, int commandTimeoutSeconds = 15)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(commandTimeoutSeconds, 1);
        var fullPath = Path.GetFullPath(path);
        if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _commandTimeoutSeconds = commandTimeoutSeconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = commandTimeoutSeconds,
        }.ToString();
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

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var wal = Command(connection, null, "PRAGMA journal_mode=WAL;"))
            {
                await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var create = Command(connection, null, Schema))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

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

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE: the write lock is held from the first read to the commit.
        await using var transaction = connection.BeginTransaction(deferred: false);

        var existing = await FindAsync(connection, transaction, sketch.ArticleId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return existing;
        }

        var keys = sketch.BandKeys();
        var candidates = await CandidatesAsync(connection, transaction, keys, notBefore, cancellationToken).ConfigureAwait(false);
        var choice = StoryClusterRules.Choose(sketch, candidates, threshold);

        string clusterId;
        string founderId;
        double similarity;
        if (choice is { } match)
        {
            clusterId = match.Story.ClusterId;
            founderId = match.Story.FounderId;
            var founder = founderId == match.Story.ArticleId
                ? match.Story.Signature
                : await SignatureAsync(connection, transaction, founderId, cancellationToken).ConfigureAwait(false);
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
        await using (var insert = Command(connection, transaction, """
            INSERT INTO story_articles (article_id, cluster_id, founder_id, fingerprint, signature, similarity, seen_at)
            VALUES (@id, @cluster, @founder, @fingerprint, @signature, @similarity, @seen);
            """))
        {
            insert.Parameters.AddWithValue("@id", sketch.ArticleId);
            insert.Parameters.AddWithValue("@cluster", clusterId);
            insert.Parameters.AddWithValue("@founder", founderId);
            insert.Parameters.AddWithValue("@fingerprint", unchecked((long)sketch.Fingerprint));
            insert.Parameters.AddWithValue("@signature", StorySketch.ToBytes(sketch.Signature.Span));
            insert.Parameters.AddWithValue("@similarity", similarity);
            insert.Parameters.AddWithValue("@seen", seenAt);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (keys.Length > 0 && indexBands)
        {
            await using var band = Command(connection, transaction, "INSERT INTO story_bands (band_key, article_id, seen_at) VALUES (@key, @id, @seen);");
            var key = band.Parameters.Add("@key", SqliteType.Integer);
            band.Parameters.AddWithValue("@id", sketch.ArticleId);
            band.Parameters.AddWithValue("@seen", seenAt);
            foreach (var value in keys)
            {
                key.Value = value;
                await band.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoryClusterRules.Result(clusterId, sketch.Fingerprint, similarity);
    }

    /// <summary>Releases the pooled connections to the file.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initialization.Dispose();
    }

    /// <inheritdoc/>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var cutoff = before.ToUnixTimeMilliseconds();
        await using (var bands = Command(connection, transaction, "DELETE FROM story_bands WHERE seen_at < @before;"))
        {
            bands.Parameters.AddWithValue("@before", cutoff);
            await bands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int removed;
        await using (var articles = Command(connection, transaction, "DELETE FROM story_articles WHERE seen_at < @before;"))
        {
            articles.Parameters.AddWithValue("@before", cutoff);
            removed = await articles.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // synchronous=NORMAL in WAL mode: a commit survives a crash of the process (not of the machine's
            // power), and costs no fsync per article. The clusters are derived data; the articles are safe in the index.
            await using var busy = Command(connection, null, "PRAGMA busy_timeout = " + (_commandTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture) + "; PRAGMA synchronous = NORMAL;");
            await busy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = _commandTimeoutSeconds;
        return command;
    }

    private async Task<StoryCluster?> FindAsync(SqliteConnection connection, SqliteTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, transaction, "SELECT cluster_id, fingerprint, similarity FROM story_articles WHERE article_id = @id;");
        find.Parameters.AddWithValue("@id", articleId);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? StoryClusterRules.Result(reader.GetString(0), unchecked((ulong)reader.GetInt64(1)), reader.GetDouble(2))
            : null;
    }

    private async Task<long> MembersAsync(SqliteConnection connection, SqliteTransaction transaction, string clusterId, CancellationToken cancellationToken)
    {
        await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM story_articles WHERE cluster_id = @cluster;");
        count.Parameters.AddWithValue("@cluster", clusterId);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<List<StoredStory>> CandidatesAsync(
        SqliteConnection connection, SqliteTransaction transaction, long[] keys, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var candidates = new List<StoredStory>();
        if (keys.Length == 0)
        {
            return candidates;
        }

        var names = keys.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var query = Command(connection, transaction, $"""
            SELECT a.article_id, a.cluster_id, a.founder_id, a.fingerprint, a.signature
            FROM (SELECT b.article_id, COUNT(*) AS hits FROM story_bands b
                  WHERE b.band_key IN ({string.Join(", ", names)}) AND b.seen_at >= @since
                  GROUP BY b.article_id ORDER BY hits DESC LIMIT {StoryClusterRules.MaxCandidates}) c
            JOIN story_articles a ON a.article_id = c.article_id;
            """);
        for (var i = 0; i < keys.Length; i++)
        {
            query.Parameters.AddWithValue(names[i], keys[i]);
        }

        query.Parameters.AddWithValue("@since", notBefore.ToUnixTimeMilliseconds());
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            candidates.Add(new StoredStory(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                unchecked((ulong)reader.GetInt64(3)),
                StorySketch.FromBytes((byte[])reader.GetValue(4))));
        }

        return candidates;
    }

    private async Task<uint[]?> SignatureAsync(SqliteConnection connection, SqliteTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, "SELECT signature FROM story_articles WHERE article_id = @id;");
        query.Parameters.AddWithValue("@id", articleId);
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] bytes ? StorySketch.FromBytes(bytes) : null;
    }
}
