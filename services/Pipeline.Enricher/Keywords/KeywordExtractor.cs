using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Keywords;

/// <summary>
/// Key phrases in the manner of YAKE (Campos et al., 2020): unsupervised, from the article alone.
/// Each word gets a score from its casing, position, frequency, context diversity and spread over
/// sentences; phrases of 1–3 words that neither start nor end with a stop word (per language) are
/// scored from their words and their own frequency (see <see cref="PhraseScore"/>). Phrases touching an entity's span are left out
/// (the entity already says it), as are near-repeats of a better phrase (most word stems shared).
/// <see cref="Keyword.Score"/> is <c>1 / (1 + S)</c> with S YAKE's score (lower S is better), so
/// higher is better and scores lie in (0, 1].
/// </summary>
internal sealed class KeywordExtractor(Lexicon lexicon)
{
    private const int StemLength = 6;
    private const double MinimumOverlap = 0.6;

    public IReadOnlyList<Keyword> Extract(IReadOnlyList<Token> tokens, string language, IEnumerable<TextSpan> entitySpans, int maximum, int maximumWords)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(entitySpans);
        if (maximum == 0)
        {
            return [];
        }

        var sentences = Sentences(tokens);
        var stats = WordStatistics(tokens, sentences, lexicon.StopWords(language));
        var candidates = Candidates(tokens, sentences, CoveredTokens(tokens, entitySpans), stats, maximumWords);
        return Choose(candidates, WordScores(stats, sentences.Count), stats, maximum);
    }

    /// <summary>Each word's (folded) counts: occurrences, casing, the sentences it is in, its neighbours.</summary>
    private static Dictionary<string, WordStats> WordStatistics(IReadOnlyList<Token> tokens, List<List<int>> sentences, HashSet<string> stopWords)
    {
        var stats = new Dictionary<string, WordStats>(StringComparer.Ordinal);
        for (var s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            for (var w = 0; w < sentence.Count; w++)
            {
                var token = tokens[sentence[w]];
                var term = token.Folded;
                if (!stats.TryGetValue(term, out var stat))
                {
                    stat = new WordStats(stopWords.Contains(term) || token.IsNumber || term.Length < 2);
                    stats[term] = stat;
                }

                stat.Count++;
                stat.Sentences.Add(s);
                if (token.IsAllCaps)
                {
                    stat.Acronyms++;
                }
                else if (token.IsCapitalised && !token.SentenceStart)
                {
                    stat.Capitalised++;
                }

                if (w > 0)
                {
                    stat.Left.Add(tokens[sentence[w - 1]].Folded);
                }

                if (w + 1 < sentence.Count)
                {
                    stat.Right.Add(tokens[sentence[w + 1]].Folded);
                }
            }
        }

        return stats;
    }

    /// <summary>
    /// Every phrase of 1 to <paramref name="maximumWords"/> contiguous words within a sentence, outside entity spans,
    /// neither starting nor ending with a stop word and without numbers or one-letter words, with its count.
    /// </summary>
    private static Dictionary<string, Candidate> Candidates(IReadOnlyList<Token> tokens, List<List<int>> sentences, HashSet<int> covered, Dictionary<string, WordStats> stats, int maximumWords)
    {
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            for (var w = 0; w < sentence.Count; w++)
            {
                for (var n = 1; n <= maximumWords && w + n <= sentence.Count; n++)
                {
                    var indices = sentence.Skip(w).Take(n).ToList();
                    if (!Contiguous(tokens, indices) || indices.Exists(covered.Contains))
                    {
                        break;
                    }

                    var terms = indices.Select(i => tokens[i].Folded).ToList();
                    if (stats[terms[0]].IsStopWord || stats[terms[^1]].IsStopWord || terms.Exists(t => t.Length < 2 || t.All(char.IsDigit)))
                    {
                        continue;
                    }

                    var key = string.Join(' ', terms);
                    if (!candidates.TryGetValue(key, out var candidate))
                    {
                        candidate = new Candidate(terms, string.Join(' ', indices.Select(i => tokens[i].Lower)));
                        candidates[key] = candidate;
                    }

                    candidate.Count++;
                }
            }
        }

        return candidates;
    }

    /// <summary>The best-scored phrases, up to <paramref name="maximum"/>, each skipped when it mostly repeats the stems of one already chosen.</summary>
    private static List<Keyword> Choose(Dictionary<string, Candidate> candidates, Dictionary<string, double> scores, Dictionary<string, WordStats> stats, int maximum)
    {
        var ranked = candidates.Values
            .Select(c => (Candidate: c, Score: PhraseScore(c, scores, stats)))
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Candidate.Text, StringComparer.Ordinal);

        var chosen = new List<(HashSet<string> Stems, Keyword Keyword)>();
        foreach (var (candidate, score) in ranked)
        {
            var stems = candidate.Terms.Where(t => !stats[t].IsStopWord).Select(Stem).ToHashSet(StringComparer.Ordinal);
            if (chosen.Exists(c => Overlaps(c.Stems, stems)))
            {
                continue;
            }

            chosen.Add((stems, new Keyword { Text = candidate.Text, Score = Math.Round(1.0 / (1.0 + score), 6) }));
            if (chosen.Count == maximum)
            {
                break;
            }
        }

        return [.. chosen.Select(c => c.Keyword)];
    }

    /// <summary>A crude stem for near-repeat detection: final vowels and <c>s</c> dropped, then at most six letters (<c>paese</c>/<c>paesi</c>, <c>rate</c>/<c>rates</c>).</summary>
    private static string Stem(string term)
    {
        var stem = term;
        if (stem.Length > 4 && stem[^1] == 's')
        {
            stem = stem[..^1];
        }

        if (stem.Length > 3 && stem[^1] is 'a' or 'e' or 'i' or 'o' or 'u' or 'y')
        {
            stem = stem[..^1];
        }

        return stem.Length > StemLength ? stem[..StemLength] : stem;
    }

    /// <summary>True when most stems of the shorter phrase are in the other: a near-repeat.</summary>
    private static bool Overlaps(HashSet<string> a, HashSet<string> b)
    {
        var shared = a.Count(b.Contains);
        return shared > 0 && shared >= MinimumOverlap * Math.Min(a.Count, b.Count);
    }

    private static HashSet<int> CoveredTokens(IReadOnlyList<Token> tokens, IEnumerable<TextSpan> spans)
    {
        var covered = new HashSet<int>();
        var ranges = spans.Select(s => (s.Start, End: s.Start + s.Length)).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (ranges.Exists(r => token.Start < r.End && token.End > r.Start))
            {
                covered.Add(i);
            }
        }

        return covered;
    }

    /// <summary>Word-token indices per sentence; punctuation stays out but breaks phrases (see <see cref="Contiguous"/>).</summary>
    private static List<List<int>> Sentences(IReadOnlyList<Token> tokens)
    {
        var sentences = new List<List<int>>();
        List<int>? current = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.IsWord)
            {
                continue;
            }

            if (current is null || token.SentenceStart)
            {
                current = [];
                sentences.Add(current);
            }

            current.Add(i);
        }

        return sentences;
    }

    /// <summary>True when nothing but spaces separates the words (no punctuation inside a phrase).</summary>
    private static bool Contiguous(IReadOnlyList<Token> tokens, List<int> indices)
    {
        for (var k = 1; k < indices.Count; k++)
        {
            if (indices[k] != indices[k - 1] + 1)
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, double> WordScores(Dictionary<string, WordStats> stats, int sentenceCount)
    {
        var content = stats.Values.Where(s => !s.IsStopWord).Select(s => (double)s.Count).ToList();
        var mean = content.Count > 0 ? content.Average() : 0;
        var deviation = content.Count > 1 ? Math.Sqrt(content.Sum(c => (c - mean) * (c - mean)) / content.Count) : 0;
        var maximum = content.Count > 0 ? content.Max() : 1;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (term, s) in stats)
        {
            var casing = Math.Max(s.Capitalised, s.Acronyms) / (1.0 + Math.Log(s.Count));
            var median = s.Sentences.OrderBy(x => x).ElementAt(s.Sentences.Count / 2);
            var position = Math.Log(Math.Log(3 + median));
            var frequency = s.Count / (mean + deviation + 1e-9);
            var left = s.Left.Count == 0 ? 0 : s.Left.Distinct(StringComparer.Ordinal).Count() / (double)s.Left.Count;
            var right = s.Right.Count == 0 ? 0 : s.Right.Distinct(StringComparer.Ordinal).Count() / (double)s.Right.Count;
            var relatedness = 1 + ((left + right) * s.Count / maximum);
            var spread = s.Sentences.Count / (double)Math.Max(1, sentenceCount);
            scores[term] = relatedness * position / (casing + (frequency / relatedness) + (spread / relatedness));
        }

        return scores;
    }

    /// <summary>
    /// The geometric mean of the content words' scores over the phrase's frequency, favouring phrases
    /// of more words by the square root of their count (YAKE's plain product makes any extra word look
    /// better; the mean keeps a frequent two-word phrase ahead of a rare three-word one).
    /// </summary>
    private static double PhraseScore(Candidate candidate, Dictionary<string, double> scores, Dictionary<string, WordStats> stats)
    {
        var content = candidate.Terms.Where(t => !stats[t].IsStopWord).Select(t => Math.Max(scores[t], 1e-9)).ToList();
        var geometricMean = Math.Exp(content.Average(Math.Log));
        return geometricMean / (candidate.Count * Math.Sqrt(content.Count));
    }

    private sealed class WordStats(bool isStopWord)
    {
        public bool IsStopWord { get; } = isStopWord;

        public int Count { get; set; }

        public int Capitalised { get; set; }

        public int Acronyms { get; set; }

        public HashSet<int> Sentences { get; } = [];

        public List<string> Left { get; } = [];

        public List<string> Right { get; } = [];
    }

    private sealed class Candidate(List<string> terms, string text)
    {
        public List<string> Terms { get; } = terms;

        public string Text { get; } = text;

        public int Count { get; set; }
    }
}
