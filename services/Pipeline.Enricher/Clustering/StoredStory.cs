using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>An article as a cluster store holds it.</summary>
internal sealed record StoredStory(string ArticleId, string ClusterId, string FounderId, ulong Fingerprint, uint[] Signature);

/// <summary>A story (event) as a cluster store holds it: its bounded centroid and when its last article was seen (Unix ms).</summary>
internal sealed record StoredEvent(string EventId, EventTerm[] Centroid, long LastSeen);

/// <summary>The decision both stores take inside their transaction.</summary>
internal static class StoryClusterRules
{
    /// <summary>
    /// Candidates read per assignment: the articles sharing the most LSH bands with the new one. A story
    /// republished hundreds of times would otherwise make every new copy read every earlier copy; the
    /// best match shares the most bands, so it is among these.
    /// </summary>
    public const int MaxCandidates = 32;

    /// <summary>
    /// Members of one cluster whose band keys are stored. Later copies of the same story are recorded (their
    /// cluster stays stable and idempotent) but not indexed: matching the first members finds the cluster,
    /// and a story republished a thousand times does not make the band table and every lookup grow with it.
    /// </summary>
    public const int MaxIndexedMembers = 8;

    /// <summary>The id of a cluster started by <paramref name="articleId"/>: <c>c-</c> + 16 hex of its SHA-256.</summary>
    public static string ClusterIdFor(string articleId) =>
        "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(articleId)))[..16];

    /// <summary>
    /// The candidate to join: highest resemblance at or above the threshold; ties go to the higher
    /// fingerprint similarity, then to the smaller article id, so every replica picks the same one.
    /// </summary>
    public static (StoredStory Story, double Resemblance)? Choose(StorySketch sketch, IEnumerable<StoredStory> candidates, double threshold)
    {
        (StoredStory Story, double Resemblance)? best = null;
        var bestFingerprint = -1.0;
        foreach (var candidate in candidates)
        {
            if (candidate.ArticleId == sketch.ArticleId)
            {
                continue;
            }

            var resemblance = NearDuplicates.Resemblance(sketch.Signature.Span, candidate.Signature);
            if (resemblance <= 0 || resemblance < threshold)
            {
                continue;
            }

            var fingerprint = NearDuplicates.Similarity(sketch.Fingerprint, candidate.Fingerprint);
            if (best is null
                || resemblance > best.Value.Resemblance
                || (resemblance == best.Value.Resemblance && fingerprint > bestFingerprint)
                || (resemblance == best.Value.Resemblance && fingerprint == bestFingerprint
                    && string.CompareOrdinal(candidate.ArticleId, best.Value.Story.ArticleId) < 0))
            {
                best = (candidate, resemblance);
                bestFingerprint = fingerprint;
            }
        }

        return best;
    }

    /// <summary>
    /// The story to join, in two stages: a story whose cosine reaches the rules' threshold (<see cref="AssignmentRules.StoryThreshold"/>
    /// when the story has terms of the article's language, <see cref="AssignmentRules.BridgeThreshold"/> when only
    /// language-independent terms could be compared); or, below that, one whose cosine reaches the lower place
    /// threshold (<see cref="AssignmentRules.PlaceThreshold"/>, <see cref="AssignmentRules.BridgePlaceThreshold"/>)
    /// and which shares a place finer than a country with the article (<see cref="EventSignature.IsPlace"/>) —
    /// the same people in another place are more often another event. Stories whose dates or scores conflict with the
    /// article's (<see cref="StoryVectors.DaysConflict"/>, <see cref="StoryVectors.ScoresConflict"/>) are never joined. Among those that qualify, the highest
    /// cosine wins; ties go to the smaller story id, so every replica picks the same one.
    /// </summary>
    public static (StoredEvent Story, double Similarity)? ChooseStory(EventTerm[] vector, IEnumerable<StoredEvent> stories, AssignmentRules rules)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(rules);
        (StoredEvent Story, double Similarity)? best = null;
        foreach (var story in stories)
        {
            var (cosine, bridge) = StoryVectors.Similarity(vector, story.Centroid);
            var threshold = bridge ? rules.BridgeThreshold : rules.StoryThreshold;
            var placeThreshold = Math.Min(threshold, bridge ? rules.BridgePlaceThreshold : rules.PlaceThreshold);
            if (cosine <= 0 || cosine < placeThreshold
                || (cosine < threshold && !StoryVectors.SharePlace(vector, story.Centroid))
                || StoryVectors.DaysConflict(vector, story.Centroid)
                || StoryVectors.ScoresConflict(vector, story.Centroid))
            {
                continue;
            }

            if (best is null || cosine > best.Value.Similarity
                || (cosine == best.Value.Similarity && string.CompareOrdinal(story.EventId, best.Value.Story.EventId) < 0))
            {
                best = (story, cosine);
            }
        }

        return best;
    }

    public static StoryCluster Result(string clusterId, ulong fingerprint, double similarity, string? duplicateOf = null) => new()
    {
        ClusterId = clusterId,
        Fingerprint = NearDuplicates.ToHex(fingerprint),
        Similarity = Math.Round(similarity, 4),
        DuplicateOf = duplicateOf,
    };
}
