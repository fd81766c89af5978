using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Lexicons;

/// <summary>A known organisation; a sports club's city-named forms ("Roma") need a sports context.</summary>
internal sealed record Organisation(string Name, bool IsClub);

/// <summary>
/// Known organisations (<c>organisations.tsv</c>: Italian and EU institutions, UN agencies, parties, unions,
/// news agencies, top-division football clubs), looked up by token sequence, longest name first. Short
/// all-caps forms (<c>UN</c>, <c>WHO</c>, <c>AP</c>) match only when written in capitals unless the file also
/// lists a mixed-case form (<c>Pd</c>, <c>Istat</c>).
/// </summary>
internal sealed class OrganisationGazetteer
{
    private readonly Dictionary<string, Entry> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    private OrganisationGazetteer()
    {
        foreach (var line in DataFiles.Lines("organisations.tsv"))
        {
            var parts = line.Split('\t');
            var organisation = new Organisation(parts[0], parts[1] == "club");
            foreach (var name in parts[2].Split('|'))
            {
                Add(name, organisation);
            }
        }
    }

    /// <summary>The organisations built from the embedded data file (loaded once).</summary>
    public static OrganisationGazetteer Default => Holder.Instance;

    /// <summary>Longest name in tokens.</summary>
    public int MaxTokens { get; private set; }

    /// <summary>Number of names (all forms) known.</summary>
    public int Count => _names.Count;

    /// <summary>The longest organisation name starting at <paramref name="start"/> and ending at or before <paramref name="last"/>.</summary>
    public (int Length, Organisation Organisation)? Match(IReadOnlyList<Token> tokens, int start, int last)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var max = Math.Min(MaxTokens, last - start + 1);
        (int Length, Organisation Organisation)? best = null;
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
                best = (length, entry.Organisation);
            }
        }

        return best;
    }

    private void Add(string name, Organisation organisation)
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
            _names[key] = existing with { CapitalsOnly = existing.CapitalsOnly && capitalsOnly };
            return;
        }

        _names[key] = new Entry(organisation, capitalsOnly);
        MaxTokens = Math.Max(MaxTokens, tokens.Count);
    }

    private sealed record Entry(Organisation Organisation, bool CapitalsOnly);

    private static class Holder
    {
        public static readonly OrganisationGazetteer Instance = new();
    }
}
