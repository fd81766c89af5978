using Pipeline.Cli.Evaluation;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher;

namespace Pipeline.Cli.Tests.Evaluation;

public sealed class EnrichmentEvaluatorTests
{
    private static readonly GoldArticle Politics = new()
    {
        Id = "politics",
        Language = "it",
        Source = "Test",
        Headline = "Meloni incontra Mattarella a Roma",
        Paragraphs = ["Giorgia Meloni al Quirinale con Sergio Mattarella."],
        Topic = "medtop:11000000",
        Entities =
        [
            new() { Name = "Giorgia Meloni", Type = EntityTypes.Person, Mentions = ["Meloni", "Giorgia Meloni"] },
            new() { Name = "Sergio Mattarella", Type = EntityTypes.Person, Mentions = ["Mattarella", "Sergio Mattarella"] },
            new() { Name = "Rome", Type = EntityTypes.Place, Mentions = ["Roma"] },
        ],
    };

    private static readonly GoldArticle Football = new()
    {
        Id = "football",
        Language = "en",
        Source = "Test",
        Headline = "Ronaldo scores for Juve in Turin",
        Paragraphs = ["Juve won in Turin."],
        Topic = "medtop:15000000",
        Entities =
        [
            new() { Name = "Juventus", Type = EntityTypes.Organisation, Mentions = ["Juve"] },
            new() { Name = "Cristiano Ronaldo", Type = EntityTypes.Person, Mentions = ["Ronaldo"] },
            new() { Name = "Turin", Type = EntityTypes.Place, Mentions = ["Turin"] },
        ],
    };

