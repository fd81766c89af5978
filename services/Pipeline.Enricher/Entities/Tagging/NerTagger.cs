using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Entities.Tagging;

/// <summary>A name the tagger found: token range in the article's token list, its type and the weakest margin inside it.</summary>
internal readonly record struct TaggedSpan(int First, int Last, string Type, float Margin);

/// <summary>Runs the <see cref="NerModel"/> over an article's tokens and returns the names as token ranges. Thread-safe.</summary>
internal sealed class NerTagger(NerModel model, NerLexicon lexicon)
{
    public static NerTagger Default => Holder.Instance;

    /// <summary>The names in <paramref name="tokens"/>; <paramref name="language"/> (<c>en</c>, <c>it</c>, other) is a feature.</summary>
    public List<TaggedSpan> Tag(IReadOnlyList<Token> tokens, IReadOnlySet<string> lowerCaseWords, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var spans = new List<TaggedSpan>();
        foreach (var (offset, sequence) in NerSequence.Split(tokens, lexicon, lowerCaseWords, language))
        {
            var (labels, margins) = model.Predict(sequence);
            Collect(labels, margins, offset, spans);
        }

        return spans;
    }

    /// <summary>Spans of a BIO label sequence (an inside label after another kind starts a name).</summary>
    public static void Collect(int[] labels, float[] margins, int offset, List<TaggedSpan> into)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(into);
        var i = 0;
        while (i < labels.Length)
        {
            var kind = NerLabels.Kind(labels[i]);
            if (kind < 0)
            {
                i++;
                continue;
            }

            var j = i + 1;
            var margin = margins[i];
            while (j < labels.Length && labels[j] == NerLabels.Inside(kind))
            {
                margin = Math.Min(margin, margins[j]);
                j++;
            }

            into.Add(new TaggedSpan(offset + i, offset + j - 1, NerLabels.EntityType(kind), margin));
            i = j;
        }
    }

    private static class Holder
    {
        public static readonly NerTagger Instance = new(NerModel.Default, NerLexicon.Default);
    }
}
