using System.Globalization;
using Pipeline.Contracts.Articles;

namespace Pipeline.Cli.Evaluation;

/// <summary>An article of the story-clustering run: its id, the canonical article and when it is seen.</summary>
internal sealed record StoryInput(string Id, CanonicalArticle Article, DateTimeOffset SeenAt);

/// <summary>
/// Scores a story-clustering run over every article of the gold pairs (each distinct text once, in time order):
/// pair recall — both sides in one story — for rewrites and for republications separately, different pairs kept
/// apart, and cluster purity against the gold stories (articles linked by rewrite or duplicate pairs; an article
/// in no such pair is a story of its own), for all articles and separately for those of rewrite and of
/// duplicate pairs.
/// </summary>
internal static class StoryEvaluator
{
    /// <summary>Share of rewrite pairs that must end in one story (issue 8).</summary>
    public const double RewriteTarget = 0.80;

    /// <summary>Share of different pairs that must stay apart (issue 8).</summary>
    public const double DifferentTarget = 1.00;

    /// <summary>Runs <paramref name="cluster"/> (article id → story id, articles given in time order) over the pairs' articles and scores it.</summary>
    public static (StoryScore Score, IReadOnlyList<StoryPairResult> Details) Score(IReadOnlyList<GoldPair> pairs, Func<IReadOnlyList<StoryInput>, IReadOnlyDictionary<string, string>> cluster)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(cluster);

        // The same text in several pairs is one article.
        var byText = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = new List<(StoryInput Input, int Order)>();
        var sideIds = new Dictionary<(string Pair, char Side), string>();
        var baseTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var pair in pairs)
        {
            foreach (var (side, name) in new[] { (pair.A, 'a'), (pair.B, 'b') })
            {
                var text = side.Headline + "\n" + string.Join("\n", side.Paragraphs);
                if (!byText.TryGetValue(text, out var id))
                {
                    id = $"{pair.Id}-{name}";
                    byText[text] = id;
                    var order = inputs.Count;
                    inputs.Add((new StoryInput(id, EnrichmentEvaluator.ToCanonical(pair, side, name.ToString()), side.PublishedAt ?? baseTime.AddMinutes(order)), order));
                }

                sideIds[(pair.Id, name)] = id;
            }
        }

        var ordered = inputs.OrderBy(i => i.Input.SeenAt).ThenBy(i => i.Order).Select(i => i.Input).ToList();
        var stories = cluster(ordered);

        // Gold stories: union of the articles linked by rewrite or duplicate pairs.
        var parent = ordered.ToDictionary(i => i.Id, i => i.Id, StringComparer.Ordinal);
        string Find(string id) => parent[id] == id ? id : parent[id] = Find(parent[id]);
        foreach (var pair in pairs.Where(p => p.IsDuplicate || p.IsRewrite))
        {
            var a = Find(sideIds[(pair.Id, 'a')]);
            var b = Find(sideIds[(pair.Id, 'b')]);
            if (a != b)
            {
                parent[a] = b;
            }
        }

        var details = new List<StoryPairResult>();
        foreach (var pair in pairs)
        {
            var a = sideIds[(pair.Id, 'a')];
            var b = sideIds[(pair.Id, 'b')];
            details.Add(new StoryPairResult(pair.Id, pair.Label, stories[a] == stories[b], stories[a], stories[b]));
        }

        HashSet<string> ArticlesOf(Func<GoldPair, bool> which) => [.. pairs.Where(which).SelectMany(p => new[] { sideIds[(p.Id, 'a')], sideIds[(p.Id, 'b')] })];
        double Purity(IReadOnlyCollection<string> articles) => articles.Count == 0
            ? 0
            : (double)articles.GroupBy(id => stories[id], StringComparer.Ordinal)
                .Sum(story => story.GroupBy(Find, StringComparer.Ordinal).Max(g => g.Count())) / articles.Count;

        Accuracy Together(string label, bool together) =>
            new(details.Count(d => d.Label == label && d.Together == together), details.Count(d => d.Label == label));

        var score = new StoryScore
        {
            Articles = ordered.Count,
            Stories = stories.Values.Distinct(StringComparer.Ordinal).Count(),
            GoldStories = ordered.Select(i => Find(i.Id)).Distinct(StringComparer.Ordinal).Count(),
            Purity = Purity(ordered.Select(i => i.Id).ToList()),
            RewritePurity = Purity(ArticlesOf(p => p.IsRewrite)),
            DuplicatePurity = Purity(ArticlesOf(p => p.IsDuplicate)),
            Rewrites = Together(GoldSetLoader.RewriteLabel, true),
            Duplicates = Together(GoldSetLoader.DuplicateLabel, true),
            DifferentApart = Together(GoldSetLoader.DifferentLabel, false),
        };
        return (score, details);
    }

    /// <summary>The targets of issue 8 on the clustering run.</summary>
    public static IEnumerable<TargetResult> Targets(StoryScore? score)
    {
        const string RewriteName = "rewrites clustered together ≥ 80 %";
        const string DifferentName = "different stories kept apart 100 %";
        if (score is null)
        {
            yield return new TargetResult(RewriteName, "not measured", null);
            yield return new TargetResult(DifferentName, "not measured", null);
            yield break;
        }

        yield return new TargetResult(RewriteName, Measured(score.Rewrites), score.Rewrites.Total == 0 ? null : score.Rewrites.Value >= RewriteTarget);
        yield return new TargetResult(DifferentName, Measured(score.DifferentApart), score.DifferentApart.Total == 0 ? null : score.DifferentApart.Value >= DifferentTarget);
    }

    private static string Measured(Accuracy accuracy) => accuracy.Total == 0
        ? "no pairs"
        : $"{accuracy.Value.ToString("P1", CultureInfo.InvariantCulture)} ({accuracy.Correct}/{accuracy.Total})";
}

/// <summary>What the story-clustering run over the gold pairs measured.</summary>
internal sealed record StoryScore
{
    /// <summary>Distinct articles clustered.</summary>
    public required int Articles { get; init; }

    /// <summary>Stories the clusterer made of them.</summary>
    public required int Stories { get; init; }

    /// <summary>Stories the gold pairs imply.</summary>
    public required int GoldStories { get; init; }

    /// <summary>Cluster purity over all articles: the share of articles in their story's majority gold story.</summary>
    public required double Purity { get; init; }

    /// <summary>The same over the articles of rewrite pairs only.</summary>
    public required double RewritePurity { get; init; }

    /// <summary>The same over the articles of duplicate (republication) pairs only.</summary>
    public required double DuplicatePurity { get; init; }

    /// <summary>Rewrite pairs whose two articles share a story.</summary>
    public required Accuracy Rewrites { get; init; }

    /// <summary>Duplicate (republication) pairs whose two articles share a story.</summary>
    public required Accuracy Duplicates { get; init; }

    /// <summary>Different pairs whose two articles are in different stories.</summary>
    public required Accuracy DifferentApart { get; init; }
}

/// <summary>The clustering of one gold pair.</summary>
internal sealed record StoryPairResult(string Id, string Label, bool Together, string StoryA, string StoryB);
