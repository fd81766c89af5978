using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Entities;

/// <summary>
/// One article as the entity recogniser reads it: its plain text and tokens, the word lists and gazetteers, and what
/// mention finding and resolution both ask of the article (its lower-case words, whether it is about sport).
/// </summary>
internal sealed class ArticleContext(
    string text, IReadOnlyList<Token> tokens, CanonicalArticle article, string? language, Lexicon lexicon, Gazetteer gazetteer, OrganisationGazetteer organisations)
{
    /// <summary>Sports cue words an article needs before a city-named club ("Roma") is taken as the club.</summary>
    private const int SportsContextCues = 2;

    private bool? _sports;

    public string Text { get; } = text;

    public IReadOnlyList<Token> Tokens { get; } = tokens;

    public CanonicalArticle Article { get; } = article;

    /// <summary>The article's language code (detected, else declared), or null when unknown.</summary>
    public string? Language { get; } = language;

    public Lexicon Lexicon { get; } = lexicon;

    public Gazetteer Gazetteer { get; } = gazetteer;

    public OrganisationGazetteer Organisations { get; } = organisations;

    /// <summary>The folded words the article writes in lower case somewhere ("paese" beside "Paese").</summary>
    public HashSet<string> LowerCaseWords { get; } = new(
        tokens.Where(t => t.IsWord && char.IsLower(t.Text[0])).Select(t => t.Folded), StringComparer.Ordinal);

    /// <summary>True when the article has enough sports words for a city-named club to be the club.</summary>
    public bool SportsContext => _sports ??= Tokens.Count(t => t.IsWord && Lexicon.SportsCues.Contains(t.Folded)) >= SportsContextCues;

    public string Fold(int index) => Tokens[index].Folded;

    /// <summary>A lower-case connector inside a name (<c>di</c>, <c>of</c>, and the weak <c>e</c>, <c>and</c>).</summary>
    public bool IsConnector(int index)
    {
        var token = Tokens[index];
        return token.IsWord && char.IsLower(token.Text[0]) && (Lexicon.Connectors.Contains(token.Lower) || EntityWords.WeakConnectors.Contains(token.Lower));
    }
}
