using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// What happened, in any of the article languages: folded words (<c>terremoto</c>, <c>earthquake</c>,
/// <c>scossa</c>) mapped to one concept (<c>quake</c>), from <c>Data/event-concepts.tsv</c> — a general news
/// vocabulary of English and Italian. The event signature adds a concept as a language-independent term, so an
/// Italian and an English report of one event share "what happened" besides names, numbers and dates, and two
/// events of the same people differ in it (arrested, died). Thread-safe: read once.
/// </summary>
internal sealed class EventConcepts
{
    private readonly Dictionary<string, string> _words = new(StringComparer.Ordinal);

    /// <summary>Stems (words ending in <c>*</c> in the file) by length, longest first: the longest stem that begins a word wins.</summary>
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>[] _stems;

    private readonly int[] _stemLengths;

    private EventConcepts(IEnumerable<string> lines)
    {
        var stems = new Dictionary<int, Dictionary<string, string>>();
        foreach (var line in lines)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var concept = line[..tab];
            foreach (var word in line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.EndsWith('*'))
                {
                    var stem = word[..^1];
                    if (!stems.TryGetValue(stem.Length, out var byLength))
                    {
                        stems[stem.Length] = byLength = new Dictionary<string, string>(StringComparer.Ordinal);
                    }

                    byLength.TryAdd(stem, concept);
                }
                else
                {
                    _words.TryAdd(word, concept);
                }
            }
        }

        _stemLengths = [.. stems.Keys.OrderDescending()];
        _stems = [.. _stemLengths.Select(length => stems[length].GetAlternateLookup<ReadOnlySpan<char>>())];
    }

    /// <summary>The concepts of the default vocabulary (loaded once).</summary>
    public static EventConcepts Default => Holder.Instance;

    /// <summary>Concepts read from lines of <c>concept&lt;TAB&gt;word word* …</c> (tests).</summary>
    internal static EventConcepts FromLines(IEnumerable<string> lines) => new(lines);

    /// <summary>The concept a folded word names, or null.</summary>
    public string? ConceptOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (_words.TryGetValue(word, out var concept))
        {
            return concept;
        }

        for (var i = 0; i < _stemLengths.Length; i++)
        {
            if (_stemLengths[i] <= word.Length && _stems[i].TryGetValue(word.AsSpan(0, _stemLengths[i]), out concept))
            {
                return concept;
            }
        }

        return null;
    }

    private static class Holder
    {
        public static readonly EventConcepts Instance = new(DataFiles.Lines("event-concepts.tsv"));
    }
}
