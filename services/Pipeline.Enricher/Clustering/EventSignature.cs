using System.Globalization;
using System.Text;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Linking;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Clustering;

/// <summary>One term of an article's event signature: a 64-bit hash of the term, its raw weight, and the language
/// it belongs to (<c>null</c> for the terms every language shares: entities, numbers, dates).</summary>
public readonly record struct EventTerm(long Term, float Weight, string? Language)
{
    /// <summary>True for language-independent terms (entities, numbers, dates): the bridge between languages.</summary>
    public bool IsBridge => Language is null;
}

/// <summary>
/// The event signature of an article (the "what happened, to whom, where, when" that independent rewrites of
/// one event share): its named entities, event concepts, key phrases, content-word stems, numbers and dates, each
/// with a raw weight. The store turns the raw weights into TF-IDF weights with the document frequencies it keeps.
/// </summary>
/// <remarks>
/// <para>
/// Entities are keyed by the linker's id (<c>Mosca</c> and <c>Moscow</c> are one term), persons by the last word of
/// their name, places finer than a country with a tagged term (<see cref="EntityKey"/>). Event concepts
/// (<see cref="EventConcepts"/>: <c>terremoto</c> and <c>earthquake</c> are one term), numbers (<c>7,0</c> and
/// <c>7.0</c>, <c>1.500</c> and <c>1,500</c> are the same term) and dates (<c>13 agosto</c>, <c>August 13</c>,
/// <c>giovedì</c>, <c>Thursday</c>; with their year when written or resolved against the article's own date) are
/// language-independent too. Together they are the bridge between an Italian and an English report of the same event.
/// </para>
/// <para>
/// Key phrases and content words (at least four letters, not a stop word, cut to a six-letter stem) belong to
/// the article's language: they separate two events that share people but not what happened.
/// </para>
/// </remarks>
public static class EventSignature
{
    /// <summary>Most terms kept per article (the heaviest).</summary>
    public const int MaxTerms = 48;

    private const int StemLength = 6;

    /// <summary>Raw weight of an event concept (<see cref="EventConcepts"/>) named once in the body.</summary>
    private const double ConceptWeight = 1.0;
    private const int MaxDigits = 12;

    /// <summary>Month names and abbreviations, English and Italian, folded: month number.</summary>
    internal static readonly Dictionary<string, int> Months = BuildMonths();

    private static readonly Dictionary<string, int> Weekdays = new(StringComparer.Ordinal)
    {
        ["monday"] = 1, ["tuesday"] = 2, ["wednesday"] = 3, ["thursday"] = 4, ["friday"] = 5, ["saturday"] = 6, ["sunday"] = 7,
        ["lunedi"] = 1, ["martedi"] = 2, ["mercoledi"] = 3, ["giovedi"] = 4, ["venerdi"] = 5, ["sabato"] = 6, ["domenica"] = 7,
    };

    /// <summary>Words naming a day relative to the article's own date (days after it).</summary>
    private static readonly Dictionary<string, int> RelativeDays = new(StringComparer.Ordinal)
    {
        ["yesterday"] = -1, ["today"] = 0, ["tonight"] = 0, ["tomorrow"] = 1,
        ["ieri"] = -1, ["oggi"] = 0, ["stamani"] = 0, ["stamane"] = 0, ["stamattina"] = 0, ["stasera"] = 0, ["stanotte"] = 0, ["domani"] = 1,
    };

    /// <summary>Words after "N years" that make the phrase a look back (<c>five years after</c>, <c>sei anni fa</c>).</summary>
    private static readonly HashSet<string> LaterWords = new(StringComparer.Ordinal) { "ago", "after", "later", "on", "fa", "dopo" };

    private static readonly HashSet<string> YearWords = new(StringComparer.Ordinal) { "years", "year", "anni", "anno" };

    private static readonly Dictionary<string, int> NumberWords = BuildNumberWords();

