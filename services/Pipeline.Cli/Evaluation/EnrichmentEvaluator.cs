using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Cli.Evaluation;

/// <summary>
/// Runs an enrichment function over a gold set and scores it: entity precision, recall and F1 per type
/// (micro-averaged: counts summed over all articles), language accuracy, topic accuracy (top-1, and
/// top-3 for information), with a pair judge, duplicate-pair precision and recall, and with a story clusterer,
/// the story clustering of the pairs' articles (<see cref="StoryEvaluator"/>). The targets are those of issues 4 and 8.
/// </summary>
internal static class EnrichmentEvaluator
{
    public const double PersonF1Target = 0.80;
    public const double PlaceF1Target = 0.80;
    public const double OrganisationF1Target = 0.65;
    public const double LanguageAccuracyTarget = 0.99;
    public const double PairPrecisionTarget = 0.95;
    public const double PairRecallTarget = 0.90;

    /// <summary><see cref="EntityError.Kind"/> of a predicted entity the gold does not hold.</summary>
    public const string FalsePositive = "false-positive";

    /// <summary><see cref="EntityError.Kind"/> of a gold entity nothing predicted.</summary>
    public const string FalseNegative = "false-negative";

    private static readonly string[] Types = [EntityTypes.Person, EntityTypes.Organisation, EntityTypes.Place];

    /// <summary>Scores <paramref name="enrich"/> on <paramref name="gold"/>; <paramref name="pairJudge"/> says whether two
    /// articles are near-duplicates (null leaves pairs unmeasured, with <paramref name="pairsNote"/> saying why);
    /// <paramref name="goldFolder"/> is only reported.</summary>
    public static EvaluationReport Evaluate(
        string goldFolder,
        GoldSet gold,
        Func<CanonicalArticle, Enrichment> enrich,
        Func<CanonicalArticle, CanonicalArticle, bool>? pairJudge,
        string? pairsNote = null,
        Func<IReadOnlyList<StoryInput>, IReadOnlyDictionary<string, string>>? storyClusterer = null)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(enrich);
        var counts = Types.ToDictionary(t => t, _ => Counts.Zero, StringComparer.Ordinal);
        var byLanguage = new SortedDictionary<string, Dictionary<string, Counts>>(StringComparer.Ordinal);
        var details = new List<ArticleResult>();
        int languageRight = 0, topicRight = 0, topic3Right = 0;

        foreach (var article in gold.Articles)
        {
            var enrichment = enrich(ToCanonical(article));
            var local = Types.ToDictionary(t => t, _ => Counts.Zero, StringComparer.Ordinal);
            var match = EntityMatcher.Match(article, enrichment.Entities);
            var errors = new List<EntityError>();
            var truePositives = 0;
            foreach (var judgement in match.Predictions)
            {
                var p = judgement.Predicted;
                if (!local.ContainsKey(p.Type))
                {
                    continue; // A type the gold does not annotate.
                }

                switch (judgement.Outcome)
                {
                    case MatchOutcome.Correct:
                        local[p.Type] += new Counts(1, 0, 0);
                        truePositives++;
                        break;
                    case MatchOutcome.Ignored:
                        break;
                    default:
                        local[p.Type] += new Counts(0, 1, 0);
                        errors.Add(new EntityError(FalsePositive, p.Type, p.Name, Reason(judgement), p.Mentions));
                        break;
                }
            }

            foreach (var missed in match.Missed)
            {
                local[missed.Type] += new Counts(0, 0, 1);
                var typedElsewhere = match.Predictions.FirstOrDefault(j => j.Outcome == MatchOutcome.WrongType && ReferenceEquals(j.Gold, missed));
                var reason = typedElsewhere is null ? "not found" : $"found as {typedElsewhere.Predicted.Type} '{typedElsewhere.Predicted.Name}'";
                errors.Add(new EntityError(FalseNegative, missed.Type, missed.Name, reason, missed.Mentions));
            }

            var languageCounts = byLanguage.TryGetValue(article.Language, out var existing)
                ? existing
                : byLanguage[article.Language] = Types.ToDictionary(t => t, _ => Counts.Zero, StringComparer.Ordinal);
            foreach (var type in Types)
            {
                counts[type] += local[type];
                languageCounts[type] += local[type];
            }

            var predictedTopic = enrichment.Topics.Count > 0 ? enrichment.Topics[0].Code : null;
            languageRight += enrichment.Language.Code == article.Language ? 1 : 0;
            topicRight += predictedTopic == article.Topic ? 1 : 0;
            topic3Right += enrichment.Topics.Take(3).Any(t => t.Code == article.Topic) ? 1 : 0;
            details.Add(new ArticleResult
            {
                Id = article.Id,
                GoldLanguage = article.Language,
                PredictedLanguage = enrichment.Language.Code,
                GoldTopic = article.Topic,
                PredictedTopic = predictedTopic,
                TruePositives = truePositives,
                Errors = errors,
            });
        }

