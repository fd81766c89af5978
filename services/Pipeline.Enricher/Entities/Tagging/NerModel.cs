using System.IO.Compression;
using System.Text;

namespace Pipeline.Enricher.Entities.Tagging;

/// <summary>
/// A greedy left-to-right BIO tagger with averaged-perceptron weights over hashed features (see
/// <see cref="NerFeatureExtractor"/>). Immutable after loading: one instance serves every thread.
/// </summary>
internal sealed class NerModel
{
    private const string Magic = "PNER1";

    /// <summary>The shipped model's file (embedded from <c>Data/</c>; trained by <c>tests/Pipeline.NerTraining</c>).</summary>
    public const string FileName = "ner-model.bin.gz";

    private readonly float[] _weights;
    private readonly int _mask;

    public NerModel(int bucketBits, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (bucketBits is < 8 or > 24 || weights.Length != (1 << bucketBits) * NerLabels.Count)
        {
            throw new ArgumentException("Weights do not match the bucket count.", nameof(weights));
        }

        BucketBits = bucketBits;
        _mask = (1 << bucketBits) - 1;
        _weights = weights;
    }

    public int BucketBits { get; }

    /// <summary>The model shipped with the enricher, loaded once.</summary>
    public static NerModel Default => Holder.Instance;

    public int Bucket(ulong hash) => (int)(hash ^ (hash >> 29)) & _mask;

    /// <summary>The best label of every token, and the margin of each choice over the best other label.</summary>
    public (int[] Labels, float[] Margins) Predict(NerSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var labels = new int[sequence.Length];
        var margins = new float[sequence.Length];
        Span<ulong> features = stackalloc ulong[NerFeatureExtractor.MaximumFeatures];
        Span<float> scores = stackalloc float[NerLabels.Count];
        var previous = NerLabels.Outside;
        var previous2 = NerLabels.Outside;
        for (var i = 0; i < sequence.Length; i++)
        {
            var count = NerFeatureExtractor.Extract(sequence, i, previous, previous2, features);
            Score(features[..count], scores);
            var (best, margin) = Best(scores, previous);
            labels[i] = best;
            margins[i] = margin;
            previous2 = previous;
            previous = best;
        }

        return (labels, margins);
    }

    public void Score(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        scores.Clear();
        foreach (var feature in features)
        {
            var row = Bucket(feature) * NerLabels.Count;
            for (var l = 0; l < NerLabels.Count; l++)
            {
                scores[l] += _weights[row + l];
            }
        }
    }

    public static (int Label, float Margin) Best(ReadOnlySpan<float> scores, int previous)
    {
        var best = -1;
        var second = float.NegativeInfinity;
        for (var l = 0; l < NerLabels.Count; l++)
        {
            if (!NerLabels.Allowed(previous, l))
            {
                continue;
            }

            if (best < 0 || scores[l] > scores[best])
            {
                if (best >= 0)
                {
                    second = Math.Max(second, scores[best]);
                }

                best = l;
            }
            else
            {
                second = Math.Max(second, scores[l]);
            }
        }

        return (best, scores[best] - second);
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(BucketBits);
        writer.Write(NerLabels.Count);
        foreach (var w in _weights)
        {
            writer.Write((Half)w);
        }
    }

    public static NerModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException("Not a Pipeline NER model.");
        }

        var bits = reader.ReadInt32();
        if (bits is < 8 or > 24 || reader.ReadInt32() != NerLabels.Count)
        {
            throw new InvalidDataException("The NER model's shape is not this tagger's.");
        }

        var weights = new float[(1 << bits) * NerLabels.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)reader.ReadHalf();
        }

        return new NerModel(bits, weights);
    }

    private static class Holder
    {
        public static readonly NerModel Instance = LoadEmbedded();

        private static NerModel LoadEmbedded()
        {
            var name = "Pipeline.Enricher.Data." + FileName;
            using var stream = typeof(NerModel).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded data file '{name}' is missing.");
            return Load(stream);
        }
    }
}
