using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Cli.Evaluation;
using Pipeline.Enricher;
using Pipeline.Enricher.Clustering;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval enrich &lt;gold-folder&gt;</c>: the enricher's measured quality on hand-annotated gold data.</summary>
internal static class EvalCommand
{
    /// <summary>Error groups shown in the table without <c>--details</c>.</summary>
    private const int WorstErrorsShown = 15;

    private const string FalsePositive = EnrichmentEvaluator.FalsePositive;

    public static Command Create(CliConsole console) => new("eval", "Measure quality against hand-annotated gold data.")
    {
        CreateEnrich(console),
    };

    private static Command CreateEnrich(CliConsole console)
    {
        var folder = new Argument<DirectoryInfo>("gold-folder") { Description = "Gold folder: articles/*.json (annotated articles) and optionally pairs/*.json (duplicate, rewrite and different pairs), e.g. tests/gold/enrichment." };
        folder.AcceptExistingOnly();
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object instead of tables." };
        var details = new Option<bool>("--details") { Description = "Also list every error of every article (and every pair judgement)." };

        var command = new Command("enrich", "Run the enricher on every gold article and print entity precision/recall/F1 per type, language and topic accuracy, duplicate-pair precision/recall, story clustering of the pairs' articles (rewrites and republications kept together, different stories apart, purity) and the quality targets. Exits 0 whenever the evaluation ran, met or not; 1 when the gold folder is invalid.")
        {
            folder, json, details,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(folder)!.FullName;
            GoldSet gold;
            try
            {
                gold = GoldSetLoader.Load(path);
            }
            catch (InvalidGoldException e)
            {
                console.Fail($"invalid gold data: {e.FilePath}: {e.Problem}");
                return ExitCodes.Failure;
            }

            var enricher = ArticleEnricher.CreateDefault();
            var report = EnrichmentEvaluator.Evaluate(path, gold, enricher.Enrich, (a, b) => NearDuplicates.AreNearDuplicates(a, b),
                storyClusterer: articles => ClusterStories(enricher, articles));
            var withDetails = parse.GetValue(details);
            if (parse.GetValue(json))
            {
                var shown = withDetails ? report : report with { Details = [], PairDetails = [], StoryDetails = [] };
                console.Out.WriteLine(JsonSerializer.Serialize(shown, CliJson.Compact));
            }
            else
            {
                Render(console.Ansi, report, withDetails);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The articles through a real <see cref="StoryClusterer"/> on a private in-memory SQLite store, in the given
    /// (time) order, the clock set to each article's time, each article enriched first as the enricher does.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> ClusterStories(ArticleEnricher enricher, IReadOnlyList<StoryInput> articles)
    {
        using var store = SqliteStoryClusterStore.InMemory();
        var clock = new SettableTime();
        var clusterer = new StoryClusterer(store, Microsoft.Extensions.Options.Options.Create(new ClusteringOptions()), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<StoryClusterer>.Instance);
        var stories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in articles)
        {
            clock.Now = input.SeenAt;
            var article = input.Article with { ArticleId = input.Id };
            stories[input.Id] = clusterer.AssignAsync(article, enricher.Enrich(article), CancellationToken.None).GetAwaiter().GetResult().ClusterId;
        }

        return stories;
    }

    private static void Render(IAnsiConsole ansi, EvaluationReport report, bool details)
    {
        var sizes = string.Join(", ", report.ArticlesByLanguage.Select(l => $"{l.Value} {l.Key}"));
        ansi.MarkupLineInterpolated($"[bold]Enrichment quality[/] on {report.Articles} gold article(s) ({sizes}) from {report.GoldFolder}");

        var entities = new Table().Title("Entities (micro-averaged over articles)")
            .AddColumns("Type", "Precision", "Recall", "F1", "TP", "FP", "FN");
        foreach (var score in report.Entities.Append(report.AllEntities))
        {
            entities.AddRow(score.Type, Number(score.Precision), Number(score.Recall), Number(score.F1),
                Count(score.TruePositives), Count(score.FalsePositives), Count(score.FalseNegatives));
        }

        ansi.Write(entities);

        var languages = new Table().Title("Entity F1 per gold language").AddColumn("Language");
        foreach (var type in report.Entities)
        {
            languages.AddColumn(type.Type);
        }

        foreach (var (language, scores) in report.EntitiesByLanguage)
        {
            languages.AddRow([language, .. scores.Select(s => $"{Number(s.F1)} (P {Number(s.Precision)}, R {Number(s.Recall)})")]);
        }

        ansi.Write(languages);

        var other = new Table().Title("Language, topic and duplicates").AddColumns("Measure", "Value", "Counts");
        other.AddRow("language accuracy", Percent(report.Language.Value), $"{report.Language.Correct}/{report.Language.Total}");
        other.AddRow("topic accuracy (top-1)", Percent(report.Topic.Value), $"{report.Topic.Correct}/{report.Topic.Total}");
        other.AddRow("topic in top 3", Percent(report.TopicTop3.Value), $"{report.TopicTop3.Correct}/{report.TopicTop3.Total}");
        if (report.Pairs is { } pairs)
        {
            other.AddRow("duplicate-pair precision", Number(pairs.Precision), $"TP {pairs.TruePositives}, FP {pairs.FalsePositives}");
            other.AddRow("duplicate-pair recall", Number(pairs.Recall), $"TP {pairs.TruePositives}, FN {pairs.FalseNegatives} ({pairs.Pairs} pairs, TN {pairs.TrueNegatives})");
        }
        else
        {
            other.AddRow("duplicate-pair precision", "not measured", Markup.Escape(report.PairsNote ?? ""));
            other.AddRow("duplicate-pair recall", "not measured", Markup.Escape(report.PairsNote ?? ""));
        }

        ansi.Write(other);

        var stories = new Table().Title("Stories (one clustering run over every pair article, in time order)").AddColumns("Measure", "Value", "Counts");
        if (report.Stories is { } s)
        {
            stories.AddRow("rewrite pairs in one story", Percent(s.Rewrites.Value), $"{s.Rewrites.Correct}/{s.Rewrites.Total}");
            stories.AddRow("republication pairs in one story", Percent(s.Duplicates.Value), $"{s.Duplicates.Correct}/{s.Duplicates.Total}");
            stories.AddRow("different pairs kept apart", Percent(s.DifferentApart.Value), $"{s.DifferentApart.Correct}/{s.DifferentApart.Total}");
            stories.AddRow("cluster purity, rewrite articles", Number(s.RewritePurity), "");
            stories.AddRow("cluster purity, republication articles", Number(s.DuplicatePurity), "");
            stories.AddRow("cluster purity, all articles", Number(s.Purity), $"{s.Articles} articles, {s.Stories} stories ({s.GoldStories} in the gold)");
        }
        else
        {
            stories.AddRow("stories", "not measured", Markup.Escape(report.StoriesNote ?? ""));
        }

        ansi.Write(stories);

        var targets = new Table().Title("Targets (issues 4 and 8)").AddColumns("Target", "Measured", "Status");
        foreach (var target in report.Targets)
        {
            targets.AddRow(Markup.Escape(target.Target), Markup.Escape(target.Measured), target.Met switch
            {
                true => "[green]met[/]",
                false => "[red]NOT MET[/]",
                null => "[yellow]not measured[/]",
            });
        }

        ansi.Write(targets);

        var worst = new Table().Title(details ? "Entity errors, most frequent first" : $"Worst entity errors (top {WorstErrorsShown}; --details for all)")
            .AddColumns("", "Type", "Name", "Reason", "Count", "First article");
        foreach (var group in details ? report.WorstEntityErrors : report.WorstEntityErrors.Take(WorstErrorsShown))
        {
            worst.AddRow(group.Kind == FalsePositive ? "FP" : "FN", group.Type, Markup.Escape(group.Name), Markup.Escape(group.Reason), Count(group.Count),
                Markup.Escape(group.Articles[0] + (group.Articles.Count > 1 ? $" (+{group.Articles.Count - 1})" : "")));
        }

        ansi.MarkupLine("FP: false positive (predicted, not in the gold); FN: false negative (in the gold, not predicted).");

        ansi.Write(worst);

        if (!details)
        {
            return;
        }

        var articles = new Table().Title("Per article").AddColumns("Article", "Language", "Topic", "TP", "Errors");
        foreach (var article in report.Details)
        {
            var language = article.PredictedLanguage == article.GoldLanguage ? article.GoldLanguage : $"[red]{article.PredictedLanguage}[/] (gold {article.GoldLanguage})";
            var topic = article.PredictedTopic == article.GoldTopic ? article.GoldTopic : $"[red]{article.PredictedTopic ?? "none"}[/] (gold {article.GoldTopic})";
            var errors = string.Join("\n", article.Errors.Select(e => $"{(e.Kind == FalsePositive ? "FP" : "FN")} {e.Type} {e.Name}: {e.Reason}"));
            articles.AddRow(Markup.Escape(article.Id), language, topic, Count(article.TruePositives), Markup.Escape(errors));
        }

        ansi.Write(articles);

        if (report.PairDetails.Count > 0)
        {
            var pairTable = new Table().Title("Pairs").AddColumns("Pair", "Gold", "Judged");
            foreach (var pair in report.PairDetails)
            {
                var judged = pair.PredictedDuplicate ? "duplicate" : "different";
                pairTable.AddRow(Markup.Escape(pair.Id), pair.GoldDuplicate ? "duplicate" : "different",
                    pair.PredictedDuplicate == pair.GoldDuplicate ? judged : $"[red]{judged}[/]");
            }

            ansi.Write(pairTable);
        }

        if (report.StoryDetails.Count > 0)
        {
            var storyTable = new Table().Title("Stories per pair").AddColumns("Pair", "Gold", "Clustered");
            foreach (var pair in report.StoryDetails)
            {
                var wanted = pair.Label != GoldSetLoader.DifferentLabel;
                var judged = pair.Together ? "one story" : "apart";
                storyTable.AddRow(Markup.Escape(pair.Id), pair.Label, pair.Together == wanted ? judged : $"[red]{judged}[/]");
            }

            ansi.Write(storyTable);
        }
    }

    /// <summary>A clock the evaluation sets to each article's time.</summary>
    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string Number(double value) => EnrichmentEvaluator.Format(value);

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