        var total = gold.Articles.Count;
        var all = counts.Values.Aggregate(Counts.Zero, Counts.Add);
        var (pairs, pairDetails, note) = ScorePairs(gold, pairJudge, pairsNote);
        (StoryScore Score, IReadOnlyList<StoryPairResult> Details)? stories = storyClusterer is not null && gold.Pairs.Count > 0
            ? StoryEvaluator.Score(gold.Pairs, storyClusterer)
            : null;
        var entityScores = Types.Select(t => EntityScore.From(t, counts[t])).ToList();
        var language = new Accuracy(languageRight, total);
        return new EvaluationReport
        {
            GoldFolder = goldFolder,
            Articles = total,
            ArticlesByLanguage = gold.Articles.GroupBy(a => a.Language, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Entities = entityScores,
            AllEntities = EntityScore.From("all", all),
            EntitiesByLanguage = byLanguage.ToDictionary(
                l => l.Key,
                l => (IReadOnlyList<EntityScore>)[.. Types.Select(t => EntityScore.From(t, l.Value[t]))],
                StringComparer.Ordinal),
            Language = language,
            Topic = new Accuracy(topicRight, total),
            TopicTop3 = new Accuracy(topic3Right, total),
            Pairs = pairs,
            PairsNote = note,
            Stories = stories?.Score,
            StoriesNote = stories is null ? (gold.Pairs.Count == 0 ? $"no {GoldSetLoader.PairsFolder}/*.json in the gold folder" : "no story clusterer available") : null,
            StoryDetails = stories?.Details ?? [],
            Targets = [.. Targets(entityScores, language, pairs), .. StoryEvaluator.Targets(stories?.Score)],
            WorstEntityErrors = Group(details),
            Details = details,
            PairDetails = pairDetails,
        };
    }

    /// <summary>The canonical article a gold article becomes: no declared language, so detection is tested.</summary>
    public static CanonicalArticle ToCanonical(GoldArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Canonical("gold-" + article.Id, article.Source, article.Headline, article.Paragraphs, article.Url);
    }

