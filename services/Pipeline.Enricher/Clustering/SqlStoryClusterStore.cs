using System.Data.Common;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// The story-cluster algorithm over ADO.NET, written once: find an earlier assignment (idempotence), read
/// the best candidates by shared LSH bands, choose (<see cref="StoryClusterRules.Choose"/>), compare with
/// the cluster's founder, record the article and — for a cluster's first members — its band keys, all in
/// one transaction. A derived store supplies its dialect: connections, schema, the isolation that makes
/// assignments race-free, the candidate query and the band insert, and retries where its database needs them.
/// </summary>
public abstract class SqlStoryClusterStore : IStoryClusterStore, IDisposable
{
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private bool _initialized;

    /// <param name="commandTimeoutSeconds">Timeout of every statement.</param>
    protected SqlStoryClusterStore(int commandTimeoutSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(commandTimeoutSeconds, 1);
        CommandTimeoutSeconds = commandTimeoutSeconds;
    }

    /// <summary>Timeout of every statement, in seconds.</summary>
    protected int CommandTimeoutSeconds { get; }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<StoryCluster> AssignAsync(StorySketch sketch, double threshold, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await WithRetriesAsync(() => AssignOnceAsync(sketch, threshold, notBefore, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = before.ToUnixTimeMilliseconds();
        await using (var bands = Command(connection, transaction, "DELETE FROM story_bands WHERE seen_at < @before;", ("@before", cutoff)))
        {
            await bands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int removed;
        await using (var articles = Command(connection, transaction, "DELETE FROM story_articles WHERE seen_at < @before;", ("@before", cutoff)))
        {
            removed = await articles.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a connection ready for statements.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Creates the tables and indexes when they do not exist (safe when several processes start at once).</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The transaction an assignment runs in: one that makes two concurrent assignments see each other or fail.</summary>
    protected abstract Task<DbTransaction> BeginAssignmentAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// The query of candidates: articles seen at or after <paramref name="since"/> (Unix ms) sharing band keys
    /// with <paramref name="keys"/>, the most shared first, at most <see cref="StoryClusterRules.MaxCandidates"/>;
    /// columns article_id, cluster_id, founder_id, fingerprint, signature.
    /// </summary>
    protected abstract DbCommand CandidatesCommand(DbConnection connection, DbTransaction transaction, long[] keys, long since);

    /// <summary>Records the article's band keys.</summary>
    protected abstract Task InsertBandsAsync(DbConnection connection, DbTransaction transaction, string articleId, long[] keys, long seenAt, CancellationToken cancellationToken);

    /// <summary>Runs one assignment, again when the database asks for it (default: once).</summary>
    protected virtual Task<StoryCluster> WithRetriesAsync(Func<Task<StoryCluster>> assign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assign);
        return assign();
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _initialization.Dispose();
        }
    }

    /// <summary>A command with the store's timeout and the given parameters.</summary>
    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task<StoryCluster> AssignOnceAsync(StorySketch sketch, double threshold, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginAssignmentAsync(connection, cancellationToken).ConfigureAwait(false);

        if (await FindAsync(connection, transaction, sketch.ArticleId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return existing;
        }

        var keys = sketch.BandKeys();
        var candidates = keys.Length == 0 ? [] : await CandidatesAsync(connection, transaction, keys, notBefore, cancellationToken).ConfigureAwait(false);
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
            """,
            ("@id", sketch.ArticleId),
            ("@cluster", clusterId),
            ("@founder", founderId),
            ("@fingerprint", unchecked((long)sketch.Fingerprint)),
            ("@signature", StorySketch.ToBytes(sketch.Signature.Span)),
            ("@similarity", similarity),
            ("@seen", seenAt)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (keys.Length > 0 && indexBands)
        {
            await InsertBandsAsync(connection, transaction, sketch.ArticleId, keys, seenAt, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoryClusterRules.Result(clusterId, sketch.Fingerprint, similarity);
    }

    private async Task<StoryCluster?> FindAsync(DbConnection connection, DbTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, transaction, "SELECT cluster_id, fingerprint, similarity FROM story_articles WHERE article_id = @id;", ("@id", articleId));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? StoryClusterRules.Result(reader.GetString(0), unchecked((ulong)reader.GetInt64(1)), reader.GetDouble(2))
            : null;
    }

    private async Task<List<StoredStory>> CandidatesAsync(DbConnection connection, DbTransaction transaction, long[] keys, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var candidates = new List<StoredStory>();
        await using var query = CandidatesCommand(connection, transaction, keys, notBefore.ToUnixTimeMilliseconds());
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

        return candidates;
    }

    private async Task<long> MembersAsync(DbConnection connection, DbTransaction transaction, string clusterId, CancellationToken cancellationToken)
    {
        await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM story_articles WHERE cluster_id = @cluster;", ("@cluster", clusterId));
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<uint[]?> SignatureAsync(DbConnection connection, DbTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, "SELECT signature FROM story_articles WHERE article_id = @id;", ("@id", articleId));
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] bytes ? StorySketch.FromBytes(bytes) : null;
    }
}
