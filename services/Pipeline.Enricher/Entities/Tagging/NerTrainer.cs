namespace Pipeline.Enricher.Entities.Tagging;

/// <summary>
/// Trains a <see cref="NerModel"/>: averaged perceptron, greedy decoding with the tagger's own previous labels,
/// sentences shuffled each epoch by a seeded generator, so the same data and seed give the same model.
/// </summary>
internal sealed class NerTrainer(int bucketBits = 18, int epochs = 8, int seed = 17)
{
    public NerModel Train(IReadOnlyList<(NerSequence Sequence, int[] Labels)> corpus, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var size = (1 << bucketBits) * NerLabels.Count;
        var weights = new float[size];
        var totals = new double[size];
        var stamps = new int[size];
        var model = new NerModel(bucketBits, weights); // shares the weight array being trained
        var order = Enumerable.Range(0, corpus.Count).ToArray();
        var random = new Random(seed);
        var time = 0;
        Span<ulong> features = stackalloc ulong[NerFeatureExtractor.MaximumFeatures];
        Span<float> scores = stackalloc float[NerLabels.Count];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            var correct = 0;
            var seen = 0;
            foreach (var index in order)
            {
                var (sequence, gold) = corpus[index];
                var previous = NerLabels.Outside;
                var previous2 = NerLabels.Outside;
                for (var i = 0; i < sequence.Length; i++)
                {
                    time++;
                    var count = NerFeatureExtractor.Extract(sequence, i, previous, previous2, features);
                    model.Score(features[..count], scores);
                    var (guess, _) = NerModel.Best(scores, previous);
                    var truth = gold[i];
                    if (!NerLabels.Allowed(previous, truth))
                    {
                        truth = NerLabels.Begin(NerLabels.Kind(truth)); // after a wrong guess, the gold name starts here
                    }

                    if (guess != truth)
                    {
                        foreach (var feature in features[..count])
                        {
                            var row = model.Bucket(feature) * NerLabels.Count;
                            Update(row + truth, 1f);
                            Update(row + guess, -1f);
                        }
                    }
                    else
                    {
                        correct++;
                    }

                    seen++;
                    previous2 = previous;
                    previous = guess;
                }
            }

            progress?.Invoke(epoch + 1, seen == 0 ? 1 : (double)correct / seen);
        }

        var averaged = new float[size];
        for (var e = 0; e < size; e++)
        {
            var total = totals[e] + ((time - stamps[e]) * (double)weights[e]);
            averaged[e] = time == 0 ? 0 : (float)(total / time);
        }

        return new NerModel(bucketBits, averaged);

        void Update(int entry, float delta)
        {
            totals[entry] += (time - stamps[entry]) * (double)weights[entry];
            stamps[entry] = time;
            weights[entry] += delta;
        }
    }
}
