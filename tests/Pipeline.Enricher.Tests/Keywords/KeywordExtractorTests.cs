using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Keywords;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Tests.Keywords;

public sealed class KeywordExtractorTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();

    [Fact]
    public void Enrich_PrimaNotiziaSample_FindsRelevantPhrases()
    {
        var keywords = Enricher.Enrich(Articles.PrimaNotizia()).Keywords.Select(k => k.Text).ToList();

        Assert.Contains("operazione militare speciale", keywords);
        Assert.Contains("colloquio telefonico", keywords);
        Assert.Contains("liberazione", keywords);
        Assert.Equal(10, keywords.Count);
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_KeywordsNeitherStartNorEndWithStopWords()
    {
        var stopWords = Lexicon.Default.StopWords("it");

        var keywords = Enricher.Enrich(Articles.PrimaNotizia()).Keywords;

        Assert.All(keywords, k =>
        {
            var words = k.Text.Split(' ');
            Assert.DoesNotContain(TextFolding.Fold(words[0]), stopWords);
            Assert.DoesNotContain(TextFolding.Fold(words[^1]), stopWords);
        });
    }

    [Theory]
    [MemberData(nameof(Stories))]
    public void Enrich_Story_KeywordsDoNotRepeatEntities(string name)
    {
        var article = name == "it" ? Articles.PrimaNotizia() : Articles.EnglishStory();

        var enrichment = Enricher.Enrich(article);

        var mentions = enrichment.Entities.SelectMany(e => e.Mentions.Append(e.Name)).Select(m => m.ToLowerInvariant()).ToHashSet();
        Assert.NotEmpty(enrichment.Keywords);
        Assert.All(enrichment.Keywords, k => Assert.DoesNotContain(mentions, m => k.Text.Contains(m, StringComparison.Ordinal)));
    }

    public static TheoryData<string> Stories => new() { "it", "en" };

    [Fact]
    public void Enrich_EnglishStory_ScoresDescendAndStayInRange()
    {
        var keywords = Enricher.Enrich(Articles.EnglishStory()).Keywords;

        Assert.Contains(keywords, k => k.Text.Contains("rates", StringComparison.Ordinal));
        Assert.Equal(keywords.Select(k => k.Score).OrderDescending(), keywords.Select(k => k.Score));
        Assert.All(keywords, k => Assert.InRange(k.Score, 0.0, 1.0));
        Assert.Equal(keywords.Count, keywords.Select(k => k.Text).Distinct().Count());
    }

    [Fact]
    public void Extract_RepeatedPhrase_OutranksSingleMentions()
    {
        var text = "Il caro energia pesa sulle famiglie. Il governo discute il caro energia con le imprese. "
            + "Secondo i sindacati il caro energia riduce i consumi delle famiglie.";
        var tokens = Tokenizer.Tokenize(text);

        var keywords = new KeywordExtractor(Lexicon.Default).Extract(tokens, "it", [], maximum: 5, maximumWords: 3);

        Assert.Equal("caro energia", keywords[0].Text);
        Assert.DoesNotContain(keywords, k => k.Text is "caro" or "energia");
    }

    [Fact]
    public void Extract_MaximumZero_ReturnsNothing()
    {
        var tokens = Tokenizer.Tokenize("Una frase qualsiasi con parole.");

        Assert.Empty(new KeywordExtractor(Lexicon.Default).Extract(tokens, "it", Array.Empty<TextSpan>(), maximum: 0, maximumWords: 3));
    }

    [Fact]
    public void Enrich_MaximumKeywordsOption_LimitsTheList()
    {
        var enricher = new ArticleEnricher(Options.Create(new EnricherOptions { MaximumKeywords = 3 }));

        Assert.Equal(3, enricher.Enrich(Articles.PrimaNotizia()).Keywords.Count);
    }
}
