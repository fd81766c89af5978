using Pipeline.Cli.Commands;
using Pipeline.Cli.Evaluation;
using Pipeline.Enricher;

namespace Pipeline.Cli.Tests.Evaluation;

public sealed class StoryEvaluatorTests(ITestOutputHelper output)
{
    [Fact]
    public void Score_ClustersByHeadline_CountsRewritesDuplicatesAndDifferentApartSeparately()
    {
        GoldPair[] pairs =
        [
            Pair("rw-1", rewrite: true, "quake", "quake"),
            Pair("rw-2", rewrite: true, "flood", "storm"),
            Pair("dup-1", a: "vote", b: "vote", duplicate: true),
            Pair("diff-1", rewrite: false, "vote", "budget"),
            Pair("diff-2", rewrite: false, "fire", "fire"),
        ];
        IReadOnlyList<StoryInput>? seen = null;

        var (score, details) = StoryEvaluator.Score(pairs, articles =>
        {
            seen = articles;
            return articles.ToDictionary(a => a.Id, a => a.Article.Headline.Main);
        });

        Assert.Equal(new Accuracy(1, 2), score.Rewrites);
        Assert.Equal(new Accuracy(1, 1), score.Duplicates);
        Assert.Equal(new Accuracy(1, 2), score.DifferentApart);
        Assert.Equal(5, details.Count);
        // The same text in several places is one article: quake, flood, storm, vote, budget, fire.
        Assert.Equal(6, seen!.Count);
        Assert.Equal(1.0, score.RewritePurity);
        Assert.Contains(StoryEvaluator.Targets(score), t => t.Target.StartsWith("rewrites", StringComparison.Ordinal) && t.Met == false);
    }

    [Fact]
    public void Score_ArticlesWithPublicationDates_AreGivenInTimeOrder()
    {
        var late = Pair("rw-1", rewrite: true, "b", "c") with { A = Side("b", new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero)) };
        var early = Pair("rw-2", rewrite: true, "a", "d") with { A = Side("a", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)) };
        IReadOnlyList<StoryInput>? seen = null;

        StoryEvaluator.Score([late, early], articles =>
        {
            seen = articles;
            return articles.ToDictionary(a => a.Id, a => "one");
        });

        Assert.Equal("a", seen![0].Article.Headline.Main);
        Assert.Equal("b", seen[1].Article.Headline.Main);
    }

    /// <summary>The real clusterer on the development pairs: the figures the README quotes, with floors that fail on a regression.</summary>
    [Fact]
    public void ClusterStories_DevelopmentPairs_KeepsRewritesTogetherAndMostDifferentStoriesApart()
    {
        var gold = GoldSetLoader.Load(GoldFiles.Enrichment);
        var enricher = ArticleEnricher.CreateDefault();

        var (score, details) = StoryEvaluator.Score(gold.Pairs, articles => EvalCommand.ClusterStories(enricher, articles));

        foreach (var pair in details.Where(d => d.Together != (d.Label != GoldSetLoader.DifferentLabel)))
        {
            output.WriteLine($"known gap: {pair.Label} {pair.Id}");
        }

        output.WriteLine($"rewrites {score.Rewrites.Correct}/{score.Rewrites.Total}, republications {score.Duplicates.Correct}/{score.Duplicates.Total}, different apart {score.DifferentApart.Correct}/{score.DifferentApart.Total}, purity {score.Purity:0.00}");
        // Floor, not target: 17 of 22 (77 %) since the statistical tagger and the linker changed which names the
        // signature sees (18 of 22 before); the 80 % target is reported as not met on this set.
        Assert.True(score.Rewrites.Value >= 0.75, $"rewrites together {score.Rewrites.Value:P1} (target {StoryEvaluator.RewriteTarget:P0})");
        Assert.Equal(score.Duplicates.Total, score.Duplicates.Correct);
        Assert.True(score.DifferentApart.Value >= 0.80, $"different apart {score.DifferentApart.Value:P1} (100 % is the target, not met: see the known gaps)");
    }

    /// <summary>
    /// The real clusterer on the second development set (no publication dates in its files; the addresses of some
    /// articles carry one): floors under the README's figures (31/38 rewrites, 14/21 different apart), not the targets.
    /// </summary>
    [Fact]
    public void ClusterStories_SecondDevelopmentSet_KeepsRewritesTogetherAndTwoThirdsOfHardNegativesApart()
    {
        var gold = GoldSetLoader.Load(GoldFiles.EnrichmentDev);
        var enricher = ArticleEnricher.CreateDefault();

        var (score, details) = StoryEvaluator.Score(gold.Pairs, articles => EvalCommand.ClusterStories(enricher, articles));

        foreach (var pair in details.Where(d => d.Together != (d.Label != GoldSetLoader.DifferentLabel)))
        {
            output.WriteLine($"known gap: {pair.Label} {pair.Id}");
        }

        output.WriteLine($"rewrites {score.Rewrites.Correct}/{score.Rewrites.Total}, different apart {score.DifferentApart.Correct}/{score.DifferentApart.Total}");
        // Floors, not the targets: with the entity changes of the same day this set has 29/38 rewrites together (76 %,
        // the 80 % target not met here) and 16/21 different events apart.
        Assert.True(score.Rewrites.Value >= 0.75, $"rewrites together {score.Rewrites.Value:P1} ({StoryEvaluator.RewriteTarget:P0} is the target, not met on this set)");
        Assert.Equal(score.Duplicates.Total, score.Duplicates.Correct);
        Assert.True(score.DifferentApart.Value >= 0.7, $"different apart {score.DifferentApart.Value:P1} (100 % is the target, not met)");
    }

    /// <summary>The blind pairs (tests/gold/enrichment/pairs-blind): aggregate only, nothing tuned on them.</summary>
    [Fact]
    public void ClusterStories_BlindPairs_ReportsTheAggregateOnly()
    {
        var folder = Path.Combine(GoldFiles.Enrichment, "pairs-blind");
        var pairs = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(GoldSetLoader.ReadPair).ToList();
        var enricher = ArticleEnricher.CreateDefault();

        var (score, _) = StoryEvaluator.Score(pairs, articles => EvalCommand.ClusterStories(enricher, articles));

        output.WriteLine($"blind: rewrites {score.Rewrites.Correct}/{score.Rewrites.Total}, different apart {score.DifferentApart.Correct}/{score.DifferentApart.Total}");
        Assert.True(score.Rewrites.Total >= 3 && score.DifferentApart.Total >= 3);
        Assert.Equal(score.DifferentApart.Total, score.DifferentApart.Correct);
    }

    private static GoldPair Pair(string id, bool rewrite = false, string a = "a", string b = "b", bool duplicate = false) => new()
    {
        Id = id,
        IsDuplicate = duplicate,
        IsRewrite = rewrite && !duplicate,
        A = Side(a),
        B = Side(b),
    };

    private static GoldPairSide Side(string headline, DateTimeOffset? published = null) =>
        new() { Headline = headline, Paragraphs = ["text of " + headline], PublishedAt = published };
}