    /// <summary>The concept term of a look back ("five years after the fire", "sei anni fa"): an anniversary, another event than the one recalled.</summary>
    private const string LookBackConcept = "c:lookback";

    /// <summary>Raw weight of a look back (× 2 in the headline).</summary>
    private const double LookBackWeight = 2.0;

    /// <summary>The article's signature: at most <see cref="MaxTerms"/> terms, heaviest first; empty for an article without text.</summary>
    public static IReadOnlyList<EventTerm> Build(CanonicalArticle article, Enrichment? enrichment) =>
        [.. Describe(article, enrichment).Select(t => new EventTerm(TermOf(t.Key), (float)t.Weight, t.Language))];

    /// <summary>
    /// The calendar day a term names (<c>d:month-day</c>) as <c>(month, day)</c>, else null: date terms carry
    /// their value in the term itself (<see cref="DateTermBase"/> + month × 100 + day), so a stored centroid still says
    /// which days its story happened on.
    /// </summary>
    public static (int Month, int Day)? DayOf(long term) =>
        term >= DateTermBase + 101 && term <= DateTermBase + 1231 ? ((int)((term - DateTermBase) / 100), (int)((term - DateTermBase) % 100)) : null;

    /// <summary>
    /// The date a term names with its year (<c>a:</c> terms: a date written with its year, or resolved against the
    /// article's own date), else null. Such terms carry the day number in the term itself, like <see cref="DayOf"/>.
    /// </summary>
    public static DateOnly? DateOf(long term) =>
        term >= AbsoluteDateBase && term < AbsoluteDateBase + MaximumDayNumber ? DateOnly.FromDayNumber((int)(term - AbsoluteDateBase) + EpochDayNumber) : null;

    /// <summary>
    /// The article's own date (<c>o:</c> terms: when it was published, else its dateline's date, else the date its
    /// address carries), else null: the day a report was written, which reports of one event share within days.
    /// </summary>
    public static DateOnly? OwnDateOf(long term) =>
        term >= OwnDateBase && term < OwnDateBase + MaximumDayNumber ? DateOnly.FromDayNumber((int)(term - OwnDateBase) + EpochDayNumber) : null;

    /// <summary>
    /// The month the article was written in (<c>m:</c> terms, as months since January 1970: from its own date, or from an
    /// address that carries only a year and a month, <c>/2012/luglio/</c>), else null.
    /// </summary>
    public static int? OwnMonthOf(long term) =>
        term >= OwnMonthBase && term < OwnMonthBase + MaximumMonthNumber ? (int)(term - OwnMonthBase) : null;

    /// <summary>True for the term of a score or result (<c>2-1</c>, <see cref="Scores"/>): such terms carry a reserved top byte.</summary>
    public static bool IsScore(long term) => (ulong)term >> 56 == ScoreTag;

    private const ulong ScoreTag = 0x7C;

    private const long OwnMonthBase = DateTermBase - 0x2_0000;
    private const int MaximumMonthNumber = 0x1_0000;

    /// <summary>Base of the reserved term ids of own dates: <see cref="OwnDateBase"/> + days since 1 January 1970.</summary>
    private const long OwnDateBase = DateTermBase - 0x1_0000;

    /// <summary>Raw weight of the own-date term: it is there for the date check, barely for the cosine.</summary>
    private const double OwnDateWeight = 0.1;

    /// <summary>Base of the reserved term ids of calendar days (hashes land there with probability ~1e-16).</summary>
    private const long DateTermBase = 0x7FFF_FFFF_FFFF_0000;

    /// <summary>Base of the reserved term ids of dates with a year: <see cref="AbsoluteDateBase"/> + days since 1 January 1970.</summary>
    private const long AbsoluteDateBase = DateTermBase + 4096;

