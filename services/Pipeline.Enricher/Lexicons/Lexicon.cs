using Pipeline.TextRules;

namespace Pipeline.Enricher.Lexicons;

/// <summary>
/// The word lists the enricher uses (all from <c>Data/</c>): stop words per language, given names,
/// person titles, organisation words, name connectors and all-caps words that are not acronyms of
/// organisations. Immutable and shared.
/// </summary>
internal sealed class Lexicon
{
    private readonly Dictionary<string, HashSet<string>> _stopWords;

    private Lexicon()
    {
        _stopWords = new(StringComparer.Ordinal)
        {
            ["it"] = FoldedSet("stopwords-it.txt"),
            ["en"] = FoldedSet("stopwords-en.txt"),
        };
        AllStopWords = [.. _stopWords.Values.SelectMany(s => s)];
        CommonGivenNames = FoldedSet("given-names.txt");
        GivenNames = [.. CommonGivenNames, .. FoldedSet("given-names-en.txt")];
        PersonTitles = FoldedSet("person-titles.txt");
        OrganisationWords = FoldedSet("org-words.txt");
        Connectors = FoldedSet("connectors.txt");
        NonOrganisationAcronyms = new HashSet<string>(DataFiles.Words("acronym-stoplist.txt"), StringComparer.Ordinal);
        AmbiguousPlaces = FoldedSet("ambiguous-places.txt");
        SportsCues = FoldedSet("sports-cues.txt");
    }

    /// <summary>The lexicon built from the embedded data files (loaded once).</summary>
    public static Lexicon Default => Holder.Instance;

    /// <summary>Stop words of every language, for decisions that must not depend on the detected language.</summary>
    public HashSet<string> AllStopWords { get; }

    /// <summary>Given names: the hand-written list and the generated English one (about 8,000 names).</summary>
    public HashSet<string> GivenNames { get; }

    /// <summary>The hand-written list of frequent given names only: strong enough to overrule a city's name ("David").</summary>
    public HashSet<string> CommonGivenNames { get; }

    public HashSet<string> PersonTitles { get; }

    public HashSet<string> OrganisationWords { get; }

    public HashSet<string> Connectors { get; }

    /// <summary>City names that are also common words; not places at the start of a sentence.</summary>
    public HashSet<string> AmbiguousPlaces { get; }

    /// <summary>Words that make a text about sport: there a club named like its city ("Roma") is the club.</summary>
    public HashSet<string> SportsCues { get; }

    /// <summary>All-caps words that are not organisations (roman numerals, units, TV, CEO…), case-sensitive.</summary>
    public HashSet<string> NonOrganisationAcronyms { get; }

    /// <summary>Stop words of <paramref name="language"/>, or of every language when it has no list of its own.</summary>
    public HashSet<string> StopWords(string? language) =>
        language is not null && _stopWords.TryGetValue(language, out var words) ? words : AllStopWords;

    private static HashSet<string> FoldedSet(string fileName) =>
        new(DataFiles.Words(fileName).Select(TextFolding.Fold), StringComparer.Ordinal);

    private static class Holder
    {
        public static readonly Lexicon Instance = new();
    }
}
