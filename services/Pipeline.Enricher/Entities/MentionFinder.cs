using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities.Tagging;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Entities;

/// <summary>
/// Mention finding, the first half of <see cref="EntityRecognizer"/>: the rules over capitalised runs (this file), then
/// the statistical tagger's names beside them (<c>MentionFinder.Tagged.cs</c>) and the dateline. One instance per article.
/// </summary>
internal sealed partial class MentionFinder(ArticleContext context, NerTagger tagger)
{
    /// <summary>Id prefix of an administrative area found by its last word; the rest is its name without that word.</summary>
    internal const string AdministrativeAreaPrefix = "area:";

    private const int MaximumPersonWords = 5;
    private const long MetropolisPopulation = 1_000_000;
    private const long SmallCityPopulation = 100_000;

    /// <summary>"Mr.", "Prof.", "Gen.": longer words before a period end a sentence ("di governo. Maggioranza").</summary>
    private const int MaximumAbbreviatedTitleLetters = 4;

    /// <summary>Longer all-caps words (<c>SICILIA</c>) are shouted words, not acronyms.</summary>
    private const int MaximumAcronymLetters = 6;

    /// <summary>A short lower-case word joins a run only inside a known place's name ("San Felice sul Panaro", "San Giovanni in Fiore").</summary>
    private const int MaximumInnerPlaceWordLetters = 5;

    private readonly ArticleContext _context = context;
    private readonly string _text = context.Text;
    private readonly IReadOnlyList<Token> _tokens = context.Tokens;
    private readonly CanonicalArticle _article = context.Article;
    private readonly Lexicon _lexicon = context.Lexicon;
    private readonly Gazetteer _gazetteer = context.Gazetteer;
    private readonly OrganisationGazetteer _organisations = context.Organisations;
    private readonly NerTagger _tagger = tagger;
    private readonly HashSet<string> _lowerCaseWords = context.LowerCaseWords;
    private readonly List<Mention> _mentions = [];

    private readonly List<string[]> _authors = [.. context.Article.Authors
        .Select(a => Tokenizer.Tokenize(a.Name).Where(t => t.IsWord).Select(t => TextFolding.Fold(t.Text)).ToArray())
        .Where(words => words.Length > 0)];

    private bool SportsContext => _context.SportsContext;

    public List<Mention> Find()
    {
        for (var i = 0; i < _tokens.Count; i++)
        {
            if (!StartsName(_tokens[i]) && !(_tokens[i].IsNumber && i + 1 < _tokens.Count && _tokens[i + 1].IsWord))
            {
                continue;
            }

            // "Istituto nazionale di geofisica e vulcanologia", "5 Stelle": a known name may run past the capitals,
            // also when it starts inside the run ("Osservatorio Terremoti dell'Istituto nazionale di geofisica…").
            var last = StartsName(_tokens[i]) ? ExtendRun(i) : i;
            if (KnownOrganisationPastRun(i, last) is { } inside)
            {
                if (inside.Start > i)
                {
                    Segment(i, inside.Start - 1);
                }

                AddKnown(inside.Start, inside.Known);
                i = inside.Start + inside.Known.Length - 1;
                continue;
            }

            if (!StartsName(_tokens[i]))
            {
                continue;
            }

            Segment(i, last);
            i = last;
        }

        AddTaggedMentions();
        AddDatelineMentions();
        return _mentions;
    }

    private static bool StartsName(Token token) => token.IsCapitalised && !token.IsNumber;

