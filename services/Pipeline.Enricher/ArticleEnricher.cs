using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Countries;
using Pipeline.Enricher.Entities;
using Pipeline.Enricher.Keywords;
using Pipeline.Enricher.Languages;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Linking;
using Pipeline.Enricher.Quotes;
using Pipeline.Enricher.Text;
using Pipeline.Enricher.Topics;

namespace Pipeline.Enricher;

/// <summary>
/// Enriches a canonical article: language, named entities (linked to one canonical entity each), key phrases, IPTC media topics, countries
/// and quotes. Stateless apart from shared read-only data (gazetteers, word lists, the language
/// detector): one instance serves every thread. Offsets refer to the plain text that
/// <see cref="PlainText"/> returns (headline, lead and body paragraphs joined by blank lines).
/// </summary>
public sealed class ArticleEnricher
{
    private readonly EnricherOptions _options;
    private readonly LanguageIdentifier _languages;
    private readonly EntityRecognizer _entities;
    private readonly EntityLinker _linker;
    private readonly KeywordExtractor _keywords;
    private readonly TopicClassifier _topics;

    public ArticleEnricher(IOptions<EnricherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _languages = new LanguageIdentifier(options);
        var lexicon = Lexicon.Default;
        _entities = new EntityRecognizer(lexicon, Gazetteer.Default);
        _linker = EntityLinker.Default;
        _keywords = new KeywordExtractor(lexicon);
        _topics = TopicClassifier.Default;
    }

    /// <summary>An enricher with default options (the CLI and tests use this).</summary>
    public static ArticleEnricher CreateDefault() => new(Options.Create(new EnricherOptions()));

    /// <summary>The plain text every offset in an <see cref="Enrichment"/> refers to.</summary>
    public static string PlainText(CanonicalArticle article) => ArticleText.Build(article);

    /// <summary>Enriches one article.</summary>
    public Enrichment Enrich(CanonicalArticle article) => EnrichWithin(article, CancellationToken.None);

    /// <summary>
    /// <see cref="Enrich"/> within a deadline (the stage's per-dispatch budget): the token is observed between the
    /// stages, with an <see cref="OperationCanceledException"/> when it fired.
    /// </summary>
    public Enrichment EnrichWithin(CanonicalArticle article, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = ArticleText.Build(article);
        var tokens = Tokenizer.Tokenize(text);
        cancellationToken.ThrowIfCancellationRequested();
        var language = _languages.Identify(text, article.DeclaredLanguage);
        cancellationToken.ThrowIfCancellationRequested();
        var recognized = _entities.Recognize(text, tokens, article, language.Code);
        cancellationToken.ThrowIfCancellationRequested();
        var entities = _linker.Link(recognized);
        cancellationToken.ThrowIfCancellationRequested();
        var keywords = _keywords.Extract(tokens, language.Code, entities.SelectMany(e => e.Entity.Spans), _options.MaximumKeywords, _options.MaximumKeywordWords);
        cancellationToken.ThrowIfCancellationRequested();
        var topics = _topics.Classify(article, tokens, language.Code, _options.MaximumTopics);
        var countries = CountryRanker.Rank(article, entities, Gazetteer.Default);
        cancellationToken.ThrowIfCancellationRequested();
        return new Enrichment
        {
            Language = language,
            Entities = [.. entities.Select(e => e.Entity)],
            Keywords = keywords,
            Topics = topics,
            Countries = countries,
            Quotes = QuoteFinder.Find(text, entities),
        };
    }
}
