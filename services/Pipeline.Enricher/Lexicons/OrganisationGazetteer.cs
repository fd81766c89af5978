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
    private readonly NameIndex<Organisation> _names = new();

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
    public int MaxTokens => _names.MaxTokens;

    /// <summary>Number of names (all forms) known.</summary>
    public int Count => _names.Count;

    /// <summary>The longest organisation name starting at <paramref name="start"/> and ending at or before <paramref name="last"/>.</summary>
    public (int Length, Organisation Organisation)? Match(IReadOnlyList<Token> tokens, int start, int last) => _names.Match(tokens, start, last);

    private void Add(string name, Organisation organisation) => _names.Add(name, organisation, (_, _) => NameConflict.Merge);

    private static class Holder
    {
        public static readonly OrganisationGazetteer Instance = new();
    }
}
