using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Topics;

/// <summary>
/// IPTC Media Topics (the 17 top-level codes) from the source's sections and subjects (a strong
/// signal, worth <see cref="SectionWeight"/> cue words) and from cue words in the text (each word
/// counts once per topic). A topic needs <see cref="MinimumEvidence"/> points; its score is
/// <c>points / (points + 4)</c>, in (0, 1). Labels are Italian for Italian articles, else English.
/// </summary>
internal sealed class TopicClassifier
{
    public const int SectionWeight = 3;
    public const int MinimumEvidence = 2;
    private const int PrefixLength = 5;

    private readonly List<TopicEntry> _topics;

    private TopicClassifier()
    {
        _topics = [.. DataFiles.Lines("topics.tsv").Select(line =>
        {
            var parts = line.Split('\t');
            var cues = parts[4].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TextFolding.Fold).ToList();
            return new TopicEntry(
                parts[0], parts[1], parts[2],
                parts[3].Split('|').Select(TextFolding.Fold).ToHashSet(StringComparer.Ordinal),
                cues.Where(c => c.Length < PrefixLength).ToHashSet(StringComparer.Ordinal),
                [.. cues.Where(c => c.Length >= PrefixLength)]);
        })];
    }

    public static TopicClassifier Default => Holder.Instance;

    /// <summary>Number of topics known (17).</summary>
    public int Count => _topics.Count;

    public IReadOnlyList<Topic> Classify(CanonicalArticle article, IReadOnlyList<Token> tokens, string language, int maximum)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(tokens);
        var sections = article.Sections.Concat(article.Subjects).Select(s => TextFolding.Fold(s.Trim())).ToList();
        var words = tokens.Where(t => t.IsWord && t.Text.Length >= 3).GroupBy(t => t.Folded, StringComparer.Ordinal).Select(g => (Word: g.Key, Count: g.Count())).ToList();
        var results = new List<(TopicEntry Topic, int Points)>();
        foreach (var topic in _topics)
        {
            var points = sections.Count(topic.Sections.Contains) * SectionWeight;
            points += words.Where(w => topic.Words.Contains(w.Word) || topic.Prefixes.Exists(p => w.Word.StartsWith(p, StringComparison.Ordinal))).Sum(w => w.Count);
            if (points >= MinimumEvidence)
            {
                results.Add((topic, points));
            }
        }

        return [.. results
            .OrderByDescending(r => r.Points)
            .ThenBy(r => r.Topic.Code, StringComparer.Ordinal)
            .Take(maximum)
            .Select(r => new Topic
            {
                Code = r.Topic.Code,
                Label = language == "it" ? r.Topic.Italian : r.Topic.English,
                Score = Math.Round(r.Points / (r.Points + 4.0), 4),
            })];
    }

    private sealed record TopicEntry(string Code, string English, string Italian, HashSet<string> Sections, HashSet<string> Words, List<string> Prefixes);

    private static class Holder
    {
        public static readonly TopicClassifier Instance = new();
    }
}
