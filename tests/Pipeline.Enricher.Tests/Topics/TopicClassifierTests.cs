using Pipeline.Enricher.Text;
using Pipeline.Enricher.Topics;

namespace Pipeline.Enricher.Tests.Topics;

public sealed class TopicClassifierTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();

    [Fact]
    public void Default_KnowsTheSeventeenTopLevelTopics()
    {
        Assert.Equal(17, TopicClassifier.Default.Count);
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_IsPoliticsThenConflictInItalian()
    {
        var topics = Enricher.Enrich(Articles.PrimaNotizia()).Topics;

        Assert.Equal("medtop:11000000", topics[0].Code);
        Assert.Equal("politica", topics[0].Label);
        Assert.Contains(topics, t => t.Code == "medtop:16000000" && t.Label == "conflitti, guerra e pace");
    }

    [Fact]
    public void Enrich_EnglishStory_IsEconomyInEnglish()
    {
        var topics = Enricher.Enrich(Articles.EnglishStory()).Topics;

        Assert.Equal("medtop:04000000", topics[0].Code);
        Assert.Equal("economy, business and finance", topics[0].Label);
        Assert.All(topics, t => Assert.InRange(t.Score, 0.0, 1.0));
    }

    [Fact]
    public void Classify_SectionAlone_IsAStrongSignal()
    {
        var article = Articles.Build("Domenica pomeriggio", "Tutto come previsto.", []) with { Sections = ["Sport"] };

        var topics = TopicClassifier.Default.Classify(article, Tokenizer.Tokenize("Domenica pomeriggio"), "it", 3);

        var topic = Assert.Single(topics);
        Assert.Equal("medtop:15000000", topic.Code);
        Assert.Equal("sport", topic.Label);
    }

    [Fact]
    public void Classify_NoEvidence_ReturnsNothing()
    {
        var article = Articles.Build("Nota", null, []);

        Assert.Empty(TopicClassifier.Default.Classify(article, Tokenizer.Tokenize("Nota breve"), "it", 3));
    }
}
