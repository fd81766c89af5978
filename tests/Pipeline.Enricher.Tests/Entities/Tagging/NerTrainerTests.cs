using Pipeline.Enricher.Entities.Tagging;

namespace Pipeline.Enricher.Tests.Entities.Tagging;

public sealed class NerTrainerTests
{
    // A tiny corpus written for this test: names in varied contexts.
    private const string Corpus = """
        Anna	B-PER
        Verdi	I-PER
        works	O
        for	O
        Zentrix	B-ORG
        in	O
        Lisbon	B-LOC
        .	O

        Zentrix	B-ORG
        hired	O
        Marco	B-PER
        Bianchi	I-PER
        last	O
        year	O
        .	O

        Marco	B-PER
        Bianchi	I-PER
        moved	O
        to	O
        Lisbon	B-LOC
        .	O

        The	O
        office	O
        of	O
        Zentrix	B-ORG
        is	O
        near	O
        Porto	B-LOC
        .	O

        Anna	B-PER
        Verdi	I-PER
        visited	O
        Porto	B-LOC
        with	O
        friends	O
        .	O

        """;

    private static List<(NerSequence Sequence, int[] Labels)> Prepare() =>
        NerCorpus.Prepare(NerCorpus.ReadSentences(new StringReader(Corpus)).ToList(), NerLexicon.Default);

    [Fact]
    public void Train_OnTinyCorpus_LearnsIt()
    {
        var corpus = Prepare();

        var model = new NerTrainer(bucketBits: 12, epochs: 10).Train(corpus);

        foreach (var (sequence, gold) in corpus)
        {
            Assert.Equal(gold, model.Predict(sequence).Labels);
        }
    }

    [Fact]
    public void Train_LanguageIsAFeature_SameWordsReadPerLanguage()
    {
        // The same words, a name in the Italian sentences and a common word in the English ones: only the language tells them apart.
        const string Sentence = """
            Arriva	O
            Brava	B-LOC
            oggi	O
            .	O

            """;
        var italian = NerCorpus.Prepare(NerCorpus.ReadSentences(new StringReader(Sentence)).ToList(), NerLexicon.Default, "it");
        var english = NerCorpus.Prepare(
            NerCorpus.ReadSentences(new StringReader(Sentence.Replace("B-LOC", "O", StringComparison.Ordinal))).ToList(), NerLexicon.Default, "en");

        var model = new NerTrainer(bucketBits: 12, epochs: 10).Train([.. italian, .. english, .. italian, .. english]);

        Assert.Equal(italian[0].Labels, model.Predict(italian[0].Sequence).Labels);
        Assert.Equal(english[0].Labels, model.Predict(english[0].Sequence).Labels);
        Assert.NotEqual(italian[0].Labels, english[0].Labels);
    }

    [Fact]
    public void Train_SameDataAndSeed_GivesTheSameModelBytes()
    {
        var corpus = Prepare();

        var first = Save(new NerTrainer(bucketBits: 12, epochs: 3, seed: 5).Train(corpus));
        var second = Save(new NerTrainer(bucketBits: 12, epochs: 3, seed: 5).Train(corpus));

        Assert.Equal(first, second);
    }

    [Fact]
    public void SaveAndLoad_KeepsPredictions()
    {
        var corpus = Prepare();
        var model = new NerTrainer(bucketBits: 12, epochs: 5).Train(corpus);

        var loaded = NerModel.Load(new MemoryStream(Save(model)));

        Assert.All(corpus, c => Assert.Equal(model.Predict(c.Sequence).Labels, loaded.Predict(c.Sequence).Labels));
    }

    [Fact]
    public void Align_RetokenisesCorpusWordsAndKeepsNamesWhole()
    {
        var aligned = NerCorpus.Align(["Obama's", "visit", "to", "the", "U.S.", "Senate"], ["B-PER", "O", "O", "O", "B-ORG", "I-ORG"]);

        Assert.NotNull(aligned);
        var (tokens, labels) = aligned.Value;
        Assert.Equal(["Obama", "s", "visit", "to", "the", "U.S.", "Senate"], tokens.Select(t => t.Text));
        Assert.Equal(["B-PER", "I-PER", "O", "O", "O", "B-ORG", "I-ORG"], labels.Select(NerLabels.Name));
    }

    private static byte[] Save(NerModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