    /// <summary>The canonical article one side of a pair becomes.</summary>
    public static CanonicalArticle ToCanonical(GoldPair pair, GoldPairSide side, string suffix)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(side);
        // The side's publication date is the article's own, as a feed gives it (the story clustering uses it).
        return Canonical($"gold-pair-{pair.Id}-{suffix}", side.Source ?? "gold", side.Headline, side.Paragraphs, side.Url) with { PublishedAt = side.PublishedAt };
    }

    private static CanonicalArticle Canonical(string id, string source, string headline, IReadOnlyList<string> paragraphs, string? url)
    {
        var text = headline + "\n\n" + string.Join("\n\n", paragraphs);
        return new CanonicalArticle
        {
            ArticleId = id,
            Source = new SourceRef { Id = Slug(source), Name = source },
            Format = DispatchFormats.Html,
            Headline = new Headline { Main = headline },
            DeclaredLanguage = null,
            Body = new ArticleBody
            {
                Paragraphs = paragraphs,
                Html = string.Concat(paragraphs.Select(p => "<p>" + WebUtility.HtmlEncode(p) + "</p>")),
            },
            CanonicalUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
        };
    }

    private static string Slug(string source)
    {
        var builder = new StringBuilder();
        foreach (var c in EntityMatcher.Key(source))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "gold" : slug;
    }

    private static string Reason(EntityJudgement judgement) => judgement.Outcome switch
    {
        MatchOutcome.Duplicate => $"duplicate of '{judgement.Gold!.Name}' (not merged)",
        MatchOutcome.WrongType => $"wrong type (gold: {judgement.Gold!.Type} '{judgement.Gold.Name}')",
        _ => "not in gold",
    };

    private static (PairScore?, IReadOnlyList<PairResult>, string?) ScorePairs(GoldSet gold, Func<CanonicalArticle, CanonicalArticle, bool>? judge, string? note)
    {
        if (gold.Pairs.Count == 0)
        {
            return (null, [], note ?? $"no {GoldSetLoader.PairsFolder}/*.json in the gold folder");
        }

        if (judge is null)
        {
            return (null, [], note ?? "no near-duplicate detector available");
        }

        int tp = 0, fp = 0, fn = 0, tn = 0;
        var results = new List<PairResult>();
        foreach (var pair in gold.Pairs)
        {
            var predicted = judge(ToCanonical(pair, pair.A, "a"), ToCanonical(pair, pair.B, "b"));
            results.Add(new PairResult(pair.Id, pair.IsDuplicate, predicted));
            switch (pair.IsDuplicate, predicted)
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (true, false): fn++; break;
                default: tn++; break;
            }
        }

        return (new PairScore(tp, fp, fn, tn), results, null);
    }

    private static List<TargetResult> Targets(List<EntityScore> entities, Accuracy language, PairScore? pairs)
    {
        TargetResult F1(string type, double target)
        {
            var score = entities.Single(e => e.Type == type);
            return new TargetResult($"{type} F1 ≥ {Format(target)}", Format(score.F1), score.F1 >= target);
        }

        return
        [
            F1(EntityTypes.Person, PersonF1Target),
            F1(EntityTypes.Place, PlaceF1Target),
            F1(EntityTypes.Organisation, OrganisationF1Target),
            new TargetResult($"language accuracy ≥ {LanguageAccuracyTarget:P0}", language.Value.ToString("P1", CultureInfo.InvariantCulture), language.Value >= LanguageAccuracyTarget),
            pairs is null
                ? new TargetResult($"duplicate-pair precision ≥ {Format(PairPrecisionTarget)} at recall ≥ {Format(PairRecallTarget)}", "not measured", null)
                : new TargetResult(
                    $"duplicate-pair precision ≥ {Format(PairPrecisionTarget)} at recall ≥ {Format(PairRecallTarget)}",
                    $"P {Format(pairs.Precision)}, R {Format(pairs.Recall)}",
                    pairs.Precision >= PairPrecisionTarget && pairs.Recall >= PairRecallTarget),
        ];
    }

    private static List<ErrorGroup> Group(List<ArticleResult> details) => [.. details
        .SelectMany(d => d.Errors.Select(e => (Article: d.Id, Error: e)))
        .GroupBy(x => (x.Error.Kind, x.Error.Type, Key: EntityMatcher.Key(x.Error.Name), x.Error.Reason))
        .Select(g => new ErrorGroup(g.Key.Kind, g.Key.Type, g.First().Error.Name, g.Key.Reason, g.Count(), [.. g.Select(x => x.Article).Distinct(StringComparer.Ordinal)]))
        .OrderByDescending(g => g.Count)
        .ThenBy(g => g.Kind, StringComparer.Ordinal)
        .ThenBy(g => g.Type, StringComparer.Ordinal)
        .ThenBy(g => g.Name, StringComparer.Ordinal)];

    internal static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
