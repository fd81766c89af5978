using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities.Tagging;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

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

    /// <summary>Sports cue words an article needs before a city-named club ("Roma") is taken as the club.</summary>
    private const int SportsContextCues = 2;

    /// <summary>Last words of administrative areas' names ("Glynn County", "North Kivu Province").</summary>
    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "county", "province", "district", "oblast", "governorate", "prefecture", "township", "canton", "municipality",
    };

    /// <summary>Id prefix of an administrative area found by its last word; the rest is its name without that word.</summary>
    private const string AdministrativeAreaPrefix = "area:";

    /// <summary>Words before a city-named club that make it the city ("a Roma", "in Milan").</summary>
    private static readonly HashSet<string> Locatives = new(StringComparer.Ordinal)
    {
        "a", "in", "di", "da", "per", "verso", "at", "to", "from", "near", "of", "via",
    };

    private const int MaximumPersonWords = 5;
    private const long MetropolisPopulation = 1_000_000;
    private const long SmallCityPopulation = 100_000;

    /// <summary>"Mr.", "Prof.", "Gen.": longer words before a period end a sentence ("di governo. Maggioranza").</summary>
    private const int MaximumAbbreviatedTitleLetters = 4;

    /// <summary>Longer all-caps words (<c>SICILIA</c>) are shouted words, not acronyms.</summary>
    private const int MaximumAcronymLetters = 6;

    private static readonly HashSet<string> WeakConnectors = new(StringComparer.Ordinal) { "e", "ed", "and" };

    /// <summary>Particles inside surnames (<c>Di Francesco</c>, <c>De Gasperi</c>, <c>van Gogh</c>): a given name after one is part of the surname.</summary>
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "di", "de", "da", "del", "della", "la", "le", "lo", "van", "von", "el", "al", "du", "dos", "das", "san", "santa", "st", "mac", "mc",
    };

    /// <summary>Connectors that end a person's name (<c>Tommaso Cerno del Pd</c>) although they may join an organisation's.</summary>
    private static readonly HashSet<string> ArticlePrepositions = new(StringComparer.Ordinal)
    {
        "di", "d", "del", "dell", "della", "dello", "dei", "degli", "delle", "of", "the", "for",
    };

    private static readonly HashSet<string> SpeechVerbs = new(StringComparer.Ordinal)
    {
        "said", "says", "told", "added", "warned", "stated", "announced", "insisted", "wrote",
        "dice", "afferma", "dichiara", "spiega", "aggiunge", "sostiene", "annuncia",
    };

    private static readonly HashSet<string> SpeechParticiples = new(StringComparer.Ordinal)
    {
        "detto", "dichiarato", "affermato", "spiegato", "aggiunto", "sostenuto", "annunciato", "sottolineato", "ribadito", "commentato",
    };

    /// <summary>The entities of an article whose plain text is <paramref name="text"/>, tokenized as <paramref name="tokens"/>.</summary>
    public IReadOnlyList<RecognizedEntity> Recognize(string text, IReadOnlyList<Token> tokens, CanonicalArticle article)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(article);
        var run = new Run(this, text, tokens, article);
        run.FindMentions();
        return run.Resolve();
    }

    private sealed class Run(EntityRecognizer owner, string text, IReadOnlyList<Token> tokens, CanonicalArticle article)
    {
        private readonly Lexicon _lexicon = owner._lexicon;
        private readonly Gazetteer _gazetteer = owner._gazetteer;
        private readonly OrganisationGazetteer _organisations = owner._organisations;
        private readonly NerTagger _tagger = owner._tagger;
        private readonly List<Mention> _mentions = [];
        private bool? _sports;
        private readonly HashSet<string> _lowerCaseWords = new(
            tokens.Where(t => t.IsWord && char.IsLower(t.Text[0])).Select(t => t.Folded), StringComparer.Ordinal);

        private readonly List<string[]> _authors = [.. article.Authors
            .Select(a => Tokenizer.Tokenize(a.Name).Where(t => t.IsWord).Select(t => TextFolding.Fold(t.Text)).ToArray())
            .Where(words => words.Length > 0)];

        public void FindMentions()
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!StartsName(tokens[i]) && !(tokens[i].IsNumber && i + 1 < tokens.Count && tokens[i + 1].IsWord))
                {
                    continue;
                }

                // "Istituto nazionale di geofisica e vulcanologia", "5 Stelle": a known name may run past the capitals,
                // also when it starts inside the run ("Osservatorio Terremoti dell'Istituto nazionale di geofisica…").
                var last = StartsName(tokens[i]) ? ExtendRun(i) : i;
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

                if (!StartsName(tokens[i]))
                {
                    continue;
                }

                Segment(i, last);
                i = last;
            }

            AddTaggedMentions();
            AddDatelineMentions();
        }

        private static bool StartsName(Token token) => token.IsCapitalised && !token.IsNumber;

        /// <summary>True when the article has enough sports words for a city-named club to be the club.</summary>
        private bool SportsContext => _sports ??= tokens.Count(t => t.IsWord && _lexicon.SportsCues.Contains(t.Folded)) >= SportsContextCues;

        /// <summary>
        /// The longest known organisation starting at <paramref name="at"/>; a club named like a place ("Roma")
        /// only in a sports context and not after a locative preposition ("a Roma").
        /// </summary>
        private (int Length, Organisation Organisation)? KnownOrganisation(int at, int last)
        {
            if (_organisations.Match(tokens, at, last) is not { } match)
            {
                return null;
            }

            if (match.Organisation.IsClub && _gazetteer.Match(tokens, at, last) is { } place && place.Length >= match.Length)
            {
                var locative = at > 0 && tokens[at - 1].IsWord && Locatives.Contains(tokens[at - 1].Lower);
                if (!SportsContext || locative)
                {
                    return null;
                }
            }

            // A one-word name at the start of a sentence that the text also writes in lower case ("Camera footage") is a common word.
            if (match.Length == 1 && tokens[at].SentenceStart && !tokens[at].IsAllCaps && _lowerCaseWords.Contains(Fold(at)))
            {
                return null;
            }

            return match;
        }

        /// <summary>A known organisation starting in the run <paramref name="first"/>..<paramref name="last"/> and ending after it.</summary>
        private (int Start, (int Length, Organisation Organisation) Known)? KnownOrganisationPastRun(int first, int last)
        {
            for (var j = first; j <= last; j++)
            {
                if ((j == first || tokens[j].IsCapitalised)
                    && KnownOrganisation(j, Math.Min(tokens.Count - 1, j + _organisations.MaxTokens)) is { } known && j + known.Length - 1 > last)
                {
                    return (j, known);
                }
            }

            return null;
        }

        private void AddKnown(int first, (int Length, Organisation Organisation) known) =>
            Add(first, first + known.Length - 1, EntityTypes.Organisation, acronym: known.Length == 1 && tokens[first].IsAllCaps, known: known.Organisation);

        private string Fold(int index) => tokens[index].Folded;

        /// <summary>The last token of the capitalised run starting at <paramref name="first"/>.</summary>
        private int ExtendRun(int first)
        {
            var last = first;
            var k = first + 1;
            while (k < tokens.Count)
            {
                var token = tokens[k];
                var hasNext = k + 1 < tokens.Count && StartsName(tokens[k + 1]);
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
                else if (token.IsWord && hasNext && WeakConnectors.Contains(token.Lower) && PlaceSpansAcross(first, k))
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
                else if (token.Text == "." && hasNext && tokens[k - 1].IsWord && tokens[k - 1].Text.Length == 1 && char.IsUpper(tokens[k - 1].Text[0]))
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
            for (var j = k; j < tokens.Count && j <= k + 1; j++)
            {
                if (!tokens[j].IsWord || !_lexicon.Connectors.Contains(tokens[j].Lower))
                {
                    return null;
                }

                if (j + 1 < tokens.Count && StartsName(tokens[j + 1]))
                {
                    return j + 1;
                }
            }

            return null;
        }

        /// <summary>True when a gazetteer name starting in the run covers the weak connector at <paramref name="connector"/>.</summary>
        private bool PlaceSpansAcross(int first, int connector)
        {
            var limit = Math.Min(tokens.Count - 1, connector + _gazetteer.MaxTokens);
            for (var s = first; s < connector; s++)
            {
                if (tokens[s].IsWord && _gazetteer.Match(tokens, s, limit) is { } match && s + match.Length - 1 > connector)
                {
                    return true;
                }
            }

            return false;
        }

        private void Segment(int first, int last)
        {
            while (last > first && (!tokens[last].IsWord || IsConnector(last)))
            {
                last--;
            }

            // "presidente del Consiglio Giorgia Meloni", "Partito Democratico di Elly Schlein": a given name
            // after other capitalised words starts a new name.
            for (var i = first + 1; i <= last; i++)
            {
                if (tokens[i].IsCapitalised && StartsFullName(i, last) && PreviousWord(i, first) is { } previous
                    && !_lexicon.GivenNames.Contains(Fold(previous)) && !NameParticles.Contains(Fold(previous)) && !InsideKnownName(first, i, last))
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
                    if (IsConnector(i) && ArticlePrepositions.Contains(tokens[i].Lower) && tokens[i + 1].IsCapitalised
                        && Enumerable.Range(i + 1, last - i).Any(k => tokens[k].IsCapitalised && _lexicon.OrganisationWords.Contains(Fold(k))))
                    {
                        Segment(first, i - 1);
                        Segment(i + 1, last);
                        return;
                    }
                }
            }

            var words = Enumerable.Range(first, last - first + 1).Where(i => tokens[i].IsWord && !IsConnector(i)).ToList();
            var shouting = words.Count >= 3 && words.All(i => tokens[i].IsAllCaps);
            if (shouting)
            {
                return; // An all-caps headline or heading: capitals say nothing there.
            }

            var titleCue = false;
            var p = first;
            while (p <= last)
            {
                var folded = Fold(p);
                if (!tokens[p].IsWord || IsConnector(p))
                {
                    p++;
                }
                else if (_gazetteer.Match(tokens, p, last) is { } place && (place.Length > 1 || !_lexicon.AllStopWords.Contains(folded)))
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
                else if (_lexicon.AllStopWords.Contains(folded) && !tokens[p].IsAllCaps)
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

            if (_gazetteer.Match(tokens, p, last) is { Length: > 1 } whole && p + whole.Length - 1 == last)
            {
                Add(p, last, EntityTypes.Place, whole.Place); // "West Bank" is a place, whatever "Bank" says.
                return;
            }

            if (last > p && tokens[last].IsCapitalised && PlaceWords.Contains(Fold(last)) && !_lexicon.OrganisationWords.Contains(Fold(p)))
            {
                // "Glynn County", "North Kivu Province": an administrative area the gazetteer does not know.
                var baseWords = Enumerable.Range(p, last - p).Where(i => tokens[i].IsWord && !IsConnector(i)).Select(Fold);
                var area = new Place(AdministrativeAreaPrefix + string.Join(' ', baseWords), text[tokens[p].Start..tokens[last].End], PlaceKind.Region, "");
                Add(p, last, EntityTypes.Place, area);
                return;
            }

            if (Enumerable.Range(p, last - p + 1).Any(i => (tokens[i].IsCapitalised && _lexicon.OrganisationWords.Contains(Fold(i))) || tokens[i].Text == "&"))
            {
                // "Consiglio", "Unione" alone are common nouns written with a capital, not names.
                if (p != last || tokens[p].IsAllCaps)
                {
                    Add(p, last, EntityTypes.Organisation);
                }

                return;
            }

            var pieceStart = p;
            var q = p;
            while (q <= last)
            {
                var token = tokens[q];
                if (token.IsCapitalised && KnownOrganisation(q, last) is { } known
                    && (_gazetteer.Match(tokens, q, last) is not { } placeThere || placeThere.Length <= known.Length))
                {
                    // Longest match first: "US Geological Survey" is one organisation, not the United States.
                    Flush(pieceStart, q - 1, titleCue);
                    titleCue = false;
                    AddKnown(q, known);
                    q += known.Length;
                    pieceStart = q;
                    continue;
                }

                if (token.IsCapitalised && _gazetteer.Match(tokens, q, last) is { } match && !PartOfLongerName(pieceStart, q, last, match))
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
            || (_lexicon.GivenNames.Contains(Fold(index)) && index < last && tokens[index + 1].IsCapitalised);

        /// <summary>True when a place or known organisation starting before <paramref name="index"/> covers it ("New York", "Italia Viva").</summary>
        private bool InsideKnownName(int first, int index, int last)
        {
            for (var s = Math.Max(first, index - Math.Max(_gazetteer.MaxTokens, _organisations.MaxTokens)); s < index; s++)
            {
                if (tokens[s].IsWord
                    && ((_gazetteer.Match(tokens, s, last) is { } place && s + place.Length > index)
                        || (_organisations.Match(tokens, s, last) is { } organisation && s + organisation.Length > index)))
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
                if (tokens[k].IsWord && !IsConnector(k))
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
            if (at > pieceStart && tokens[at - 1].IsWord && _lexicon.GivenNames.Contains(Fold(at - 1)))
            {
                return true;
            }

            // "Darnell Young": a small town's name after another capitalised word is a surname.
            if (at > pieceStart && match.Place.Kind == PlaceKind.City && match.Place.Population < SmallCityPopulation
                && tokens[at - 1].IsCapitalised && !tokens[at - 1].IsAllCaps && _gazetteer.Match(tokens, at - 1, at - 1) is null)
            {
                return true;
            }

            var next = at + match.Length;
            if (match.Place.Kind == PlaceKind.City && next <= last && tokens[next].IsCapitalised && !tokens[next].IsAllCaps
                && _gazetteer.Match(tokens, next, last) is null)
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
            if (_lexicon.AllStopWords.Contains(word) || NameParticles.Contains(word)
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
            return tokens[at].SentenceStart && (_lexicon.AmbiguousPlaces.Contains(word) || _lowerCaseWords.Contains(word));
        }

        private bool IsConnector(int index)
        {
            var token = tokens[index];
            return token.IsWord && char.IsLower(token.Text[0]) && (_lexicon.Connectors.Contains(token.Lower) || WeakConnectors.Contains(token.Lower));
        }

        private void Flush(int first, int last, bool titleCue)
        {
            while (first <= last && (!tokens[first].IsWord || IsConnector(first)))
            {
                first++;
            }

            while (last >= first && (!tokens[last].IsWord || IsConnector(last)))
            {
                last--;
            }

            // "Chinese President Xi Jinping", "Prime Minister Netanyahu": the name starts after the last title.
            for (var k = last; k >= first; k--)
            {
                if (tokens[k].IsWord && _lexicon.PersonTitles.Contains(Fold(k)))
                {
                    titleCue = true;
                    first = k + 1;
                    break;
                }
            }

            while (first <= last && (!tokens[first].IsWord || IsConnector(first)))
            {
                first++;
            }

            if (first > last || IsConnector(first))
            {
                return;
            }

            var wordCount = Enumerable.Range(first, last - first + 1).Count(i => tokens[i].IsWord && !IsConnector(i));
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
                    while (first <= last && (!tokens[first].IsWord || IsConnector(first)))
                    {
                        first++;
                    }

                    wordCount--;
                    single = wordCount == 1;
                }
            }

            var person = wordCount <= MaximumPersonWords
                && Enumerable.Range(first, last - first + 1).All(i => !tokens[i].IsWord || tokens[i].Text.All(c => char.IsLetter(c) || c is '-' or '.'))
                && (givenName || titled);
            if (person)
            {
                for (var k = first + 1; k < last; k++)
                {
                    if (IsConnector(k) && ArticlePrepositions.Contains(tokens[k].Lower))
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
                var token = tokens[k];
                if (token.Kind == TokenKind.Break)
                {
                    return false;
                }

                if (token.Kind == TokenKind.Punctuation)
                {
                    // "Mr. Smith": the period of an abbreviated title.
                    if (token.Text == "." && k > 0 && tokens[k - 1].IsWord && tokens[k - 1].Text.Length <= MaximumAbbreviatedTitleLetters
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
            var token = tokens[index];
            var letters = token.Text.Replace(".", "", StringComparison.Ordinal);
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

        private void Add(int first, int last, string? type, Place? place = null, bool acronym = false, Organisation? known = null)
        {
            var words = Enumerable.Range(first, last - first + 1).Where(i => tokens[i].IsWord).Select(Fold).ToList();
            if (type != EntityTypes.Place && _authors.Exists(author => IsSubsequence(words, author) || IsSubsequence(author, words)))
            {
                return; // The byline's author is not a mention.
            }

            var start = tokens[first].Start;
            var surface = text[start..tokens[last].End];
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

        /// <summary>
        /// The statistical tagger's names (<see cref="NerTagger"/>) beside the rules': a name no rule found is added
        /// with the tagger's type; a name the rules found but could not type takes the tagger's type; a person the
        /// rules cut at an initial, particle or hyphen ("George W. Bush", "Ursula von der Leyen") is taken whole.
        /// </summary>
        private void AddTaggedMentions()
        {
            var ruleMentions = _mentions.Count;
            var removed = new HashSet<int>();
            var spans = _tagger.Tag(tokens, _lowerCaseWords);
            foreach (var span in spans)
            {
                if (Trim(span) is not { } tagged)
                {
                    continue;
                }

                var overlapping = new List<int>();
                for (var m = 0; m < ruleMentions; m++)
                {
                    var mention = _mentions[m];
                    if (!removed.Contains(m) && mention.First >= 0 && mention.First <= tagged.Last && mention.Last >= tagged.First)
                    {
                        overlapping.Add(m);
                    }
                }

                if (overlapping.Count == 0 && Shouting(tagged))
                {
                    continue; // all-caps headlines and datelines ("NATO ALLIES MEET", "ROMA (ANSA)") say nothing about names
                }

                if (overlapping.Count == 0)
                {
                    if (tagged.Margin >= NewNameMargin && AcceptableNewName(tagged))
                    {
                        Add(tagged.First, tagged.Last, tagged.Type);
                    }

                    continue;
                }

                var inside = overlapping.TrueForAll(m => _mentions[m].First >= tagged.First && _mentions[m].Last <= tagged.Last);
                if (!inside)
                {
                    continue;
                }

                var covered = overlapping.ConvertAll(m => _mentions[m]);
                var wider = covered.TrueForAll(m => m.Last - m.First < tagged.Last - tagged.First);
                // Only a continuation counts: the rules' first name starts where the tagger's does ("ministro degli
                // Esteri Antonio Tajani" stays "Antonio Tajani"); a town's name inside it is a surname ("George W. Bush").
                if (tagged.Type == EntityTypes.Person && wider && tagged.Margin >= WholeNameMargin
                    && covered.Exists(m => m.First == tagged.First
                        && (m.Type == EntityTypes.Person || (m.Type is null && _lexicon.GivenNames.Contains(m.Words[0]))))
                    && covered.TrueForAll(m => m.Known is null
                        && (m.Place is null ? m.Type is null or EntityTypes.Person : m.Place.Kind == PlaceKind.City && m.First > tagged.First))
                    && WholeName(tagged.First, tagged.Last))
                {
                    removed.UnionWith(overlapping);
                    Add(tagged.First, tagged.Last, EntityTypes.Person);
                    continue;
                }

                // "Regione Emilia Romagna", "Consiglio regionale del Piemonte", "Tribunale di Milano": an institution named
                // after a place. The rules stop at the place; the tagger reads one organisation starting with an
                // organisation word, so the whole name is the organisation (the place inside is not a separate mention).
                if (tagged.Type == EntityTypes.Organisation && wider && tagged.Margin >= WholeOrganisationMargin
                    && _lexicon.OrganisationWords.Contains(tokens[tagged.First].Folded)
                    && covered.TrueForAll(m => m.Known is null && m.Type is null or EntityTypes.Place or EntityTypes.Organisation)
                    && AcceptableNewName(tagged))
                {
                    removed.UnionWith(overlapping);
                    Add(tagged.First, tagged.Last, EntityTypes.Organisation);
                    continue;
                }

                foreach (var m in overlapping)
                {
                    if (_mentions[m] is { Type: null, Place: null, Known: null } untyped && tagged.Margin >= TypeMargin)
                    {
                        _mentions[m] = untyped with { TaggedType = tagged.Type };
                    }
                }
            }

            foreach (var m in removed.OrderDescending())
            {
                _mentions.RemoveAt(m);
            }

            UntypeSurnamesTakenForTowns(spans);
        }

        /// <summary>
        /// "Bush said" after "George W. Bush": a lone word the gazetteer holds as a town but the tagger reads as a person,
        /// and that ends a person's name in the article, is that person's surname; it loses the town and merges with the name.
        /// </summary>
        private void UntypeSurnamesTakenForTowns(IReadOnlyList<TaggedSpan> tagged)
        {
            var surnames = _mentions.Where(m => m.Type == EntityTypes.Person && m.Words.Count >= 2).Select(m => m.Words[^1]).ToHashSet(StringComparer.Ordinal);
            for (var m = 0; m < _mentions.Count; m++)
            {
                var mention = _mentions[m];
                if (mention is { Place.Kind: PlaceKind.City, Known: null } && mention.First == mention.Last && surnames.Contains(mention.Words[0])
                    && tagged.Any(t => t.First == mention.First && t.Last == mention.Last && t.Type == EntityTypes.Person && t.Margin >= SurnameMargin))
                {
                    _mentions[m] = mention with { Place = null, Type = null, TaggedType = EntityTypes.Person };
                }
            }
        }

        /// <summary>Smallest score margins for the tagger's word to count: a new name, a type for an untyped name, a whole person.</summary>
        private const float NewNameMargin = 2f;
        private static readonly HashSet<string> InnerParticles = new(StringComparer.Ordinal) { "der", "den", "ter", "bin", "ibn", "ben", "y" };
        private const float TypeMargin = 1f;
        private const float WholeNameMargin = 1f;
        private const float WholeOrganisationMargin = 2f;
        private const float SurnameMargin = 10f;

        /// <summary>The span without leading or trailing punctuation and connectors; null when no capitalised word is left.</summary>
        private TaggedSpan? Trim(TaggedSpan span)
        {
            var first = span.First;
            var last = span.Last;
            while (first <= last && (!tokens[first].IsWord || IsConnector(first) || !char.IsUpper(tokens[first].Text[0])
                || (first < last && _lexicon.PersonTitles.Contains(tokens[first].Folded))))
            {
                first++; // "Mr Brown", "Minister Alkatiri": the title is not part of the name
            }

            while (last >= first && (!tokens[last].IsWord || IsConnector(last) || !char.IsLetterOrDigit(tokens[last].Text[0])))
            {
                last--;
            }

            return first > last ? null : span with { First = first, Last = last };
        }

        /// <summary>The span and the words around it are all capitals.</summary>
        private bool Shouting(TaggedSpan span)
        {
            var caps = 0;
            var words = 0;
            for (var i = Math.Max(0, span.First - 3); i <= Math.Min(tokens.Count - 1, span.Last + 3); i++)
            {
                if (tokens[i].IsWord && tokens[i].Text.Any(char.IsLetter))
                {
                    words++;
                    caps += tokens[i].IsAllCaps ? 1 : 0;
                }
            }

            return words >= 2 && caps * 3 >= words * 2 && Enumerable.Range(span.First, span.Last - span.First + 1).All(i => !tokens[i].IsWord || tokens[i].IsAllCaps);
        }

        /// <summary>Every word capitalised, a particle ("von", "der", "al-…"), an initial, or hyphenated: one person's name.</summary>
        private bool WholeName(int first, int last)
        {
            for (var i = first; i <= last; i++)
            {
                var token = tokens[i];
                if (token.Kind == TokenKind.Break)
                {
                    return false;
                }

                if (!token.IsWord)
                {
                    if (token.Text != "." || i == first)
                    {
                        return false;
                    }

                    continue;
                }

                if (!char.IsUpper(token.Text[0]) && !NameParticles.Contains(token.Lower) && !InnerParticles.Contains(token.Lower)
                    && !token.Text.Contains('-', StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private bool AcceptableNewName(TaggedSpan span)
        {
            var words = Enumerable.Range(span.First, span.Last - span.First + 1).Where(i => tokens[i].IsWord).ToList();
            if (words.Count == 0 || words.Count > 8)
            {
                return false;
            }

            if (words.Count == 1)
            {
                if (span.Type == EntityTypes.Person)
                {
                    return false; // a lone word is a person only on the rules' evidence
                }

                var token = tokens[words[0]];
                var folded = token.Folded;
                if (_lexicon.AllStopWords.Contains(folded) || _lexicon.PersonTitles.Contains(folded) || _lexicon.GivenNames.Contains(folded)
                    || (!token.IsAllCaps && _lexicon.OrganisationWords.Contains(folded)) // "il Consiglio", "il Dipartimento": a common noun, as for the rules
                    || (token.IsAllCaps ? _lexicon.NonOrganisationAcronyms.Contains(token.Text) : _lowerCaseWords.Contains(folded))
                    || token.IsNumber)
                {
                    return false;
                }
            }

            // "Il Presidente della Repubblica": a name has a word no title or stop word list holds.
            return words.Exists(i => !_lexicon.AllStopWords.Contains(Fold(i)) && !_lexicon.PersonTitles.Contains(Fold(i)) && !IsConnector(i));
        }

        private void AddDatelineMentions()
        {
            if (article.Dateline is not { } dateline)
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

        public IReadOnlyList<RecognizedEntity> Resolve()
        {
            var groups = new Groups();
            foreach (var mention in _mentions)
            {
                var key = mention.Place is { } place ? "place:" + place.Id
                    : mention.Known is { } known ? "org:" + known.Name
                    : "name:" + mention.Key;
                groups.Add(key, mention);
            }

            foreach (var mention in _mentions.Where(m => m.Place?.Id.StartsWith(AdministrativeAreaPrefix, StringComparison.Ordinal) == true))
            {
                // "North Kivu" beside "North Kivu Province".
                groups.Union("name:" + mention.Place!.Id[AdministrativeAreaPrefix.Length..], "place:" + mention.Place.Id);
            }

            LinkAcronyms(groups);
            MergePartialNames(groups);
            var promoted = RepeatedSurnames(groups);

            var entities = new List<RecognizedEntity>();
            foreach (var group in groups.Roots())
            {
                var type = group.Place is not null ? EntityTypes.Place : group.Type();
                if (type is null && group.LongestWords.Count == 1 && group.Mentions.Any(IsCamelCaseName))
                {
                    type = EntityTypes.Organisation; // "PaineWebber", "MetroTV", "YouTube": brands and companies.
                }

                if (type is null && (promoted.Contains(group) || (group.LongestWords.Count == 1 && group.Mentions.Any(m => FollowedBySpeechVerb(m) || SportsSurname(m)))))
                {
                    type = EntityTypes.Person;
                }

                if (type is null && !(group.LongestWords.Count == 1 && _lexicon.GivenNames.Contains(group.LongestWords[0])))
                {
                    // Nothing in the rules typed it: the statistical tagger's type, if it gave one ("Quebecor", "Petronas").
                    // A lone capitalised word is a person only on the rules' evidence (speech verb, repeated surname).
                    type = group.Mentions.Where(m => m.TaggedType is not null).GroupBy(m => m.TaggedType)
                        .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
                    type = type == EntityTypes.Person && group.LongestWords.Count == 1 ? null : type;
                }

                if (type is null)
                {
                    continue;
                }

                entities.Add(Build(group, type));
            }

            return [.. entities
                .OrderByDescending(e => e.Entity.Count)
                .ThenBy(e => e.InDateline ? -1 : e.Entity.Spans.Count > 0 ? e.Entity.Spans[0].Start : int.MaxValue)
                .ThenBy(e => e.Entity.Name, StringComparer.Ordinal)];
        }

        /// <summary>
        /// Untyped names of two to four words ("Ahmaud Arbery") whose last word the text also uses alone, in the
        /// middle of a sentence ("Arbery said"), are persons: a surname repeated on its own is how news text refers
        /// to people. The lone surname merges into the full name.
        /// </summary>
        private HashSet<Group> RepeatedSurnames(Groups groups)
        {
            var promoted = new HashSet<Group>();
            var roots = groups.Roots().Where(g => g.Place is null && g.Type() is null).ToList();
            var singles = roots
                .Where(g => g.LongestWords.Count == 1 && g.Mentions.Any(m => m.First >= 0 && !tokens[m.First].SentenceStart))
                .ToList();
            foreach (var group in roots.Where(g => g.LongestWords.Count is >= 2 and <= 4 && g.Mentions.All(m => NameLike(m) && !HasArticlePreposition(m))))
            {
                var surname = group.LongestWords[^1];
                var single = singles.FirstOrDefault(g => g.LongestWords[0] == surname && g.Root != group.Root);
                if (single is not null)
                {
                    Groups.Union(single, group);
                    promoted.Add(group.Root);
                }
            }

            return promoted;
        }

        /// <summary>Name prefixes of persons' surnames written with an inner capital (McMichael, DeSantis, LeBron).</summary>
        private static readonly string[] SurnamePrefixes = ["Mc", "Mac", "De", "Di", "Da", "Del", "Le", "La", "Van", "Von", "O"];

        /// <summary>One word with a capital after a lower-case letter inside it ("PaineWebber", "MetroTV"), not a surname prefix.</summary>
        private bool IsCamelCaseName(Mention mention)
        {
            if (mention.First < 0 || mention.First != mention.Last)
            {
                return false;
            }

            var word = tokens[mention.First].Text;
            for (var c = 1; c < word.Length; c++)
            {
                if (char.IsUpper(word[c]) && char.IsLower(word[c - 1]))
                {
                    return !SurnamePrefixes.Any(prefix => c == prefix.Length && word.StartsWith(prefix, StringComparison.Ordinal));
                }
            }

            return false;
        }

        /// <summary>"Arquata del Tronto", "Bank of Canada": a preposition with an article joins places and organisations, not a person's names.</summary>
        private bool HasArticlePreposition(Mention mention) =>
            Enumerable.Range(mention.First, mention.Last - mention.First + 1).Any(i => IsConnector(i) && ArticlePrepositions.Contains(tokens[i].Lower) && tokens[i].Lower is not "di" and not "d");

        /// <summary>Every word of the mention is capitalised and made of letters (a name, not "Q1 Results").</summary>
        private bool NameLike(Mention mention) =>
            mention.First >= 0 && Enumerable.Range(mention.First, mention.Last - mention.First + 1)
                .Where(i => tokens[i].IsWord && !IsConnector(i))
                .All(i => tokens[i].IsCapitalised && !tokens[i].IsAllCaps && tokens[i].Text.All(c => char.IsLetter(c) || c is '-' or '\'' or '’'));

        /// <summary>In a sports story, a lone capitalised word inside a sentence that is no place, club or common word is a player or coach ("serve Dzeko").</summary>
        private bool SportsSurname(Mention mention) =>
            SportsContext && mention.First >= 0 && mention.Type is null && !tokens[mention.First].SentenceStart && NameLike(mention)
            && !_lexicon.OrganisationWords.Contains(mention.Words[0]) && !_lexicon.PersonTitles.Contains(mention.Words[0])
            && !_lexicon.SportsCues.Contains(mention.Words[0])
            && !(mention.First > 0 && tokens[mention.First - 1].Lower == "the"); // "the Serb": a demonym, not a name

        private void LinkAcronyms(Groups groups)
        {
            foreach (var mention in _mentions.Where(m => m.Type == EntityTypes.Organisation && !m.IsAcronym && m.Last >= 0))
            {
                var k = mention.Last + 1;
                if (k + 2 < tokens.Count && tokens[k].Text == "(" && tokens[k + 1].IsAllCaps && tokens[k + 2].Text == ")")
                {
                    groups.Union("name:" + Fold(k + 1), "name:" + mention.Key);
                }
            }

            var acronyms = _mentions.Where(m => m.IsAcronym).Select(m => m.Key).Distinct().ToList();
            var organisations = _mentions.Where(m => m.Type == EntityTypes.Organisation && !m.IsAcronym && m.Last >= 0).ToList();
            foreach (var acronym in acronyms)
            {
                var letters = acronym.Replace(".", "", StringComparison.Ordinal);
                var expansion = organisations.FirstOrDefault(m => Initials(m) == letters);
                if (expansion is not null)
                {
                    groups.Union("name:" + acronym, "name:" + expansion.Key);
                }
            }
        }

        private string Initials(Mention mention) => string.Concat(
            Enumerable.Range(mention.First, mention.Last - mention.First + 1)
                .Where(i => tokens[i].IsCapitalised)
                .Select(i => Fold(i)[0]));

        private static void MergePartialNames(Groups groups)
        {
            var roots = groups.Roots().Where(g => g.Place is null).ToList();
            var persons = roots.Where(g => g.Type() == EntityTypes.Person).ToList();
            foreach (var group in roots.OrderBy(g => g.LongestWords.Count))
            {
                var type = group.Type();
                if (type == EntityTypes.Organisation)
                {
                    continue;
                }

                var words = group.LongestWords;
                var target = persons
                    .Where(p => p != group && p.LongestWords.Count > words.Count && (StartsWith(p.LongestWords, words) || EndsWith(p.LongestWords, words)))
                    .OrderByDescending(p => p.Mentions.Count)
                    .ThenByDescending(p => p.LongestWords.Count)
                    .FirstOrDefault();
                if (target is not null)
                {
                    Groups.Union(group, target);
                }
            }
        }

        private bool FollowedBySpeechVerb(Mention mention)
        {
            if (mention.Last < 0)
            {
                return false;
            }

            var next = mention.Last + 1;
            if (next < tokens.Count && tokens[next].IsWord && SpeechVerbs.Contains(tokens[next].Lower))
            {
                return true;
            }

            return next + 1 < tokens.Count && tokens[next].Lower is "ha" or "has" && tokens[next + 1].IsWord && SpeechParticiples.Contains(tokens[next + 1].Lower);
        }

        private static RecognizedEntity Build(Group group, string type)
        {
            var inText = group.Mentions.Where(m => m.Start is not null).OrderBy(m => m.Start).ToList();
            var inDateline = group.Mentions.Where(m => m.Start is null).ToList();
            var ordered = inDateline.Concat(inText).ToList();
            var name = type switch
            {
                EntityTypes.Place when group.Place is { } place => place.Name,
                EntityTypes.Organisation when ordered.FirstOrDefault(m => m.IsAcronym) is { } acronym => MostFrequent(ordered.Where(m => m.IsAcronym)),
                EntityTypes.Organisation when ordered.FirstOrDefault(m => m.Known is not null) is { Known: { } known } => known.Name,
                _ => ordered
                    .OrderByDescending(m => m.Words.Count)
                    .ThenByDescending(m => ordered.Count(o => o.Surface == m.Surface))
                    .First().Surface,
            };

            var entity = new Entity
            {
                Name = name,
                Type = type,
                Count = ordered.Count,
                Mentions = [.. ordered.Select(m => m.Surface).Distinct(StringComparer.Ordinal)],
                Spans = [.. inText.Select(m => new TextSpan { Start = m.Start!.Value, Length = m.Surface.Length })],
                CountryCode = group.Place is { CountryCode.Length: > 0 } ? group.Place.CountryCode : null,
            };
            return new RecognizedEntity(entity, group.Place, inDateline.Count > 0);
        }

        private static string MostFrequent(IEnumerable<Mention> mentions) =>
            mentions.GroupBy(m => m.Surface, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;

        private static bool StartsWith(IReadOnlyList<string> words, IReadOnlyList<string> prefix) =>
            prefix.Count <= words.Count && prefix.Select((w, i) => words[i] == w).All(b => b);

        private static bool EndsWith(IReadOnlyList<string> words, IReadOnlyList<string> suffix) =>
            suffix.Count <= words.Count && suffix.Select((w, i) => words[words.Count - suffix.Count + i] == w).All(b => b);

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
}
