using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pipeline.Enricher.Entities.Tagging;

// Trains the named-entity tagger shipped in services/Pipeline.Enricher/Data/ner-model.bin.gz.
//   Pipeline.NerTraining <corpus folder> <model path>            train on every *.tsv.gz of the folder, write the model
//   Pipeline.NerTraining <corpus folder> --evaluate              train on 90 %, report entity P/R/F1 on every 10th sentence
// Same corpus and seed give the same model, byte for byte.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Pipeline.NerTraining <corpus folder> (<model path> | --evaluate)");
    return 2;
}

var lexicon = NerLexicon.Default;
var files = Directory.GetFiles(args[0], "*.tsv.gz").Order(StringComparer.Ordinal).ToArray();
var corpus = new List<(NerSequence Sequence, int[] Labels)>();
foreach (var file in files)
{
    using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
    using var reader = new StreamReader(stream, Encoding.UTF8);
    var part = NerCorpus.Prepare(NerCorpus.ReadSentences(reader).ToList(), lexicon);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {part.Count} sentences, {part.Sum(p => p.Sequence.Length)} tokens"));
    corpus.AddRange(part);
}

var evaluate = args[1] == "--evaluate";
var train = evaluate ? corpus.Where((_, i) => i % 10 != 0).ToList() : corpus;
var trainer = new NerTrainer();
var model = trainer.Train(train, (epoch, accuracy) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: training token accuracy {accuracy:0.0000}")));

if (evaluate)
{
    var test = corpus.Where((_, i) => i % 10 == 0).ToList();
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

static int Kind(string type) => type switch
{
    "person" => 0,
    "organisation" => 1,
    _ => 2,
};
