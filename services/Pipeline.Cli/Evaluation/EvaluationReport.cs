namespace Pipeline.Cli.Evaluation;

/// <summary>Everything <c>pipeline eval enrich</c> measured.</summary>
internal sealed record EvaluationReport
{
    public required string GoldFolder { get; init; }

    public required int Articles { get; init; }

    /// <summary>Articles per gold language.</summary>
    public required IReadOnlyDictionary<string, int> ArticlesByLanguage { get; init; }

    /// <summary>Per entity type (person, organisation, place), micro-averaged over the articles.</summary>
    public required IReadOnlyList<EntityScore> Entities { get; init; }

    /// <summary>The same per entity type, for the articles of each gold language.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<EntityScore>> EntitiesByLanguage { get; init; }

    /// <summary>All types together.</summary>
    public required EntityScore AllEntities { get; init; }

    public required Accuracy Language { get; init; }

    /// <summary>Top-1 topic equals the gold topic.</summary>
    public required Accuracy Topic { get; init; }

    /// <summary>The gold topic is among the first three topics.</summary>
    public required Accuracy TopicTop3 { get; init; }

    /// <summary>Near-duplicate pairs, or null when the gold folder has none or no judge was available.</summary>
    public PairScore? Pairs { get; init; }

    /// <summary>Why <see cref="Pairs"/> is null, when it is.</summary>
    public string? PairsNote { get; init; }

    /// <summary>The story clustering of every pair article (rewrites and republications scored separately), or null with <see cref="StoriesNote"/>.</summary>
    public StoryScore? Stories { get; init; }

    /// <summary>Why <see cref="Stories"/> is null, when it is.</summary>
    public string? StoriesNote { get; init; }

    public required IReadOnlyList<TargetResult> Targets { get; init; }

    /// <summary>Entity errors grouped by kind, type and name, most frequent first.</summary>
    public required IReadOnlyList<ErrorGroup> WorstEntityErrors { get; init; }

    public required IReadOnlyList<ArticleResult> Details { get; init; }

    public IReadOnlyList<PairResult> PairDetails { get; init; } = [];

    /// <summary>Per pair: in one story or not (with <c>--details</c>).</summary>
    public IReadOnlyList<StoryPairResult> StoryDetails { get; init; } = [];
}

/// <summary>Counts and measures of one entity type.</summary>
internal sealed record EntityScore(string Type, int TruePositives, int FalsePositives, int FalseNegatives, double Precision, double Recall, double F1)
{
    public static EntityScore From(string type, Counts counts) =>
        new(type, counts.TruePositives, counts.FalsePositives, counts.FalseNegatives, counts.Precision, counts.Recall, counts.F1);
}

/// <summary>Right answers out of all.</summary>
internal sealed record Accuracy(int Correct, int Total)
{
    public double Value => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>Duplicate-pair classification: positives are pairs judged duplicates.</summary>
internal sealed record PairScore(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public int Pairs => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public double Precision => new Counts(TruePositives, FalsePositives, FalseNegatives).Precision;

    public double Recall => new Counts(TruePositives, FalsePositives, FalseNegatives).Recall;
}

/// <summary>A quality target of issue 4 or 8 and whether the measurement meets it (null: not measured).</summary>
internal sealed record TargetResult(string Target, string Measured, bool? Met);

/// <summary>The same mistake across articles.</summary>
internal sealed record ErrorGroup(string Kind, string Type, string Name, string Reason, int Count, IReadOnlyList<string> Articles);

/// <summary>One entity mistake in one article.</summary>
internal sealed record EntityError(string Kind, string Type, string Name, string Reason, IReadOnlyList<string> Mentions);

/// <summary>What the enricher got right and wrong on one gold article.</summary>
internal sealed record ArticleResult
{
    public required string Id { get; init; }

    public required string GoldLanguage { get; init; }

    public required string PredictedLanguage { get; init; }

    public required string GoldTopic { get; init; }

    public string? PredictedTopic { get; init; }

    public required int TruePositives { get; init; }

    public required IReadOnlyList<EntityError> Errors { get; init; }
}

/// <summary>The judgement of one pair.</summary>
internal sealed record PairResult(string Id, bool GoldDuplicate, bool PredictedDuplicate);
