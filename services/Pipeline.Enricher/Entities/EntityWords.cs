using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Entities;

/// <summary>
/// The small word lists of the entity rules, read from <c>Data/entity-words.tsv</c> (one list a line: its name, a tab,
/// the words). Compared with a token's lower-case form, case-sensitively (<see cref="SurnamePrefixes"/> as written).
/// </summary>
internal static class EntityWords
{
    private static readonly Dictionary<string, string[]> Lists = DataFiles.Lines("entity-words.tsv")
        .Select(line => line.Split('\t', 2))
        .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>Last words of administrative areas' names ("Glynn County", "North Kivu Province").</summary>
    public static HashSet<string> PlaceWords { get; } = Set("place-words");

    /// <summary>Words before a city-named club that make it the city ("a Roma", "in Milan").</summary>
    public static HashSet<string> Locatives { get; } = Set("locatives");

    /// <summary>Connectors that join two capitalised words only inside a known place name ("Bosnia and Herzegovina").</summary>
    public static HashSet<string> WeakConnectors { get; } = Set("weak-connectors");

    /// <summary>Particles inside surnames (<c>Di Francesco</c>, <c>De Gasperi</c>, <c>van Gogh</c>): a given name after one is part of the surname.</summary>
    public static HashSet<string> NameParticles { get; } = Set("name-particles");

    /// <summary>Lower-case particles inside a person's name that are no connectors ("Ursula von der Leyen", "bin Salman").</summary>
    public static HashSet<string> InnerParticles { get; } = Set("inner-particles");

    /// <summary>Connectors that end a person's name (<c>Tommaso Cerno del Pd</c>) although they may join an organisation's.</summary>
    public static HashSet<string> ArticlePrepositions { get; } = Set("article-prepositions");

    /// <summary>Verbs after a lone name that make it a person ("Bush said", "Draghi dice").</summary>
    public static HashSet<string> SpeechVerbs { get; } = Set("speech-verbs");

    /// <summary>Participles after "ha"/"has" that make the name before a person ("Conte ha dichiarato").</summary>
    public static HashSet<string> SpeechParticiples { get; } = Set("speech-participles");

    /// <summary>Name prefixes of persons' surnames written with an inner capital (McMichael, DeSantis, LeBron).</summary>
    public static IReadOnlyList<string> SurnamePrefixes { get; } = List("surname-prefixes");

    /// <summary>Legal forms and group words after or before a company's name ("Stellantis NV", "Groupe PSA", "Sky TG24 TV").</summary>
    public static HashSet<string> LegalForms { get; } = Set("legal-forms");

    private static HashSet<string> Set(string name) => new(List(name), StringComparer.Ordinal);

    private static string[] List(string name) =>
        Lists.TryGetValue(name, out var words) ? words : throw new InvalidOperationException($"Word list '{name}' is missing from entity-words.tsv.");
}
