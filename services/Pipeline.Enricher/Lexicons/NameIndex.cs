using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Lexicons;

/// <summary>What to do when a name is added a second time.</summary>
internal enum NameConflict
{
    /// <summary>Keep the stored value; the name matches in mixed case if either form allows it.</summary>
    Merge,

    /// <summary>Keep the stored value as it is.</summary>
    Keep,

    /// <summary>Store the new value instead.</summary>
    Replace,
}

/// <summary>
/// Multi-word names keyed by their folded word tokens, matched longest first from a position in a token
/// list. Shared by the place and organisation gazetteers. A short all-capitals single word ("USA",
/// "WHO") matches only when written in capitals, unless a mixed-case form of it is added too.
/// </summary>
internal sealed class NameIndex<T>
    where T : class
{
    private readonly Dictionary<string, Entry> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    /// <summary>Longest name, in tokens.</summary>
    public int MaxTokens { get; private set; }

    /// <summary>Number of names (all forms).</summary>
    public int Count => _names.Count;

    /// <summary>Adds a name; <paramref name="onConflict"/> decides when the folded name is already there.</summary>
    public void Add(string name, T value, Func<T, T, NameConflict> onConflict)
    {
        var tokens = Tokenizer.Tokenize(name).Where(t => t.IsWord).ToList();
        if (tokens.Count == 0)
        {
            return;
        }

        var key = string.Join(' ', tokens.Select(t => t.Folded));
        for (var n = 1; n <= tokens.Count; n++)
        {
            _prefixes.Add(string.Join(' ', tokens.Take(n).Select(t => t.Folded)));
        }

        var capitalsOnly = tokens.Count == 1 && tokens[0].IsAllCaps && tokens[0].Text.Count(char.IsLetter) <= 5;
        if (_names.TryGetValue(key, out var existing))
        {
            switch (onConflict(existing.Value, value))
            {
                case NameConflict.Merge:
                    _names[key] = existing with { CapitalsOnly = existing.CapitalsOnly && capitalsOnly };
                    return;
                case NameConflict.Keep:
                    return;
            }
        }

        _names[key] = new Entry(value, capitalsOnly);
        MaxTokens = Math.Max(MaxTokens, tokens.Count);
    }

    /// <summary>The longest name starting at <paramref name="start"/> and ending at or before <paramref name="last"/> (word tokens only).</summary>
    public (int Length, T Value)? Match(IReadOnlyList<Token> tokens, int start, int last)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var max = Math.Min(MaxTokens, last - start + 1);
        (int Length, T Value)? best = null;
        var key = "";
        for (var length = 1; length <= max; length++)
        {
            var token = tokens[start + length - 1];
            if (!token.IsWord)
            {
                break;
            }

            key = length == 1 ? token.Folded : key + " " + token.Folded;
            if (!_prefixes.Contains(key))
            {
                break;
            }

            if (_names.TryGetValue(key, out var entry)
                && (!entry.CapitalsOnly || Enumerable.Range(start, length).All(i => tokens[i].IsAllCaps)))
            {
                best = (length, entry.Value);
            }
        }

        return best;
    }

    private sealed record Entry(T Value, bool CapitalsOnly);
}
