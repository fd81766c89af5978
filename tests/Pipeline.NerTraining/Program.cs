using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pipeline.Enricher.Entities.Tagging;

// Trains the named-entity tagger shipped in services/Pipeline.Enricher/Data/ner-model.bin.gz.
//   Pipeline.NerTraining <corpus folder> <model path>            train on every *.tsv.gz of the folder, write the model
//   Pipeline.NerTraining <corpus folder> --evaluate              train on 90 %, report entity P/R/F1 on every 10th sentence
//   Pipeline.NerTraining <corpus folder> --evaluate <test files>  train on every file of the folder, report on the test files
//                                                                (the blind Italian sentences: tests/corpus/ner/blind/*.tsv.gz)
// Same corpus and seed give the same model, byte for byte.
if (args.Length < 2 || (args[1] != "--evaluate" && args.Length != 2))
{
    Console.Error.WriteLine("usage: Pipeline.NerTraining <corpus folder> (<model path> | --evaluate [<test file>...])");
    return 2;
}

var lexicon = NerLexicon.Default;
var evaluate = args[1] == "--evaluate";
var heldOut = evaluate && args.Length > 2 ? Read(args.Skip(2), augment: false) : null;
// The 90/10 evaluation does without the title-case copies (a copy of a test sentence must not be trained on).
var corpus = Read(Directory.GetFiles(args[0], "*.tsv.gz").Order(StringComparer.Ordinal), augment: !evaluate || heldOut is not null);
var train = evaluate && heldOut is null ? corpus.Where((_, i) => i % 10 != 0).ToList() : corpus;
var trainer = new NerTrainer();
var model = trainer.Train(train, (epoch, accuracy) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: training token accuracy {accuracy:0.0000}")));

if (evaluate)
{
    var test = heldOut ?? corpus.Where((_, i) => i % 10 == 0).ToList();
    var tp = new int[3];
    var fp = new int[3];
    var fn = new int[3];
    foreach (var (sequence, gold) in test)
    {
        var (labels, margins) = model.Predict(sequence);
        var predicted = new List<TaggedSpan>();
        var expected = new List<TaggedSpan>();
        NerTagger.Collect(labels, margins, 0, predicted);
        NerTagger.Collect(gold, new float[gold.Length], 0, expected);
        foreach (var span in predicted)
        {
            var k = Kind(span.Type);
            if (expected.Exists(e => e.First == span.First && e.Last == span.Last && e.Type == span.Type))
            {
                tp[k]++;
            }
            else
            {
                fp[k]++;
            }
        }

        foreach (var span in expected)
        {
            if (!predicted.Exists(p => p.First == span.First && p.Last == span.Last && p.Type == span.Type))
            {
                fn[Kind(span.Type)]++;
            }
        }
    }

    string[] names = ["person", "organisation", "place"];
    for (var k = 0; k < 3; k++)
    {
        var p = tp[k] / (double)Math.Max(1, tp[k] + fp[k]);
        var r = tp[k] / (double)Math.Max(1, tp[k] + fn[k]);
        var f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[k],-13} P {p:0.00} R {r:0.00} F1 {f:0.00} (TP {tp[k]}, FP {fp[k]}, FN {fn[k]})"));
    }

    return 0;
}

using (var output = File.Create(args[1]))
{
    model.Save(output);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model written to {args[1]} ({new FileInfo(args[1]).Length / 1024} KB)"));
return 0;

List<(NerSequence Sequence, int[] Labels)> Read(IEnumerable<string> files, bool augment)
{
    var sentences = new List<(NerSequence Sequence, int[] Labels)>();
    foreach (var file in files)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var read = NerCorpus.ReadSentences(reader).ToList();
        if (augment)
        {
            read.AddRange(TitleCaseAcronyms(read).ToList());
        }

        var part = NerCorpus.Prepare(read, lexicon, Language(file));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {part.Count} sentences, {part.Sum(p => p.Sequence.Length)} tokens"));
        sentences.AddRange(part);
    }

    return sentences;
}

// Italian papers write acronyms as words ("Fca", "Psa", "Bce", "Nasa"): every training sentence with an all-caps
// organisation acronym (2 to 5 letters) is seen a second time with the acronym written that way.
static IEnumerable<(string[] Words, string[] Tags)> TitleCaseAcronyms(List<(string[] Words, string[] Tags)> sentences)
{
    foreach (var (words, tags) in sentences)
    {
        var changed = false;
        var copy = (string[])words.Clone();
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (tags[i].EndsWith("-ORG", StringComparison.Ordinal) && w.Length is >= 2 and <= 5 && w.All(char.IsUpper))
            {
                copy[i] = w[0] + w[1..].ToLowerInvariant();
                changed = true;
            }
        }

        if (changed)
        {
            yield return (copy, tags);
        }
    }
}

// The corpus file's language is the start of its name: "en-gum.tsv.gz", "it-pud.tsv.gz".
static string? Language(string file) => Path.GetFileName(file).Split('-')[0] switch
{
    "en" => "en",
    "it" => "it",
    _ => null,
};

static int Kind(string type) => type switch
{
    "person" => 0,
    "organisation" => 1,
    _ => 2,
};