    private const int MaximumDayNumber = 0xFFFF - 4096;

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    private static long TermOf(string key)
    {
        if (key.StartsWith("a:", StringComparison.Ordinal) && int.TryParse(key.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var dayNumber))
        {
            return AbsoluteDateBase + dayNumber;
        }

        if (key.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(key.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var ownNumber))
        {
            return OwnDateBase + ownNumber;
        }

        if (key.StartsWith("m:", StringComparison.Ordinal) && int.TryParse(key.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var monthNumber))
        {
            return OwnMonthBase + monthNumber;
        }

        if (key.StartsWith("d:", StringComparison.Ordinal) && key.IndexOf('-', StringComparison.Ordinal) is var dash and > 2
            && int.TryParse(key.AsSpan(2, dash - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(key.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return DateTermBase + (month * 100) + day;
        }

        var hash = Hash(key);
        if (key.StartsWith("l:", StringComparison.Ordinal))
        {
            return Tagged(hash, PlaceTag);
        }

        if (key.StartsWith("s:", StringComparison.Ordinal))
        {
            return Tagged(hash, ScoreTag);
        }

        return (ulong)hash >> 56 is PlaceTag or ScoreTag ? hash ^ 0x0300_0000_0000_0000L : hash; // Only their own terms carry these tags.

        static long Tagged(long hash, ulong tag) => (long)(((ulong)hash & 0x00FF_FFFF_FFFF_FFFFUL) | (tag << 56));
    }

    /// <summary>
    /// The same signature with readable terms (<c>e:</c> entity, <c>l:</c> place finer than a country, <c>c:</c> event
    /// concept, <c>k:</c> key phrase, <c>w:</c> word stem, <c>n:</c> number, <c>d:</c> day without a year, <c>a:</c> date
    /// with its year as days since 1970), for diagnostics.
    /// </summary>
    public static IReadOnlyList<(string Key, double Weight, string? Language)> Describe(CanonicalArticle article, Enrichment? enrichment)
    {
        ArgumentNullException.ThrowIfNull(article);
        var code = enrichment?.Language.Code ?? article.DeclaredLanguage ?? LanguageTags.Undetermined;
        var language = code.Length > 3 ? code[..3] : code; // As the store keeps it.
        var terms = new Dictionary<string, (string Key, double Weight, string? Language)>(StringComparer.Ordinal);

        void Add(string key, double weight, string? lang) =>
            terms[key] = terms.TryGetValue(key, out var existing) ? existing with { Weight = existing.Weight + weight } : (key, weight, lang);

        var entityWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in enrichment?.Entities ?? [])
        {
            // People and organisations recur across many events (the hard case: same people, another day);
            // places pin an event down more. Chosen on the development pairs (see the enricher's README).
            var typeWeight = entity.Type switch
            {
                EntityTypes.Person => 1.0,
                EntityTypes.Organisation => 0.9,
                _ => 2.0,
            };
            Add(EntityKey(entity), typeWeight * (1 + Math.Log(Math.Clamp(entity.Count, 1, 20))), null);
            foreach (var mention in entity.Mentions.Append(entity.Name))
            {
                var words = new List<string>();
                NearDuplicates.AddWords(mention, words);
                entityWords.UnionWith(words);
            }
        }

        foreach (var keyword in enrichment?.Keywords ?? [])
        {
            var folded = TextFolding.Fold(keyword.Text).Trim();
            if (folded.Length > 0)
            {
                Add("k:" + language + ":" + folded, 1.5, language);
            }
        }

        var stopWords = Lexicon.Default.StopWords(language);
        var headline = new List<string>();
        NearDuplicates.AddWords(article.Headline.Main, headline);
        var all = NearDuplicates.Words(article);
        var headlineWords = new HashSet<string>(headline, StringComparer.Ordinal);
        foreach (var group in all.Where(w => IsContentWord(w, stopWords, entityWords)).GroupBy(Stem, StringComparer.Ordinal))
        {
            var inHeadline = group.Any(headlineWords.Contains);
            Add("w:" + language + ":" + group.Key, 1.0 * (1 + Math.Log(group.Count())) * (inHeadline ? 2 : 1), language);
        }

        // Dates: the article's own (its publication date, else its dateline's), and the days it names — with their
        // year when written, else resolved against the article's own date when it has one (the 13 March before it,
        // the Thursday of its week). A day without a year stays a month-day term, which every report of the event
        // shares whatever its year.
        var reference = ReferenceDate(article);
        void AddDate(DateOnly date, double weight)
        {
            var number = date.DayNumber - EpochDayNumber;
            if (number is >= 0 and < MaximumDayNumber)
            {
                Add("a:" + number.ToString(CultureInfo.InvariantCulture), weight, null);
            }
        }

        // Terms kept whatever their weight (the checks of StoryVectors.DaysConflict need them): the own date and month.
        var kept = new List<(string Key, double Weight, string? Language)>();
        if (reference is { } own)
        {
            AddDate(own, 0.5);
            if (own.DayNumber - EpochDayNumber is var ownNumber and >= 0 and < MaximumDayNumber)
            {
                kept.Add(("o:" + ownNumber.ToString(CultureInfo.InvariantCulture), OwnDateWeight, null));
            }
        }

        if ((reference is { } ownDay ? ((ownDay.Year - 1970) * 12) + ownDay.Month - 1 : UrlDates.MonthOf(article.CanonicalUrl)) is { } ownMonth and >= 0 and < MaximumMonthNumber)
        {
            kept.Add(("m:" + ownMonth.ToString(CultureInfo.InvariantCulture), OwnDateWeight, null));
        }

        // What happened, whatever the language (terremoto, earthquake): the bridge beside names, numbers and dates.
        var concepts = EventConcepts.Default;
        foreach (var group in all.Where(w => w.Length >= 3 && !entityWords.Contains(w)).Select(w => (Word: w, Concept: concepts.ConceptOf(w)))
                     .Where(c => c.Concept is not null).GroupBy(c => c.Concept!, StringComparer.Ordinal))
        {
            var inHeadline = group.Any(c => headlineWords.Contains(c.Word));
            Add("c:" + group.Key, ConceptWeight * (1 + Math.Log(group.Count())) * (inHeadline ? 2 : 1), null);
        }

        for (var i = 0; i < all.Count; i++)
        {
            var word = all[i];
            if (RelativeDays.TryGetValue(word, out var offset))
            {
                if (reference is { } r)
                {
                    AddDate(r.AddDays(offset), 1.0);
                }
            }
            else if (LaterWords.Contains(word) && i >= 2 && YearWords.Contains(all[i - 1]) && IsCount(all[i - 2]))
            {
                Add(LookBackConcept, LookBackWeight * (headlineWords.Contains(word) ? 2 : 1), null);
            }
            else if (Weekdays.TryGetValue(word, out var weekday))
            {
                Add("d:w" + weekday.ToString(CultureInfo.InvariantCulture), 0.25, null);
                if (reference is { } r)
                {
                    AddDate(r.AddDays(-((((int)r.DayOfWeek + 6) % 7) + 1 - weekday + 7) % 7), 1.0);
                }
            }
            else if (Months.TryGetValue(word, out var month))
            {
                var dayBefore = DayAt(all, i - 1);
                var day = dayBefore ?? DayAt(all, i + 1);
                if (day is { } d)
                {
                    Add("d:" + month.ToString(CultureInfo.InvariantCulture) + "-" + d.ToString(CultureInfo.InvariantCulture), 1.0, null);
                    var year = YearAt(all, dayBefore is null ? i + 2 : i + 1);
                    if (year is { } y && d <= DateTime.DaysInMonth(y, month))
                    {
                        AddDate(new DateOnly(y, month, d), 1.0);
                    }
                    else if (reference is { } r && Nearest(r, month, d) is { } resolved)
                    {
                        AddDate(resolved, 1.0);
                    }
                }
            }
        }

        foreach (var text in Texts(article))
        {
            foreach (var number in Numbers(text))
            {
                var isYear = number.Length == 4 && !number.Contains('.', StringComparison.Ordinal) && number[0] is '1' or '2';
                Add("n:" + number, isYear ? 0.75 : 1.5, null);
            }

            foreach (var score in Scores(text))
            {
                Add("s:" + score, 1.5, null);
            }
        }

        return [.. terms.Values.OrderByDescending(t => t.Weight).ThenBy(t => t.Key, StringComparer.Ordinal).Take(MaxTerms), .. kept];
    }

    /// <summary>
    /// Scores and results written <c>2-1</c>, <c>1–1</c> (one or two digits each side of a hyphen or dash, not part of
    /// a longer run such as a date): the same in every language, and different for another match.
    /// </summary>
    internal static IEnumerable<string> Scores(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('-' or '\u2013') || i == 0 || i + 1 >= text.Length)
            {
                continue;
            }

            var start = i;
            while (start > 0 && char.IsAsciiDigit(text[start - 1]) && i - start < 3)
            {
                start--;
            }

            var end = i + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]) && end - i <= 3)
            {
                end++;
            }

            var left = i - start;
            var right = end - i - 1;
            if (left is < 1 or > 2 || right is < 1 or > 2
                || (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '-' or '\u2013' or '/' or '.' or ','))
                || (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '-' or '\u2013' or '/')))
            {
                continue;
            }

            yield return text[start..i] + "-" + text[(i + 1)..end];
        }
    }

    private static bool IsCount(string word) =>
        NumberWords.ContainsKey(word) || (word.Length <= 3 && word.All(char.IsAsciiDigit));

    /// <summary>
    /// The key of an entity. A place finer than a country (a city, a region): <c>l:</c> + its linked id (its folded
    /// name without one), a term <see cref="IsPlace"/> recognises — a shared one lets a less similar report join
    /// (<see cref="StoryClusterRules.ChooseStory"/>). A person: <c>e:p:</c> + the last word of the name, so
    /// <c>Draghi</c> in one article and <c>Mario Draghi</c> in another agree (the linker merges them only within an
    /// article). Anything else (organisations, countries): <c>e:</c> + its linked id, so <c>Mosca</c>/<c>Moscow</c>,
    /// <c>ONU</c>/<c>UN</c> agree, else its folded name.
    /// </summary>
    internal static string EntityKey(Entity entity)
    {
        var id = entity.Id ?? TextFolding.Fold(entity.Name).Trim();
        if (entity.Type == EntityTypes.Person)
        {
            var words = new List<string>();
            NearDuplicates.AddWords(entity.Name, words);
            return words.Count > 0 ? "e:p:" + words[^1] : "e:" + id;
        }

        var isCountry = entity.Id is not null && entity.CountryCode is { } code && EntityLinker.Default.CountryId(code) == entity.Id;
        return entity.Type == EntityTypes.Place && !isCountry ? "l:" + id : "e:" + id;
    }

    /// <summary>True for the term of a place finer than a country (<see cref="EntityKey"/>): such terms carry a reserved top byte.</summary>
    public static bool IsPlace(long term) => (ulong)term >> 56 == PlaceTag;

    private const ulong PlaceTag = 0x7E;

    /// <summary>Canonical numbers in the text: at least two digits, or written with a separator; thousands separators dropped, decimal comma as a point.</summary>
    internal static IEnumerable<string> Numbers(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '.' or ',')))
            {
                i++;
                continue;
            }

            // A run of digit groups joined by single '.' or ',' (bounded).
            var groups = new List<string>();
            var separators = new List<char>();
            var j = i;
            while (j < text.Length && groups.Count < 6)
            {
                var start = j;
                while (j < text.Length && char.IsAsciiDigit(text[j]) && j - start < MaxDigits)
                {
                    j++;
                }

                groups.Add(text[start..j]);
                if (j + 1 < text.Length && text[j] is '.' or ',' && char.IsAsciiDigit(text[j + 1]))
                {
                    separators.Add(text[j]);
                    j++;
                    continue;
                }

                break;
            }

            i = j;
            if (j < text.Length && char.IsLetter(text[j]))
            {
                continue; // "3rd", "5G", "10km" — units glued to digits are too varied to compare.
            }

            string whole, fraction = "";
            if (groups.Count == 1)
            {
                whole = groups[0];
            }
            else if (groups[^1].Length == 3 && separators.Distinct().Count() == 1)
            {
                whole = string.Concat(groups); // 1.500 / 1,500 / 1,500,000
            }
            else
            {
                whole = string.Concat(groups.Take(groups.Count - 1));
                fraction = groups[^1].TrimEnd('0');
            }

            whole = whole.TrimStart('0');
            if (whole.Length == 0)
            {
                whole = "0";
            }

            var number = fraction.Length > 0 ? whole + "." + fraction : whole;
            if (number.Length >= 2 || groups.Count > 1)
            {
                yield return number;
            }
        }
    }

    internal static long Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)NearDuplicates.Mix(hash));
    }

    private static bool IsContentWord(string word, HashSet<string> stopWords, HashSet<string> entityWords) =>
        word.Length >= 4 && !char.IsAsciiDigit(word[0]) && !stopWords.Contains(word) && !entityWords.Contains(word)
        && !Months.ContainsKey(word) && !Weekdays.ContainsKey(word);

    private static string Stem(string word) => word.Length <= StemLength ? word : word[..StemLength];

    private static int? DayAt(List<string> words, int index) =>
        index >= 0 && index < words.Count && words[index].Length <= 2 && int.TryParse(words[index], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31
            ? day
            : null;

    private static int? YearAt(List<string> words, int index) =>
        index >= 0 && index < words.Count && words[index].Length == 4 && int.TryParse(words[index], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2199
            ? year
            : null;

    /// <summary>The article's own date: when it was published, else its dateline's date, else the date its address carries.</summary>
    private static DateOnly? ReferenceDate(CanonicalArticle article) =>
        article.PublishedAt is { } published ? DateOnly.FromDateTime(published.UtcDateTime)
        : article.Dateline?.Date ?? UrlDates.DateOf(article.CanonicalUrl);

    /// <summary>The <paramref name="month"/>/<paramref name="day"/> nearest to <paramref name="reference"/> (the year before, of, or after it).</summary>
    private static DateOnly? Nearest(DateOnly reference, int month, int day)
    {
        DateOnly? best = null;
        for (var year = reference.Year - 1; year <= reference.Year + 1; year++)
        {
            if (day <= DateTime.DaysInMonth(year, month))
            {
                var date = new DateOnly(year, month, day);
                if (best is null || Math.Abs(date.DayNumber - reference.DayNumber) < Math.Abs(best.Value.DayNumber - reference.DayNumber))
                {
                    best = date;
                }
            }
        }

        return best;
    }

    private static IEnumerable<string> Texts(CanonicalArticle article)
    {
        yield return article.Headline.Main;
        if (article.Lead is { } lead)
        {
            yield return lead;
        }

        foreach (var paragraph in article.Body.Paragraphs)
        {
            yield return paragraph;
        }
    }

    private static Dictionary<string, int> BuildNumberWords()
    {
        string[] english = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred"];
        string[] italian = ["un", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci", "undici", "dodici", "quindici", "venti", "trenta", "quaranta", "cinquanta", "cento"];
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var list in new[] { english, italian })
        {
            for (var i = 0; i < list.Length; i++)
            {
                words.TryAdd(list[i], i + 1);
            }
        }

        return words;
    }

    private static Dictionary<string, int> BuildMonths()
    {
        string[] english = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
        string[] italian = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];
        string[] shortEnglish = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        string[] shortItalian = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"];
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var list in new[] { english, italian, shortEnglish, shortItalian })
        {
            for (var m = 0; m < 12; m++)
            {
                months.TryAdd(list[m], m + 1);
            }
        }

        months.Remove("mar"); // "mar" is also the Italian/Spanish word for sea.
        months.Remove("set"); // and "set" an English word.
        return months;
    }
}
