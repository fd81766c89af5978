using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// The vector arithmetic of event-level clustering: TF-IDF weighting of an article's signature, the cosine
/// between an article and a story's centroid, and the bounded incremental centroid (Europe Media Monitor's
/// scheme: an article joins the most similar active story above a threshold, else starts one; the story's
/// centroid is the sum of its members' unit vectors, cut to its heaviest <see cref="CentroidTerms"/> terms).
/// </summary>
internal static class StoryVectors
{
    /// <summary>Terms kept in a story's centroid: its cost and size stay flat however many articles join.</summary>
    public const int CentroidTerms = 64;

    /// <summary>Heaviest terms of a centroid put in the store's inverted index (and looked up for a new article).</summary>
    public const int IndexedTerms = 16;

    /// <summary>Stories read and compared per assignment: those sharing the most indexed terms with the article.</summary>
    public const int MaxCandidates = 32;

    /// <summary>The document-frequency row that counts articles (no term hashes to 0 in practice).</summary>
    public const long ArticleCountTerm = 0;

    /// <summary>
    /// Smoothing of the inverse document frequency, <c>ln((N + Prior) / (df + 1))</c>: with an empty store every
    /// term weighs ln(Prior) (the raw weights decide), and a term in every article of a busy window falls to ~0.
    /// 50 rather than 20: with few articles in the window (a quiet feed, an evaluation run) the terms a story's own
    /// reports share lose less weight against those only one report has.
    /// </summary>
    private const double Prior = 50;

    private const double MinimumIdf = 0.05;
    private const int EntryBytes = 8 + 4 + 3;