    /// <summary>
    /// The longest known organisation starting at <paramref name="at"/>; a club named like a place ("Roma")
    /// only in a sports context and not after a locative preposition ("a Roma").
    /// </summary>
    private (int Length, Organisation Organisation)? KnownOrganisation(int at, int last)
    {
        if (_organisations.Match(_tokens, at, last) is not { } match)
        {
            return null;
        }

        if (match.Organisation.IsClub && _gazetteer.Match(_tokens, at, last) is { } place && place.Length >= match.Length)
        {
            var locative = at > 0 && _tokens[at - 1].IsWord && EntityWords.Locatives.Contains(_tokens[at - 1].Lower);
            if (!SportsContext || locative)
            {
                return null;
            }
        }

        // A one-word name at the start of a sentence that the text also writes in lower case ("Camera footage") is a common word.
        if (match.Length == 1 && _tokens[at].SentenceStart && !_tokens[at].IsAllCaps && _lowerCaseWords.Contains(Fold(at)))
        {
            return null;
        }

        return match.Length == 1 && !_tokens[at].IsAllCaps && InPersonName(at) ? null : match;
    }

    /// <summary>
    /// A one-word company name that is also a surname or a given name, where it stands in a person's name: after a given
    /// name ("Enzo Ferrari", "Michele Ferrero"), or a given name the article writes before a surname ("Leonardo da
    /// Vinci", "Italo Calvino"; then also where it stands alone).
    /// </summary>
    private bool InPersonName(int at)
    {
        if (at > 0 && _tokens[at - 1].IsCapitalised && !_tokens[at - 1].IsAllCaps && _lexicon.GivenNames.Contains(Fold(at - 1)))
        {
            return true;
        }

        return _lexicon.GivenNames.Contains(Fold(at)) && FirstNamesInArticle.Contains(Fold(at));
    }

    /// <summary>The given names the article writes before another capitalised word or a name particle ("Leonardo da Vinci").</summary>
    private HashSet<string> FirstNamesInArticle => _firstNames ??= [.. Enumerable.Range(0, Math.Max(0, _tokens.Count - 1))
        .Where(i => _tokens[i].IsCapitalised && !_tokens[i].IsAllCaps && _lexicon.GivenNames.Contains(Fold(i))
            && (_tokens[i + 1].IsCapitalised || (_tokens[i + 1].IsWord && EntityWords.NameParticles.Contains(_tokens[i + 1].Lower))))
        .Select(Fold)];

    private HashSet<string>? _firstNames;

    /// <summary>A known organisation starting in the run <paramref name="first"/>..<paramref name="last"/> and ending after it.</summary>
    private (int Start, (int Length, Organisation Organisation) Known)? KnownOrganisationPastRun(int first, int last)
    {
        for (var j = first; j <= last; j++)
        {
            if ((j == first || _tokens[j].IsCapitalised)
                && KnownOrganisation(j, Math.Min(_tokens.Count - 1, j + _organisations.MaxTokens)) is { } known && j + known.Length - 1 > last)
            {
                return (j, known);
            }
        }

        return null;
    }

    private void AddKnown(int first, (int Length, Organisation Organisation) known) =>
        Add(first, first + known.Length - 1, EntityTypes.Organisation, acronym: known.Length == 1 && _tokens[first].IsAllCaps, known: known.Organisation);

    /// <summary>The last token of the capitalised run starting at <paramref name="first"/>.</summary>
    private int ExtendRun(int first)
    {
        var last = first;
        var k = first + 1;
        while (k < _tokens.Count)
        {
            var token = _tokens[k];
            var hasNext = k + 1 < _tokens.Count && StartsName(_tokens[k + 1]);
            if (StartsName(token))
            {
                last = k++;
            }
            else if (token.IsWord && _lexicon.Connectors.Contains(token.Lower) && ConnectedName(k) is { } next)
            {
                // "Bank of England", "Corea del Nord", "Ursula von der Leyen".
                last = next;
                k = next + 1;
            }
            else if (token.IsWord && hasNext && (EntityWords.WeakConnectors.Contains(token.Lower) || (char.IsLower(token.Text[0]) && token.Text.Length <= MaximumInnerPlaceWordLetters))
                && PlaceSpansAcross(first, k))
            {
                last = k + 1;
                k += 2;
            }
            else if (token.Text == "&" && hasNext)
            {
                // "Procter & Gamble", "Marks & Spencer".
                last = k + 1;
                k += 2;
            }
            else if (token.Text == "." && hasNext && _tokens[k - 1].IsWord && _tokens[k - 1].Text.Length == 1 && char.IsUpper(_tokens[k - 1].Text[0]))
            {
                // A middle initial: "John F. Kennedy".
                last = k + 1;
                k += 2;
            }
            else
            {
                break;
            }
        }

        return last;
    }

