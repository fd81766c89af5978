using Pipeline.Cli.Evaluation;
using Pipeline.Contracts.Articles;

namespace Pipeline.Cli.Tests.Evaluation;

public sealed class EntityMatcherTests
{
    [Theory]
    [InlineData("Paternò", "paterno")]
    [InlineData("  Forlì-Cesena ", "forli-cesena")]
    [InlineData("Gianguido D’Alberto", "gianguido d'alberto")]
    [InlineData("Procter & Gamble Co.", "procter & gamble co")]
    [InlineData("Emilie   Dequenne", "emilie dequenne")]
    public void Key_FoldsCaseAccentsApostrophesAndSpaces(string name, string key) => Assert.Equal(key, EntityMatcher.Key(name));

    [Fact]
    public void Match_CaseAndAccentDifferences_AreCorrect()
    {
        var gold = Gold(new GoldEntity { Name = "Edin Džeko", Type = EntityTypes.Person, Mentions = ["Dzeko"] });

        var match = EntityMatcher.Match(gold, [Predicted("EDIN DZEKO", EntityTypes.Person)]);

        Assert.Equal(MatchOutcome.Correct, Assert.Single(match.Predictions).Outcome);
        Assert.Empty(match.Missed);
    }

    [Fact]
    public void Match_PredictedSurfaceFormEqualsGoldMention_IsCorrect()
    {
        var gold = Gold(new GoldEntity { Name = "Rome", Type = EntityTypes.Place, Mentions = ["Roma"] });

        var match = EntityMatcher.Match(gold, [Predicted("Roma Capitale", EntityTypes.Place, "Roma")]);

        Assert.Equal(MatchOutcome.Correct, Assert.Single(match.Predictions).Outcome);
    }

    [Fact]
    public void Match_SameNameOtherType_IsWrongTypeAndTheGoldIsMissed()
    {
        var roma = new GoldEntity { Name = "AS Roma", Type = EntityTypes.Organisation, Mentions = ["Roma"] };

        var match = EntityMatcher.Match(Gold(roma), [Predicted("Rome", EntityTypes.Place, "Roma")]);

        var judgement = Assert.Single(match.Predictions);
        Assert.Equal(MatchOutcome.WrongType, judgement.Outcome);
        Assert.Same(roma, judgement.Gold);
        Assert.Same(roma, Assert.Single(match.Missed));
    }

    [Fact]
    public void Match_TwoPredictionsOfOneGoldEntity_SecondIsADuplicate()
    {
        var gold = Gold(new GoldEntity { Name = "Vladimir Putin", Type = EntityTypes.Person, Mentions = ["Putin", "Vladimir Putin"] });

        var match = EntityMatcher.Match(gold, [Predicted("Putin", EntityTypes.Person), Predicted("Vladimir Putin", EntityTypes.Person)]);

        // The exact name wins the gold slot even though "Putin" came first.
        Assert.Equal(MatchOutcome.Duplicate, match.Predictions[0].Outcome);
        Assert.Equal(MatchOutcome.Correct, match.Predictions[1].Outcome);
    }

    [Fact]
    public void Match_IgnoredSurfaceForm_IsNotCounted_AndUnknownNameIsSpurious()
    {
        var gold = Gold(new GoldEntity { Name = "Florence", Type = EntityTypes.Place, Mentions = ["Firenze"] }) with { Ignored = ["Palazzo Pitti"] };

        var match = EntityMatcher.Match(gold, [Predicted("palazzo pitti", EntityTypes.Organisation), Predicted("Villa", EntityTypes.Person)]);

        Assert.Equal(MatchOutcome.Ignored, match.Predictions[0].Outcome);
        Assert.Equal(MatchOutcome.Spurious, match.Predictions[1].Outcome);
        Assert.Equal("Florence", Assert.Single(match.Missed).Name);
    }

    private static GoldArticle Gold(params GoldEntity[] entities) => new()
    {
        Id = "g",
        Language = "it",
        Source = "Test",
        Headline = "h",
        Paragraphs = ["p"],
        Topic = "medtop:11000000",
        Entities = entities,
    };

    private static Entity Predicted(string name, string type, params string[] mentions) =>
        new() { Name = name, Type = type, Mentions = mentions.Length == 0 ? [name] : mentions };
}
