using System.Data.Common;
using System.Globalization;
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
    /// <remarks>
    /// Everything the decision depends on — the earlier assignment, the near-duplicate candidates, the document
    /// frequencies that weigh the event signature, the active stories — is read inside the assignment's
    /// transaction, and the article's own frequencies are counted in it before the commit. The store's
    /// transaction admits one assignment at a time (<see cref="BeginAssignmentAsync"/>), so replicas that share
    /// it decide exactly as one process taking the articles in the order they reached the store.
    /// </remarks>
    public async Task<StoryCluster> AssignAsync(StorySketch sketch, AssignmentRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        ArgumentNullException.ThrowIfNull(rules);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await WithRetriesAsync(() => AssignOnceAsync(sketch, rules, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginAssignmentAsync(connection, cancellationToken).ConfigureAwait(false);
        var cutoff = before.ToUnixTimeMilliseconds();
        foreach (var (sql, value) in new[]
        {
            ("DELETE FROM story_bands WHERE seen_at < @before;", cutoff),
            ("DELETE FROM story_members WHERE seen_at < @before;", cutoff),
            ("DELETE FROM story_event_terms WHERE event_id IN (SELECT event_id FROM story_events WHERE last_seen < @before);", cutoff),
            ("DELETE FROM story_events WHERE last_seen < @before;", cutoff),
            ("DELETE FROM story_terms WHERE day < @before;", Day(cutoff)),
        })
        {
            await using var delete = Command(connection, transaction, sql, ("@before", value));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The transaction an assignment (or a pruning) runs in: it admits one at a time across every process sharing
    /// the store, and every statement in it sees what the assignments before it committed.
    /// </summary>
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
    protected virtual Task<T> WithRetriesAsync<T>(Func<Task<T>> assign, CancellationToken cancellationToken)
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

    private static long Day(long unixMilliseconds) => unixMilliseconds / 86_400_000;

    private async Task<StoryCluster> AssignOnceAsync(StorySketch sketch, AssignmentRules rules, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginAssignmentAsync(connection, cancellationToken).ConfigureAwait(false);

        if (await FindAsync(connection, transaction, sketch.ArticleId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return existing;
        }

        var terms = sketch.EventTerms;
        var vector = terms.Count == 0
            ? []
            : StoryVectors.Weigh(terms, await FrequenciesAsync(connection, transaction, terms, rules.FrequenciesSince, cancellationToken).ConfigureAwait(false));

        // The finer level: a near-duplicate of an article seen within the window.
        var keys = sketch.BandKeys();
        var candidates = keys.Length == 0 ? [] : await CandidatesAsync(connection, transaction, keys, rules.DuplicatesSince, cancellationToken).ConfigureAwait(false);
        var choice = StoryClusterRules.Choose(sketch, candidates, rules.DuplicateThreshold);

        string duplicateClusterId;
        string founderId;
        string? duplicateOf = null;
        string? storyId = null;
        StoredEvent? story = null;
        double similarity;
        if (choice is { } match)
        {
            duplicateClusterId = match.Story.ClusterId;
            founderId = match.Story.FounderId;
            duplicateOf = founderId;
            var founder = founderId == match.Story.ArticleId
                ? match.Story.Signature
                : await SignatureAsync(connection, transaction, founderId, cancellationToken).ConfigureAwait(false);
            similarity = founder is null ? match.Resemblance : NearDuplicates.Resemblance(sketch.Signature.Span, founder);

            // A copy joins its original's story (an article clustered before stories existed: its cluster id is the story id).
            storyId = await StoryOfAsync(connection, transaction, match.Story.ArticleId, cancellationToken).ConfigureAwait(false) ?? duplicateClusterId;
            story = await EventAsync(connection, transaction, storyId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            duplicateClusterId = StoryClusterRules.ClusterIdFor(sketch.ArticleId);
            founderId = sketch.ArticleId;
            similarity = 1.0;

            // The event level: the most similar active story.
            if (vector.Length > 0)
            {
                var stories = await EventCandidatesAsync(connection, transaction, StoryVectors.Top(vector, StoryVectors.IndexedTerms), rules.StoriesSince, cancellationToken).ConfigureAwait(false);
                if (StoryClusterRules.ChooseStory(vector, stories, rules) is { } best)
                {
                    story = best.Story;
                    storyId = best.Story.EventId;
                    similarity = best.Similarity;
                }
            }
        }

        var seenAt = sketch.SeenAt.ToUnixTimeMilliseconds();
        var indexBands = choice is null || await MembersAsync(connection, transaction, duplicateClusterId, cancellationToken).ConfigureAwait(false) < StoryClusterRules.MaxIndexedMembers;
        await using (var insert = Command(connection, transaction, """
            INSERT INTO story_articles (article_id, cluster_id, founder_id, fingerprint, signature, similarity, seen_at)
            VALUES (@id, @cluster, @founder, @fingerprint, @signature, @similarity, @seen);
            """,
            ("@id", sketch.ArticleId),
            ("@cluster", duplicateClusterId),
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

        storyId ??= StoryClusterRules.ClusterIdFor(sketch.ArticleId);
        if (choice is null || story is null)
        {
            // A copy of a text its story already holds adds nothing to the centroid: it is recorded as a member
            // only, so the many copies of one wire item do not all write the story's row (contention between replicas).
            await SaveEventAsync(connection, transaction, storyId, story, sketch.ArticleId, vector, seenAt, cancellationToken).ConfigureAwait(false);
        }
        await using (var member = Command(connection, transaction, """
            INSERT INTO story_members (article_id, event_id, duplicate_of, similarity, seen_at)
            VALUES (@id, @event, @duplicate, @similarity, @seen);
            """,
            ("@id", sketch.ArticleId),
            ("@event", storyId),
            ("@duplicate", (object?)duplicateOf ?? DBNull.Value),
            ("@similarity", similarity),
            ("@seen", seenAt)))
        {
            await member.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Document frequencies count distinct texts: a republished copy is no new evidence that its words are common,
        // and counting the copies of a much-syndicated item would make its own terms weigh less against its rewrites.
        if (terms.Count > 0 && choice is null)
        {
            await CountFrequenciesAsync(connection, transaction, terms, sketch.SeenAt, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoryClusterRules.Result(storyId, sketch.Fingerprint, similarity, duplicateOf);
    }

    /// <summary>
    /// Creates the story or merges the article into its centroid (bounded), and rewrites the story's indexed
    /// terms (its heaviest <see cref="StoryVectors.IndexedTerms"/>): a constant amount of work per article.
    /// </summary>
    private async Task SaveEventAsync(DbConnection connection, DbTransaction transaction, string storyId, StoredEvent? story, string articleId, EventTerm[] vector, long seenAt, CancellationToken cancellationToken)
    {
        var centroid = story is null ? StoryVectors.Centroid(vector) : StoryVectors.Merge(story.Centroid, vector);
        var sql = story is null
            ? """
              INSERT INTO story_events (event_id, founder_id, centroid, languages, members, first_seen, last_seen)
              VALUES (@event, @founder, @centroid, @languages, 1, @seen, @seen);
              """
            : """
              UPDATE story_events SET centroid = @centroid, languages = @languages, members = members + 1,
                  last_seen = CASE WHEN last_seen > @seen THEN last_seen ELSE @seen END
              WHERE event_id = @event;
              """;
        (string, object)[] parameters = [("@event", storyId), ("@centroid", StoryVectors.ToBytes(centroid)), ("@languages", StoryVectors.Languages(centroid)), ("@seen", seenAt)];
        await using (var save = Command(connection, transaction, sql, story is null ? [.. parameters, ("@founder", articleId)] : parameters))
        {
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The index rows change only when the story's heaviest terms do (rarely, once a story has a few
        // members): fewer writes, and fewer conflicts with replicas reading those rows.
        var indexed = StoryVectors.Top(centroid, StoryVectors.IndexedTerms);
        if (story is not null && StoryVectors.Top(story.Centroid, StoryVectors.IndexedTerms).Select(t => t.Term).Order().SequenceEqual(indexed.Select(t => t.Term).Order()))
        {
            return;
        }

        if (story is not null)
        {
            await using var delete = Command(connection, transaction, "DELETE FROM story_event_terms WHERE event_id = @event;", ("@event", storyId));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (indexed.Length == 0)
        {
            return;
        }

        var values = string.Join(", ", indexed.Select((_, i) => $"(@t{i}, @event, @seen)"));
        await using var insert = Command(connection, transaction, $"INSERT INTO story_event_terms (term, event_id, last_seen) VALUES {values};",
            [.. indexed.Select((t, i) => ("@t" + i.ToString(CultureInfo.InvariantCulture), (object)t.Term)), ("@event", storyId), ("@seen", seenAt)]);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<StoredEvent>> EventCandidatesAsync(DbConnection connection, DbTransaction transaction, EventTerm[] terms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var names = terms.Select((_, i) => "@t" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var query = Command(connection, transaction, $"""
            SELECT e.event_id, e.centroid, e.last_seen
            FROM (SELECT t.event_id, COUNT(*) AS hits FROM story_event_terms t JOIN story_events s ON s.event_id = t.event_id
                  WHERE t.term IN ({string.Join(", ", names)}) AND s.last_seen >= @since
                  GROUP BY t.event_id ORDER BY hits DESC, t.event_id LIMIT {StoryVectors.MaxCandidates}) c
            JOIN story_events e ON e.event_id = c.event_id;
            """,
            [.. names.Select((name, i) => (name, (object)terms[i].Term)), ("@since", since.ToUnixTimeMilliseconds())]);
        var stories = new List<StoredEvent>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stories.Add(new StoredEvent(reader.GetString(0), StoryVectors.FromBytes(reader.GetFieldValue<byte[]>(1)), reader.GetInt64(2)));
        }

        return stories;
    }

    private async Task<StoredEvent?> EventAsync(DbConnection connection, DbTransaction transaction, string storyId, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, "SELECT event_id, centroid, last_seen FROM story_events WHERE event_id = @event;", ("@event", storyId));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredEvent(reader.GetString(0), StoryVectors.FromBytes(reader.GetFieldValue<byte[]>(1)), reader.GetInt64(2))
            : null;
    }

    private async Task<string?> StoryOfAsync(DbConnection connection, DbTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, "SELECT event_id FROM story_members WHERE article_id = @id;", ("@id", articleId));
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Document frequencies of the terms (and the article count under <see cref="StoryVectors.ArticleCountTerm"/>) since the given time.</summary>
    private async Task<Dictionary<long, long>> FrequenciesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventTerm> terms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var all = terms.Select(t => t.Term).Append(StoryVectors.ArticleCountTerm).Distinct().ToArray();
        var names = all.Select((_, i) => "@t" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var query = Command(connection, transaction, $"""
            SELECT term, SUM(df) FROM story_terms WHERE term IN ({string.Join(", ", names)}) AND day >= @day GROUP BY term;
            """,
            [.. names.Select((name, i) => (name, (object)all[i])), ("@day", Day(since.ToUnixTimeMilliseconds()))]);
        var frequencies = new Dictionary<long, long>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            frequencies[reader.GetInt64(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return frequencies;
    }

    /// <summary>Counts the article in the document frequencies of its day: one upsert, rows in term order.</summary>
    private async Task CountFrequenciesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventTerm> terms, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        var all = terms.Select(t => t.Term).Append(StoryVectors.ArticleCountTerm).Distinct().Order().ToArray();
        var values = string.Join(", ", all.Select((_, i) => $"(@t{i}, @day, 1)"));
        await using var upsert = Command(connection, transaction, $"""
            INSERT INTO story_terms (term, day, df) VALUES {values}
            ON CONFLICT (term, day) DO UPDATE SET df = story_terms.df + excluded.df;
            """,
            [.. all.Select((t, i) => ("@t" + i.ToString(CultureInfo.InvariantCulture), (object)t)), ("@day", Day(seenAt.ToUnixTimeMilliseconds()))]);
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The article's earlier assignment (an article recorded before stories existed keeps its near-duplicate cluster as its story).</summary>
    private async Task<StoryCluster?> FindAsync(DbConnection connection, DbTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, transaction, """
            SELECT COALESCE(m.event_id, a.cluster_id), a.fingerprint, COALESCE(m.similarity, a.similarity), m.duplicate_of
            FROM story_articles a LEFT JOIN story_members m ON m.article_id = a.article_id
            WHERE a.article_id = @id;
            """, ("@id", articleId));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? StoryClusterRules.Result(reader.GetString(0), unchecked((ulong)reader.GetInt64(1)), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3))
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
        // Counts at most MaxIndexedMembers rows: the cost does not grow with the cluster.
        await using var count = Command(connection, transaction, $"SELECT COUNT(*) FROM (SELECT 1 FROM story_articles WHERE cluster_id = @cluster LIMIT {StoryClusterRules.MaxIndexedMembers}) m;", ("@cluster", clusterId));
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<uint[]?> SignatureAsync(DbConnection connection, DbTransaction transaction, string articleId, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, "SELECT signature FROM story_articles WHERE article_id = @id;", ("@id", articleId));
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] bytes ? StorySketch.FromBytes(bytes) : null;
    }
}