    /// <summary>The capitalised word after one or two connectors starting at <paramref name="k"/>, if any.</summary>
    private int? ConnectedName(int k)
    {
        for (var j = k; j < _tokens.Count && j <= k + 1; j++)
        {
            if (!_tokens[j].IsWord || !_lexicon.Connectors.Contains(_tokens[j].Lower))
            {
                return null;
            }

            if (j + 1 < _tokens.Count && StartsName(_tokens[j + 1]))
            {
                return j + 1;
            }
        }

        return null;
    }

    /// <summary>True when a gazetteer name starting in the run covers the weak connector at <paramref name="connector"/>.</summary>
    private bool PlaceSpansAcross(int first, int connector)
    {
        var limit = Math.Min(_tokens.Count - 1, connector + _gazetteer.MaxTokens);
        for (var s = first; s < connector; s++)
        {
            if (_tokens[s].IsWord && _gazetteer.Match(_tokens, s, limit) is { } match && s + match.Length - 1 > connector)
            {
                return true;
            }
        }

        return false;
    }

    private void Segment(int first, int last)
    {
        while (last > first && (!_tokens[last].IsWord || IsConnector(last)))
        {
            last--;
        }

        // "presidente del Consiglio Giorgia Meloni", "Partito Democratico di Elly Schlein": a given name
        // after other capitalised words starts a new name.
        for (var i = first + 1; i <= last; i++)
        {
            if (_tokens[i].IsCapitalised && StartsFullName(i, last) && PreviousWord(i, first) is { } previous
                && !_lexicon.GivenNames.Contains(Fold(previous)) && !EntityWords.NameParticles.Contains(Fold(previous)) && !InsideKnownName(first, i, last))
            {
                Segment(first, i - 1);
                Segment(i, last);
                return;
            }
        }

        // "Marco Gamba dell'Università di Torino", "Andrea Ravignani della Sapienza Università di Roma": a person, then
        // the organisation they belong to.
        if (_lexicon.GivenNames.Contains(Fold(first)))
        {
            for (var i = first + 1; i < last; i++)
            {
                if (IsConnector(i) && EntityWords.ArticlePrepositions.Contains(_tokens[i].Lower) && _tokens[i + 1].IsCapitalised
                    && Enumerable.Range(i + 1, last - i).Any(k => _tokens[k].IsCapitalised && _lexicon.OrganisationWords.Contains(Fold(k))))
                {
                    Segment(first, i - 1);
                    Segment(i + 1, last);
                    return;
                }
            }
        }

        var words = Enumerable.Range(first, last - first + 1).Where(i => _tokens[i].IsWord && !IsConnector(i)).ToList();
        var shouting = words.Count >= 3 && words.All(i => _tokens[i].IsAllCaps);
        if (shouting)
        {
            AddShoutedPlaces(first, last); // An all-caps headline or heading: capitals say nothing there, but places do.
            return;
        }

        var titleCue = false;
        var p = first;
        while (p <= last)
        {
            var folded = Fold(p);
            if (!_tokens[p].IsWord || IsConnector(p))
            {
                p++;
            }
            else if (_gazetteer.Match(_tokens, p, last) is { } place && (place.Length > 1 || !_lexicon.AllStopWords.Contains(folded)))
            {
                break; // "Il Cairo" is a place, "Ho" (a town in Ghana, and Italian "I have") a stop word.
            }
            else if (KnownOrganisation(p, last) is not null)
            {
                break;
            }
            else if (_lexicon.PersonTitles.Contains(folded))
            {
                titleCue = true;
                p++;
            }
            else if (_lexicon.AllStopWords.Contains(folded) && !_tokens[p].IsAllCaps)
            {
                p++;
            }
            else
            {
                break;
            }
        }

        if (p > last)
        {
            return;
        }

        if (KnownOrganisation(p, last) is { } knownWhole && p + knownWhole.Length - 1 == last)
        {
            AddKnown(p, knownWhole); // "Camera dei Deputati", "Italia Viva", "Senato".
            return;
        }

        if (KnownOrganisation(p, last) is { } knownHead && LegalFormOnly(p + knownHead.Length, last))
        {
            Add(p, last, EntityTypes.Organisation, known: knownHead.Organisation); // "Stellantis NV", "Sky TG24 TV"
            return;
        }

        if (_gazetteer.Match(_tokens, p, last) is { Length: > 1 } whole && p + whole.Length - 1 == last)
        {
            Add(p, last, EntityTypes.Place, whole.Place); // "West Bank" is a place, whatever "Bank" says.
            return;
        }

        if (last > p && _tokens[last].IsCapitalised && EntityWords.PlaceWords.Contains(Fold(last)) && !_lexicon.OrganisationWords.Contains(Fold(p)))
        {
            // "Glynn County", "North Kivu Province": an administrative area the gazetteer does not know.
            var baseWords = Enumerable.Range(p, last - p).Where(i => _tokens[i].IsWord && !IsConnector(i)).Select(Fold);
            var area = new Place(AdministrativeAreaPrefix + string.Join(' ', baseWords), _text[_tokens[p].Start.._tokens[last].End], PlaceKind.Region, "");
            Add(p, last, EntityTypes.Place, area);
            return;
        }

        if (Enumerable.Range(p, last - p + 1).Any(i => (_tokens[i].IsCapitalised && _lexicon.OrganisationWords.Contains(Fold(i))) || _tokens[i].Text == "&"))
        {
            // "Consiglio", "Unione" alone are common nouns written with a capital, not names.
            if (p != last || _tokens[p].IsAllCaps)
            {
                Add(p, last, EntityTypes.Organisation);
            }

            return;
        }

        var pieceStart = p;
        var q = p;
        while (q <= last)
        {
            var token = _tokens[q];
            if (token.IsCapitalised && KnownOrganisation(q, last) is { } known
                && (_gazetteer.Match(_tokens, q, last) is not { } placeThere || placeThere.Length <= known.Length))
            {
                // Longest match first: "US Geological Survey" is one organisation, not the United States.
                Flush(pieceStart, q - 1, titleCue);
                titleCue = false;
                AddKnown(q, known);
                q += known.Length;
                pieceStart = q;
                continue;
            }

            if (token.IsCapitalised && _gazetteer.Match(_tokens, q, last) is { } match && !PartOfLongerName(pieceStart, q, last, match))
            {
                Flush(pieceStart, q - 1, titleCue);
                titleCue = false;
                Add(q, q + match.Length - 1, EntityTypes.Place, match.Place);
                q += match.Length;
                pieceStart = q;
                continue;
            }

            if (token.IsAllCaps)
            {
                Flush(pieceStart, q - 1, titleCue);
                titleCue = false;
                AddAcronym(q);
                pieceStart = ++q;
                continue;
            }

            q++;
        }

        Flush(pieceStart, last, titleCue);
    }