    /// <summary>The article's terms weighted raw weight × IDF and scaled to unit length.</summary>
    public static EventTerm[] Weigh(IReadOnlyList<EventTerm> terms, IReadOnlyDictionary<long, long> frequencies)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(frequencies);
        var articles = frequencies.GetValueOrDefault(ArticleCountTerm);
        var weighted = terms
            .Select(t => t with { Weight = (float)(t.Weight * Math.Max(MinimumIdf, Math.Log((articles + Prior) / (frequencies.GetValueOrDefault(t.Term) + 1.0)))) })
            .ToArray();
        var norm = Math.Sqrt(weighted.Sum(t => (double)t.Weight * t.Weight));
        return norm == 0 ? [] : [.. weighted.Select(t => t with { Weight = (float)(t.Weight / norm) }).OrderByDescending(t => t.Weight).ThenBy(t => t.Term)];
    }

    /// <summary>
    /// Cosine of the article and the centroid over what they can share: when the story already has terms of the
    /// article's language, the article's whole vector against the story's bridge terms and terms of that
    /// language; otherwise (the story so far told in other languages) bridge terms against bridge terms only.
    /// <c>Bridge</c> says which comparison was made.
    /// </summary>
    public static (double Cosine, bool Bridge) Similarity(IReadOnlyList<EventTerm> article, IReadOnlyList<EventTerm> centroid)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(centroid);
        var language = article.FirstOrDefault(t => !t.IsBridge).Language;
        var shared = language is null || centroid.Any(t => t.Language == language);
        var a = shared ? article : [.. article.Where(t => t.IsBridge)];
        var c = centroid.Where(t => t.IsBridge || (shared && t.Language == language)).ToDictionary(t => t.Term, t => (double)t.Weight);
        double dot = 0, na = 0, nc = 0;
        foreach (var term in a)
        {
            na += (double)term.Weight * term.Weight;
            if (c.TryGetValue(term.Term, out var weight))
            {
                dot += term.Weight * weight;
            }
        }

        foreach (var weight in c.Values)
        {
            nc += weight * weight;
        }

        return (na == 0 || nc == 0 ? 0 : dot / Math.Sqrt(na * nc), !shared);
    }

    /// <summary>True when the article and the centroid share a place finer than a country (<see cref="EventSignature.IsPlace"/>).</summary>
    public static bool SharePlace(IReadOnlyList<EventTerm> article, IReadOnlyList<EventTerm> centroid)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(centroid);
        return article.Any(a => EventSignature.IsPlace(a.Term) && centroid.Any(c => c.Term == a.Term));
    }

    /// <summary>Calendar days farther apart than this (in either direction) cannot be one event.</summary>
    public const int MaximumDayGap = 3;

    /// <summary>
    /// True when the article's dates and the story's cannot be one event. Dates with a year (written with it, or
    /// resolved against an article's own date, and the articles' own dates): when both have some and none of the
    /// article's is within <see cref="MaximumDayGap"/> days of one of the story's. Otherwise calendar days without
    /// a year (<c>13 March</c>, <c>13 marzo</c>) compared the same way: reports of an event name its day, so a
    /// report that names only other days is about another event (another quake in the same town, last year's vote).
    /// </summary>
    public static bool DaysConflict(IReadOnlyList<EventTerm> article, IReadOnlyList<EventTerm> centroid)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(centroid);


        // First the days the reports were written: an article written more than a few days from every report of a
        // story is not another report of that event (what the story window does in a live feed, also for a replay or
        // a backfill where articles arrive long after they were written); where only the month is known (an address
        // such as /2012/07/), more than a month apart.
        var articleOwn = article.Select(t => EventSignature.OwnDateOf(t.Term)).OfType<DateOnly>().Select(d => d.DayNumber).ToList();
        var storyOwn = centroid.Select(t => EventSignature.OwnDateOf(t.Term)).OfType<DateOnly>().Select(d => d.DayNumber).ToList();
        if (!Near(articleOwn, storyOwn, MaximumDayGap))
        {
            return true;
        }

        var articleMonths = article.Select(t => EventSignature.OwnMonthOf(t.Term)).OfType<int>().ToList();
        var storyMonths = centroid.Select(t => EventSignature.OwnMonthOf(t.Term)).OfType<int>().ToList();
        if (!Near(articleMonths, storyMonths, 1))
        {
            return true;
        }

        // Then the dates the texts name, with the days they were written.
        List<int> articleDates = [.. article.Select(t => EventSignature.DateOf(t.Term)).OfType<DateOnly>().Select(d => d.DayNumber), .. articleOwn];
        List<int> storyDates = [.. centroid.Select(t => EventSignature.DateOf(t.Term)).OfType<DateOnly>().Select(d => d.DayNumber), .. storyOwn];
        if (articleDates.Count > 0 && storyDates.Count > 0)
        {
            return !articleDates.Any(a => storyDates.Any(s => Math.Abs(a - s) <= MaximumDayGap));
        }

        var articleDays = article.Select(t => EventSignature.DayOf(t.Term)).OfType<(int Month, int Day)>().Select(DayOfYear).ToList();
        var storyDays = centroid.Select(t => EventSignature.DayOf(t.Term)).OfType<(int Month, int Day)>().Select(DayOfYear).ToList();
        if (articleDays.Count == 0 || storyDays.Count == 0)
        {
            return false;
        }

        return !articleDays.Any(a => storyDays.Any(s => Math.Min(Math.Abs(a - s), 366 - Math.Abs(a - s)) <= MaximumDayGap));

        static int DayOfYear((int Month, int Day) day) => (int)((day.Month - 1) * 30.5) + day.Day;

        // True unless both have values and none of the article's is within the gap of one of the story's.
        static bool Near(List<int> a, List<int> b, int gap) => a.Count == 0 || b.Count == 0 || a.Any(x => b.Any(y => Math.Abs(x - y) <= gap));
    }

    /// <summary>
    /// True when the article and the story both name scores or results (<c>2-1</c>, <see cref="EventSignature.IsScore"/>)
    /// and share none: reports of one match all give its result, so another result is another match (the same club's
    /// title won in another season).
    /// </summary>
    public static bool ScoresConflict(IReadOnlyList<EventTerm> article, IReadOnlyList<EventTerm> centroid)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(centroid);
        var articleScores = article.Where(t => EventSignature.IsScore(t.Term)).Select(t => t.Term).ToList();
        var storyScores = centroid.Where(t => EventSignature.IsScore(t.Term)).Select(t => t.Term).ToHashSet();
        return articleScores.Count > 0 && storyScores.Count > 0 && !articleScores.Any(storyScores.Contains);
    }

    /// <summary>
    /// Dates with a year a centroid keeps beside its heaviest terms, so a story remembers when it happened however it
    /// grows (days without a year compete with the other terms: kept, they made stories that had wrongly absorbed
    /// another event's day refuse their own later reports).
    /// </summary>
    public const int CentroidDates = 8;

    /// <summary>
    /// A centroid's terms: its <see cref="CentroidDates"/> heaviest dates with a year and the heaviest other terms, at most
    /// <see cref="CentroidTerms"/> in all; ties by term so every replica keeps the same ones; and beside them the
    /// <see cref="CentroidDates"/> latest days and months its reports were written (<see cref="EventSignature.OwnDateOf"/>,
    /// <see cref="EventSignature.OwnMonthOf"/>) and its <see cref="CentroidDates"/> heaviest scores.
    /// </summary>
    public static EventTerm[] Centroid(IEnumerable<EventTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var all = terms.ToList();
        var dates = Top(all.Where(IsDate), CentroidDates);
        // Beside them, what the checks of DaysConflict and ScoresConflict need: the latest days and months its reports
        // were written and its heaviest scores (each bounded).
        EventTerm[] kept =
        [
            .. all.Where(IsOwnDate).OrderByDescending(t => t.Term).Take(CentroidDates),
            .. all.Where(IsOwnMonth).OrderByDescending(t => t.Term).Take(CentroidDates),
            .. Top(all.Where(IsScore), CentroidDates),
        ];
        return [.. Top([.. dates, .. Top(all.Where(t => !IsDate(t) && !IsKept(t)), CentroidTerms - dates.Length)], CentroidTerms), .. kept];

        static bool IsDate(EventTerm t) => EventSignature.DateOf(t.Term) is not null;
        static bool IsOwnDate(EventTerm t) => EventSignature.OwnDateOf(t.Term) is not null;
        static bool IsOwnMonth(EventTerm t) => EventSignature.OwnMonthOf(t.Term) is not null;
        static bool IsScore(EventTerm t) => EventSignature.IsScore(t.Term);
        static bool IsKept(EventTerm t) => IsOwnDate(t) || IsOwnMonth(t) || IsScore(t);
    }

    /// <summary>The centroid after <paramref name="article"/> (a unit vector) joined: weights summed, the heaviest <see cref="CentroidTerms"/> kept.</summary>
    public static EventTerm[] Merge(IReadOnlyList<EventTerm> centroid, IReadOnlyList<EventTerm> article)
    {
        ArgumentNullException.ThrowIfNull(centroid);
        ArgumentNullException.ThrowIfNull(article);
        var sum = centroid.ToDictionary(t => t.Term);
        foreach (var term in article)
        {
            sum[term.Term] = sum.TryGetValue(term.Term, out var existing) ? existing with { Weight = existing.Weight + term.Weight } : term;
        }

        return Centroid(sum.Values);
    }

    /// <summary>The heaviest <paramref name="count"/> terms, ties by term so every replica keeps the same ones.</summary>
    public static EventTerm[] Top(IEnumerable<EventTerm> terms, int count) =>
        [.. terms.OrderByDescending(t => t.Weight).ThenBy(t => t.Term).Take(count)];

    /// <summary>The languages a centroid holds terms of, comma-separated and sorted (for people reading the store).</summary>
    public static string Languages(IEnumerable<EventTerm> centroid) =>
        string.Join(',', centroid.Where(t => !t.IsBridge).Select(t => t.Language!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public static byte[] ToBytes(IReadOnlyList<EventTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var bytes = new byte[terms.Count * EntryBytes];
        for (var i = 0; i < terms.Count; i++)
        {
            var entry = bytes.AsSpan(i * EntryBytes, EntryBytes);
            BinaryPrimitives.WriteInt64LittleEndian(entry, terms[i].Term);
            BinaryPrimitives.WriteSingleLittleEndian(entry[8..], terms[i].Weight);
            if (terms[i].Language is { } language)
            {
                Encoding.ASCII.GetBytes(language.AsSpan(0, Math.Min(3, language.Length)), entry[12..]);
            }
        }

        return bytes;
    }

    public static EventTerm[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var terms = new EventTerm[bytes.Length / EntryBytes];
        for (var i = 0; i < terms.Length; i++)
        {
            var entry = bytes.Slice(i * EntryBytes, EntryBytes);
            var language = Encoding.ASCII.GetString(entry[12..]).TrimEnd('\0');
            terms[i] = new EventTerm(BinaryPrimitives.ReadInt64LittleEndian(entry), BinaryPrimitives.ReadSingleLittleEndian(entry[8..]), language.Length == 0 ? null : language);
        }

        return terms;
    }
}