    [Fact]
    public void Evaluate_KnownPredictions_GiveExactMicroAveragedCounts()
    {
        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics, Football], []), Fake, pairJudge: null);

        var person = report.Entities.Single(e => e.Type == EntityTypes.Person);
        Assert.Equal((2, 1, 1), (person.TruePositives, person.FalsePositives, person.FalseNegatives));
        Assert.Equal(2.0 / 3, person.Precision, 12);
        Assert.Equal(2.0 / 3, person.Recall, 12);
        Assert.Equal(2.0 / 3, person.F1, 12);

        var place = report.Entities.Single(e => e.Type == EntityTypes.Place);
        Assert.Equal((2, 1, 0), (place.TruePositives, place.FalsePositives, place.FalseNegatives));
        Assert.Equal(0.8, place.F1, 12);

        var organisation = report.Entities.Single(e => e.Type == EntityTypes.Organisation);
        Assert.Equal((0, 1, 1), (organisation.TruePositives, organisation.FalsePositives, organisation.FalseNegatives));
        Assert.Equal(0, organisation.F1);

        Assert.Equal((4, 3, 2), (report.AllEntities.TruePositives, report.AllEntities.FalsePositives, report.AllEntities.FalseNegatives));
    }

    [Fact]
    public void Evaluate_PerLanguage_SplitsTheCountsByGoldLanguage()
    {
        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics, Football], []), Fake, pairJudge: null);

        var italianPerson = report.EntitiesByLanguage["it"].Single(e => e.Type == EntityTypes.Person);
        var englishPerson = report.EntitiesByLanguage["en"].Single(e => e.Type == EntityTypes.Person);
        Assert.Equal((1, 0, 1), (italianPerson.TruePositives, italianPerson.FalsePositives, italianPerson.FalseNegatives));
        Assert.Equal((1, 1, 0), (englishPerson.TruePositives, englishPerson.FalsePositives, englishPerson.FalseNegatives));
    }

    [Fact]
    public void Evaluate_LanguageAndTopic_CountTop1AndTop3()
    {
        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics, Football], []), Fake, pairJudge: null);

        Assert.Equal(new Accuracy(1, 2), report.Language);
        Assert.Equal(new Accuracy(1, 2), report.Topic);
        Assert.Equal(new Accuracy(2, 2), report.TopicTop3);
        Assert.Equal(2, report.ArticlesByLanguage.Count);
    }

    [Fact]
    public void Evaluate_Errors_NameWrongTypeAndMisses()
    {
        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics, Football], []), Fake, pairJudge: null);

        var football = report.Details.Single(d => d.Id == "football");
        Assert.Contains(football.Errors, e => e.Kind == EnrichmentEvaluator.FalsePositive && e.Name == "Juve" && e.Reason.Contains("wrong type", StringComparison.Ordinal));
        Assert.Contains(football.Errors, e => e.Kind == EnrichmentEvaluator.FalseNegative && e.Name == "Juventus" && e.Reason.Contains("found as place", StringComparison.Ordinal));
        Assert.Contains(report.WorstEntityErrors, g => g.Name == "Sergio Mattarella" && g.Kind == EnrichmentEvaluator.FalseNegative && g.Count == 1);
    }

    [Fact]
    public void Evaluate_Pairs_GivePrecisionAndRecallOfTheJudge()
    {
        var pairs = new[]
        {
            Pair("tp", duplicate: true, "Same", "Same"),
            Pair("fn", duplicate: true, "One", "Other"),
            Pair("fp", duplicate: false, "Twin", "Twin"),
            Pair("tn", duplicate: false, "Left", "Right"),
        };

        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics], pairs), Fake, (a, b) => a.Headline.Main == b.Headline.Main);

        Assert.Equal(new PairScore(1, 1, 1, 1), report.Pairs);
        Assert.Equal(0.5, report.Pairs!.Precision);
        Assert.Equal(0.5, report.Pairs.Recall);
        Assert.False(report.Targets.Single(t => t.Target.StartsWith("duplicate-pair", StringComparison.Ordinal)).Met);
    }

    [Fact]
    public void Evaluate_NoJudge_LeavesPairsUnmeasuredAndSaysSo()
    {
        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics], [Pair("p", true, "A", "A")]), Fake, pairJudge: null);

        Assert.Null(report.Pairs);
        Assert.False(string.IsNullOrEmpty(report.PairsNote));
        Assert.Null(report.Targets.Single(t => t.Target.StartsWith("duplicate-pair", StringComparison.Ordinal)).Met);
    }

    [Fact]
    public void Evaluate_Targets_AreJudgedAgainstTheIssueThresholds()
    {
        var report = EnrichmentEvaluator.Evaluate("gold", new GoldSet([Politics, Football], []), Fake, pairJudge: null);

        Assert.Equal(7, report.Targets.Count);
        Assert.Null(report.Targets.Single(t => t.Target.StartsWith("rewrites clustered", StringComparison.Ordinal)).Met); // no pairs: not measured
        Assert.False(report.Targets.Single(t => t.Target.StartsWith("person F1", StringComparison.Ordinal)).Met); // 0.67 < 0.80
        Assert.True(report.Targets.Single(t => t.Target.StartsWith("place F1", StringComparison.Ordinal)).Met); // 0.80
        Assert.False(report.Targets.Single(t => t.Target.StartsWith("language", StringComparison.Ordinal)).Met); // 50 %
    }

    [Fact]
    public void ToCanonical_LeavesTheLanguageUndeclaredAndEscapesTheHtml()
    {
        var article = Politics with { Paragraphs = ["Tom & Jerry <b>"] };

        var canonical = EnrichmentEvaluator.ToCanonical(article);

        Assert.Null(canonical.DeclaredLanguage);
        Assert.Equal("Meloni incontra Mattarella a Roma", canonical.Headline.Main);
        Assert.Equal("<p>Tom &amp; Jerry &lt;b&gt;</p>", canonical.Body.Html);
        Assert.Equal("Test", canonical.Source.Name);
        Assert.Equal(64, canonical.ContentHash.Length);
    }

    [Fact]
    public void Evaluate_RealGoldWithTheRealEnricher_AccountsForEveryGoldEntity()
    {
        var gold = GoldSetLoader.Load(GoldFiles.Enrichment);

        var report = EnrichmentEvaluator.Evaluate(GoldFiles.Enrichment, gold, ArticleEnricher.CreateDefault().Enrich, pairJudge: null);

        var goldEntities = gold.Articles.Sum(a => a.Entities.Count);
        Assert.Equal(goldEntities, report.AllEntities.TruePositives + report.AllEntities.FalseNegatives);
        Assert.Equal(gold.Articles.Count, report.Language.Total);
        Assert.InRange(report.AllEntities.F1, 0, 1);
    }

    private static Enrichment Fake(CanonicalArticle article) => article.ArticleId switch
    {
        "gold-politics" => new Enrichment
        {
            Language = new LanguageInfo { Code = "it" },
            Topics = [new Topic { Code = "medtop:11000000", Label = "politica", Score = 1 }],
            Entities =
            [
                Entity("Giorgia Meloni", EntityTypes.Person),
                Entity("Roma", EntityTypes.Place),
                Entity("Quirinale", EntityTypes.Organisation),
            ],
        },
        "gold-football" => new Enrichment
        {
            Language = new LanguageInfo { Code = "it" },
            Topics = [new Topic { Code = "medtop:04000000", Label = "economy", Score = 2 }, new Topic { Code = "medtop:15000000", Label = "sport", Score = 1 }],
            Entities =
            [
                Entity("Ronaldo", EntityTypes.Person),
                Entity("Turin", EntityTypes.Place),
                Entity("Juve", EntityTypes.Place),
                Entity("Allegri", EntityTypes.Person),
            ],
        },
        _ => throw new InvalidOperationException(article.ArticleId),
    };

    private static Entity Entity(string name, string type) => new() { Name = name, Type = type, Mentions = [name] };

    private static GoldPair Pair(string id, bool duplicate, string a, string b) => new()
    {
        Id = id,
        IsDuplicate = duplicate,
        A = new GoldPairSide { Headline = a, Paragraphs = ["text"] },
        B = new GoldPairSide { Headline = b, Paragraphs = ["text"] },
    };
}