    /// <summary>
    /// A frequent given name, or a rarer one followed by another capitalised word ("Bank of America" does not
    /// end with a person called America).
    /// </summary>
    private bool StartsFullName(int index, int last) =>
        _lexicon.CommonGivenNames.Contains(Fold(index))
        || (_lexicon.GivenNames.Contains(Fold(index)) && index < last && _tokens[index + 1].IsCapitalised);

    /// <summary>True when a place or known organisation starting before <paramref name="index"/> covers it ("New York", "Italia Viva").</summary>
    private bool InsideKnownName(int first, int index, int last)
    {
        for (var s = Math.Max(first, index - Math.Max(_gazetteer.MaxTokens, _organisations.MaxTokens)); s < index; s++)
        {
            if (_tokens[s].IsWord
                && ((_gazetteer.Match(_tokens, s, last) is { } place && s + place.Length > index)
                    || (_organisations.Match(_tokens, s, last) is { } organisation && s + organisation.Length > index)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest word before <paramref name="index"/> in the run that is not a connector.</summary>
    private int? PreviousWord(int index, int first)
    {
        for (var k = index - 1; k >= first; k--)
        {
            if (_tokens[k].IsWord && !IsConnector(k))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>
    /// A place name inside a longer name: after a given name ("Michael Jordan"), or a city followed by
    /// more capitalised words that are no place ("Vladimir Putin", "Paris Hilton").
    /// </summary>
    private bool PartOfLongerName(int pieceStart, int at, int last, (int Length, Place Place) match)
    {
        if (at > pieceStart && _tokens[at - 1].IsWord && _lexicon.GivenNames.Contains(Fold(at - 1)))
        {
            return true;
        }

        // "Darnell Young": a small town's name after another capitalised word is a surname.
        if (at > pieceStart && match.Place.Kind == PlaceKind.City && match.Place.Population < SmallCityPopulation
            && _tokens[at - 1].IsCapitalised && !_tokens[at - 1].IsAllCaps && _gazetteer.Match(_tokens, at - 1, at - 1) is null)
        {
            return true;
        }

        var next = at + match.Length;
        if (match.Place.Kind == PlaceKind.City && next <= last && _tokens[next].IsCapitalised && !_tokens[next].IsAllCaps
            && _gazetteer.Match(_tokens, next, last) is null)
        {
            return true;
        }

        return match.Length == 1 && match.Place.Kind == PlaceKind.City && NotACity(at, match.Place);
    }

    /// <summary>A one-word city name that is more likely something else where it stands.</summary>
    private bool NotACity(int at, Place city)
    {
        var word = Fold(at);

        // "Ho" (Ghana) is Italian "I have"; "David", "Vladimir" (Russia) are first names unless the city is a metropolis (Sofia).
        if (_lexicon.AllStopWords.Contains(word) || EntityWords.NameParticles.Contains(word)
            || (_lexicon.CommonGivenNames.Contains(word) && city.Population < MetropolisPopulation))
        {
            return true;
        }

        // A small town named like a word the text writes in lower case ("Paese" beside "paese"), or like a common word, is that word.
        if (city.Population < SmallCityPopulation && (_lowerCaseWords.Contains(word) || _lexicon.AmbiguousPlaces.Contains(word)))
        {
            return true;
        }

        // At the start of a sentence a common word ("Nice", "Reading", or any word the text also writes in lower case) is not a place.
        return _tokens[at].SentenceStart && (_lexicon.AmbiguousPlaces.Contains(word) || _lowerCaseWords.Contains(word));
    }

    private void Flush(int first, int last, bool titleCue)
    {
        while (first <= last && (!_tokens[first].IsWord || IsConnector(first)))
        {
            first++;
        }

        while (last >= first && (!_tokens[last].IsWord || IsConnector(last)))
        {
            last--;
        }

        // "Chinese President Xi Jinping", "Prime Minister Netanyahu": the name starts after the last title.
        for (var k = last; k >= first; k--)
        {
            if (_tokens[k].IsWord && _lexicon.PersonTitles.Contains(Fold(k)))
            {
                titleCue = true;
                first = k + 1;
                break;
            }
        }

        while (first <= last && (!_tokens[first].IsWord || IsConnector(first)))
        {
            first++;
        }

        if (first > last || IsConnector(first))
        {
            return;
        }

        var wordCount = Enumerable.Range(first, last - first + 1).Count(i => _tokens[i].IsWord && !IsConnector(i));
        var single = wordCount == 1;
        if (single && _lexicon.AllStopWords.Contains(Fold(first)))
        {
            return;
        }

        // A given name alone ("Paolo") is untyped: it joins a full name in the article or is dropped.
        var givenName = _lexicon.GivenNames.Contains(Fold(first)) && !single;
        var titled = titleCue || TitleBefore(first);
        if (!givenName && titled && first > 0 && IsConnector(first - 1))
        {
            if (single)
            {
                titled = false; // "ministro degli Esteri": the complement of the title, not a name.
            }
            else
            {
                // "ministro dell'Economia Giancarlo Giorgetti": the word after the connector completes the title.
                first++;
                while (first <= last && (!_tokens[first].IsWord || IsConnector(first)))
                {
                    first++;
                }

                wordCount--;
                single = wordCount == 1;
            }
        }

        var person = wordCount <= MaximumPersonWords
            && Enumerable.Range(first, last - first + 1).All(i => !_tokens[i].IsWord || _tokens[i].Text.All(c => char.IsLetter(c) || c is '-' or '.'))
            && (givenName || titled);
        if (person)
        {
            for (var k = first + 1; k < last; k++)
            {
                if (IsConnector(k) && EntityWords.ArticlePrepositions.Contains(_tokens[k].Lower))
                {
                    last = k - 1; // "Tommaso Cerno del Pd": the name ends before "del".
                    break;
                }
            }
        }

        if (!person && single && _lowerCaseWords.Contains(Fold(first)))
        {
            return; // "Paese" beside "paese": a common noun written with a capital.
        }

        Add(first, last, person ? EntityTypes.Person : null);
    }

    /// <summary>A title or role in the few words before <paramref name="index"/>, within the clause.</summary>
    private bool TitleBefore(int index)
    {
        var seen = 0;
        for (var k = index - 1; k >= 0 && seen < 4; k--)
        {
            var token = _tokens[k];
            if (token.Kind == TokenKind.Break)
            {
                return false;
            }

            if (token.Kind == TokenKind.Punctuation)
            {
                // "Mr. Smith": the period of an abbreviated title.
                if (token.Text == "." && k > 0 && _tokens[k - 1].IsWord && _tokens[k - 1].Text.Length <= MaximumAbbreviatedTitleLetters
                    && _lexicon.PersonTitles.Contains(Fold(k - 1)))
                {
                    return true;
                }

                return false;
            }

            if (_lexicon.PersonTitles.Contains(Fold(k)))
            {
                return true;
            }

            if (token.IsCapitalised && _lexicon.OrganisationWords.Contains(Fold(k)))
            {
                return false; // "direttore dell'Osservatorio nazionale Terremoti": the title's complement, not a name.
            }

            seen++;
        }

        return false;
    }

    private void AddAcronym(int index)
    {
        var token = _tokens[index];
        var letters = token.Text.Replace(".", "", StringComparison.Ordinal);
        if (ShoutedPlace(index, index) is { } place)
        {
            Add(index, index, EntityTypes.Place, place); // "TERREMOTO IN EMILIA", "MODENA": a place written in capitals
            return;
        }

        if (letters.Length > MaximumAcronymLetters && AgencyCredit(index))
        {
            Add(index, index, EntityTypes.Organisation, acronym: true); // "(PRIMAPRESS) - ROMA -": the agency's credit
            return;
        }

        if (_lexicon.NonOrganisationAcronyms.Contains(letters) || letters.Length > MaximumAcronymLetters || letters.All(char.IsDigit))
        {
            return;
        }

        // A shouted common word is not an acronym: "IL", "PER", "TRA" (stop words), "TERZA VOLTA" when the article
        // also writes "terza" and "volta" in lower case.
        if (_lexicon.AllStopWords.Contains(token.Folded) || _lowerCaseWords.Contains(token.Folded))
        {
            return;
        }

        Add(index, index, EntityTypes.Organisation, acronym: true);
    }

    /// <summary>Shouted words are no evidence of a name, but a country, a region or a city of 15,000 people or more written in capitals is that place.</summary>
    private const long ShoutedCityPopulation = 15_000;

    /// <summary>The place written in capitals from <paramref name="first"/> to <paramref name="last"/> (a whole gazetteer name of four letters or more), if any.</summary>
    private Place? ShoutedPlace(int first, int last)
    {
        if (_gazetteer.Match(_tokens, first, last) is not { } match || first + match.Length - 1 != last
            || _lexicon.AllStopWords.Contains(Fold(first))
            || Enumerable.Range(first, last - first + 1).Where(i => _tokens[i].IsWord).Sum(i => _tokens[i].Text.Length) < 4
            || (match.Place.Kind == PlaceKind.City && match.Place.Population < ShoutedCityPopulation))
        {
            return null;
        }

        return match.Place;
    }

    /// <summary>The places of an all-caps run ("TERREMOTO IN EMILIA: EPICENTRO TRA MODENA E MANTOVA"), longest first.</summary>
    private void AddShoutedPlaces(int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            if (!_tokens[i].IsWord || _gazetteer.Match(_tokens, i, last) is not { } match)
            {
                continue;
            }

            if (ShoutedPlace(i, i + match.Length - 1) is { } place)
            {
                Add(i, i + match.Length - 1, EntityTypes.Place, place);
                i += match.Length - 1;
            }
        }
    }

    /// <summary>"(PRIMAPRESS) - ROMA -", "- (ANSA)": a word in brackets beside a dash is the news agency's credit.</summary>
    private bool AgencyCredit(int index) =>
        index > 0 && index + 1 < _tokens.Count && _tokens[index - 1].Text == "(" && _tokens[index + 1].Text == ")"
        && ((index + 2 < _tokens.Count && IsDash(_tokens[index + 2].Text)) || (index > 1 && IsDash(_tokens[index - 2].Text)));

    private static bool IsDash(string text) => text is "-" or "–" or "—";

    /// <summary>Only legal forms and group words ("NV", "S.p.A.", "Group", "TV") from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private bool LegalFormOnly(int first, int last) =>
        first <= last && _tokens[first].IsWord
        && Enumerable.Range(first, last - first + 1).All(i => _tokens[i].IsWord ? EntityWords.LegalForms.Contains(Fold(i)) : _tokens[i].Text == ".");

    private void Add(int first, int last, string? type, Place? place = null, bool acronym = false, Organisation? known = null)
    {
        var words = Enumerable.Range(first, last - first + 1).Where(i => _tokens[i].IsWord).Select(Fold).ToList();
        if (type != EntityTypes.Place && _authors.Exists(author => IsSubsequence(words, author) || IsSubsequence(author, words)))
        {
            return; // The byline's author is not a mention.
        }

        var start = _tokens[first].Start;
        var surface = _text[start.._tokens[last].End];
        _mentions.Add(new Mention
        {
            First = first,
            Last = last,
            Surface = surface,
            Start = start,
            Words = words,
            Type = type,
            Place = place,
            IsAcronym = acronym,
            Known = known,
        });
    }

    private void AddDatelineMentions()
    {
        if (_article.Dateline is not { } dateline)
        {
            return;
        }

        var place = _gazetteer.Find(dateline.Place);
        if (place is not null)
        {
            _mentions.Add(DatelineMention(dateline.Place!, place));
        }

        var country = _gazetteer.Find(dateline.Country) ?? _gazetteer.Country(dateline.CountryCode);
        if (country is not null && country.Kind == PlaceKind.Country)
        {
            _mentions.Add(DatelineMention(dateline.Country ?? country.Name, country));
        }
    }

    private static Mention DatelineMention(string surface, Place place) => new()
    {
        First = -1,
        Last = -1,
        Surface = surface.Trim(),
        Words = [TextFolding.Fold(surface.Trim())],
        Type = EntityTypes.Place,
        Place = place,
    };

    private string Fold(int index) => _context.Fold(index);

    private bool IsConnector(int index) => _context.IsConnector(index);

    /// <summary>True when <paramref name="part"/> occurs, word for word, inside <paramref name="whole"/>.</summary>
    private static bool IsSubsequence(IReadOnlyList<string> part, IReadOnlyList<string> whole)
    {
        for (var s = 0; s + part.Count <= whole.Count; s++)
        {
            if (part.Select((w, i) => whole[s + i] == w).All(b => b))
            {
                return true;
            }
        }

        return false;
    }
}
