using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities.Tagging;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Entities;

/// <summary>
/// Finds persons, organisations and places in the plain text with rules, not a statistical model:
/// <list type="number">
/// <item>candidates are runs of capitalised words (connectors such as <c>di</c>, <c>del</c>, <c>of</c>
/// may join them, <c>e</c>/<c>and</c> only inside a known place name), with leading stop words and
/// titles trimmed;</item>
/// <item>a run with an organisation word (<c>Agenzia</c>, <c>Armata</c>, <c>Bank</c>, <c>Inc</c>…) is an
/// organisation; otherwise the gazetteer splits off countries and cities (<c>USA Donald Trump</c> →
/// <c>USA</c> + <c>Donald Trump</c>) and lone all-caps words become acronyms (organisations);</item>
/// <item>the rest is a person when it starts with a known given name or follows a title or role
/// (<c>presidente</c>, <c>minister</c>, <c>Mr</c>); otherwise it stays untyped. A given name after other
/// capitalised words starts a new name (<c>presidente del Consiglio Giorgia Meloni</c>);</item>
/// <item>within the article, an acronym in brackets after a name, or matching its initials, merges with
/// it; a shorter name that begins or ends a longer person's name merges into it (<c>Putin</c> →
/// <c>Vladimir Putin</c>, <c>Kim</c> → <c>Kim Jong Un</c>); all names of one gazetteer place merge
/// (<c>RPDC</c>, <c>Corea del Nord</c>, <c>Nord Corea</c> → North Korea);</item>
/// <item>known organisations (<c>organisations.tsv</c>: institutions, parties, agencies, clubs) match longest first,
/// before places, also past the capitalised run (<c>Istituto nazionale di geofisica e vulcanologia</c>) and inside
/// it (<c>Tommaso Cerno del Pd</c>, <c>US Geological Survey</c>); a club named like its city (<c>Roma</c>) is the
/// club only in a sports story and not after a locative preposition (<c>a Roma</c>);</item>
/// <item>regions and areas (<c>Lombardia</c>, <c>Europa</c>) are places; so is a name ending in an administrative
/// word (<c>Glynn County</c>, <c>North Kivu Province</c>), merged with its short form;</item>
/// <item>an untyped full name whose last word the text also uses alone mid-sentence is a person (<c>Ahmaud Arbery</c>
/// … <c>Arbery</c>); in a sports story a lone capitalised word mid-sentence that is nothing else is a player;
/// a one-word CamelCase name (<c>PaineWebber</c>) and a name joined by <c>&amp;</c> are organisations;</item>
/// <item>untyped names that merged nowhere are dropped, unless they are one word followed by a speech verb (a person).</item>
/// </list>
/// Byline authors are never mentions. The dateline's place and country count as mentions without a span.
/// Places are named in English (<c>Moscow</c> for "Mosca"); persons by their longest form; organisations
/// by their acronym when the article gives one, else their longest form.
/// </summary>
internal sealed class EntityRecognizer(Lexicon lexicon, Gazetteer gazetteer, OrganisationGazetteer? organisations = null, NerTagger? tagger = null)
{
    private readonly Lexicon _lexicon = lexicon;
    private readonly Gazetteer _gazetteer = gazetteer;
    private readonly OrganisationGazetteer _organisations = organisations ?? OrganisationGazetteer.Default;
    private readonly NerTagger _tagger = tagger ?? NerTagger.Default;

    /// <summary>
    /// The entities of an article whose plain text is <paramref name="text"/>, tokenized as <paramref name="tokens"/>, written in
    /// <paramref name="language"/> (a feature of the tagger; null when unknown).
    /// </summary>
    public IReadOnlyList<RecognizedEntity> Recognize(string text, IReadOnlyList<Token> tokens, CanonicalArticle article, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(article);
        var context = new ArticleContext(text, tokens, article, language, _lexicon, _gazetteer, _organisations);
        var mentions = new MentionFinder(context, _tagger).Find();
        return new EntityResolver(context, mentions).Resolve();
    }
}
