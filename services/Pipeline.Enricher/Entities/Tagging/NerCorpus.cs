using System.Text;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Entities.Tagging;

/// <summary>
/// Reads training corpora in the compact CoNLL-style format (<c>token&lt;TAB&gt;TAG</c>, blank line between sentences)
/// and re-tokenises each sentence with the enricher's <see cref="Tokenizer"/>, so the tagger learns on the tokens it
/// will see (apostrophes dropped, <c>U.S.</c> and <c>Jean-Luc</c> one token).
/// </summary>
internal static class NerCorpus
{
    /// <summary>Sentences read per pseudo-document for the "written lower case elsewhere" feature.</summary>
    public const int SentencesPerDocument = 40;

    public static IEnumerable<(string[] Words, string[] Tags)> ReadSentences(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var words = new List<string>();
        var tags = new List<string>();
        while (true)
        {
            var line = reader.ReadLine();
            if (string.IsNullOrWhiteSpace(line))
            {
                if (words.Count > 0)
                {
                    yield return ([.. words], [.. tags]);
                    words.Clear();
                    tags.Clear();
                }

                if (line is null)
                {
                    yield break;
                }

                continue;
            }

            var tab = line.LastIndexOf('\t');
            if (tab <= 0)
            {
                continue;
            }

            words.Add(line[..tab]);
            tags.Add(line[(tab + 1)..].Trim());
        }
    }

    /// <summary>Tagger sequences and gold labels of the sentences, grouped into pseudo-documents.</summary>
    public static List<(NerSequence Sequence, int[] Labels)> Prepare(
        IEnumerable<(string[] Words, string[] Tags)> sentences, NerLexicon lexicon, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new List<(NerSequence, int[])>();
        var block = new List<(Token[] Tokens, int[] Labels)>();
        foreach (var (words, tags) in sentences)
        {
            if (Align(words, tags) is { } aligned)
            {
                block.Add(aligned);
            }

            if (block.Count == SentencesPerDocument)
            {
                Flush();
            }
        }

        Flush();
        return result;

        void Flush()
        {
            var lower = new HashSet<string>(
                block.SelectMany(b => b.Tokens).Where(t => t.IsWord && char.IsLower(t.Text[0])).Select(t => t.Folded), StringComparer.Ordinal);
            foreach (var (tokens, labels) in block)
            {
                result.Add((NerSequence.Create(tokens, lexicon, lower, language), labels));
            }

            block.Clear();
        }
    }

    /// <summary>The sentence joined by spaces, tokenised, each token labelled from the corpus word it lies in.</summary>
    public static (Token[] Tokens, int[] Labels)? Align(string[] words, string[] tags)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(tags);
        var text = new StringBuilder();
        var starts = new int[words.Length];
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
            {
                text.Append(' ');
            }

            starts[w] = text.Length;
            text.Append(words[w].Replace('\n', ' '));
        }

        var tokens = Tokenizer.Tokenize(text.ToString()).Where(t => t.Kind != TokenKind.Break).ToArray();
        if (tokens.Length == 0)
        {
            return null;
        }

        var labels = new int[tokens.Length];
        var lastWord = -1;
        for (var t = 0; t < tokens.Length; t++)
        {
            var w = Array.BinarySearch(starts, tokens[t].Start);
            w = w >= 0 ? w : ~w - 1;
            var label = NerLabels.Parse(tags[w]);
            if (label != NerLabels.Outside && w == lastWord)
            {
                label = NerLabels.Inside(NerLabels.Kind(label)); // the second piece of "Obama's" continues the name
            }

            labels[t] = label;
            lastWord = w;
        }

        return (tokens, labels);
    }
}
