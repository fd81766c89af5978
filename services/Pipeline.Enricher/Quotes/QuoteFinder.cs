using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Quotes;

/// <summary>
/// Quoted speech in straight (<c>"…"</c>), typographic (<c>“…”</c>) and guillemet (<c>«…»</c>)
/// quotes, at least <see cref="MinimumWords"/> words long (shorter ones are usually scare quotes or
/// titles). The speaker, in order of preference:
/// <list type="number">
/// <item>a person or organisation named right after the quote with an attribution cue
/// (<c>said Putin</c>, <c>ha dichiarato Meloni</c>);</item>
/// <item>the person or organisation named last before the quote in the same sentence
/// (<c>Kim, a sua volta, "…"</c>);</item>
/// <item>for reported text (<c>si legge</c>, <c>secondo</c>, <c>according to</c>, <c>reported</c>), the
/// organisation named last before the quote: the source.</item>
/// </list>
/// </summary>
internal static class QuoteFinder
{
    public const int MinimumWords = 3;
    private const int AttributionWindow = 80;

    private static readonly string[] AttributionCues =
    [
        "said", "says", "told", "added", "stated", "according to", "wrote", "reported", "reports",
        "ha detto", "ha dichiarato", "ha affermato", "ha aggiunto", "ha spiegato", "ha sottolineato", "ha commentato",
        "dice", "afferma", "dichiara", "aggiunge", "spiega", "si legge", "secondo", "riporta", "riferisce",
    ];

    private static readonly string[] SourceCues = ["si legge", "secondo", "riporta", "riferisce", "according to", "reported", "reports", "wrote"];

    public static IReadOnlyList<Quote> Find(string text, IReadOnlyList<RecognizedEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(entities);
        var ranges = QuotedRanges(text);
        var speakers = entities
            .Where(e => e.Entity.Type is EntityTypes.Person or EntityTypes.Organisation)
            .SelectMany(e => e.Entity.Spans.Select(s => (Span: s, e.Entity)))
            .Where(x => !ranges.Exists(r => x.Span.Start >= r.Open && x.Span.Start < r.Close))
            .OrderBy(x => x.Span.Start)
            .ToList();

        var quotes = new List<Quote>();
        foreach (var (open, close) in ranges)
        {
            var start = open + 1;
            var end = close;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            var inner = text[start..end];
            if (inner.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length < MinimumWords)
            {
                continue;
            }

            quotes.Add(new Quote
            {
                Text = inner,
                Speaker = Speaker(text, ranges, speakers, open, close),
                Span = new TextSpan { Start = start, Length = end - start },
            });
        }

        return quotes;
    }

    private static string? Speaker(string text, List<(int Open, int Close)> ranges, List<(TextSpan Span, Entity Entity)> speakers, int open, int close)
    {
        var afterEnd = SentenceEnd(text, ranges, close + 1);
        var after = Folded(text, close + 1, Math.Min(afterEnd, close + 1 + AttributionWindow));
        var cueAfter = AttributionCues.Any(c => ContainsWord(after, c));
        if (cueAfter)
        {
            var named = speakers.FirstOrDefault(x => x.Span.Start > close && x.Span.Start < Math.Min(afterEnd, close + 1 + AttributionWindow));
            if (named.Entity is not null)
            {
                return named.Entity.Name;
            }
        }

        var sentenceStart = SentenceStart(text, ranges, open);
        var before = speakers.LastOrDefault(x => x.Span.Start >= sentenceStart && x.Span.Start < open);
        if (before.Entity is not null)
        {
            return before.Entity.Name;
        }

        var beforeText = Folded(text, sentenceStart, open);
        if (SourceCues.Any(c => ContainsWord(after, c) || ContainsWord(beforeText, c)))
        {
            var source = speakers.LastOrDefault(x => x.Span.Start < open && x.Entity.Type == EntityTypes.Organisation);
            return source.Entity?.Name;
        }

        return null;
    }

    private static string Folded(string text, int start, int end) =>
        start >= end || start >= text.Length ? "" : " " + TextFolding.Fold(text[start..Math.Min(end, text.Length)]) + " ";

    private static bool ContainsWord(string haystack, string cue)
    {
        var index = haystack.IndexOf(cue, StringComparison.Ordinal);
        while (index >= 0)
        {
            var beforeOk = index == 0 || !char.IsLetter(haystack[index - 1]);
            var afterIndex = index + cue.Length;
            var afterOk = afterIndex >= haystack.Length || !char.IsLetter(haystack[afterIndex]);
            if (beforeOk && afterOk)
            {
                return true;
            }

            index = haystack.IndexOf(cue, index + 1, StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>Start of the sentence holding <paramref name="position"/>, ignoring periods inside quotes.</summary>
    private static int SentenceStart(string text, List<(int Open, int Close)> ranges, int position)
    {
        for (var i = position - 1; i >= 0; i--)
        {
            if (text[i] is '.' or '!' or '?' or '\n' && !ranges.Exists(r => i > r.Open && i < r.Close))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static int SentenceEnd(string text, List<(int Open, int Close)> ranges, int position)
    {
        for (var i = position; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' or '\n' && !ranges.Exists(r => i > r.Open && i < r.Close))
            {
                return i;
            }
        }

        return text.Length;
    }

    /// <summary>Pairs of opening and closing quote offsets. Straight quotes pair up within a paragraph.</summary>
    private static List<(int Open, int Close)> QuotedRanges(string text)
    {
        var ranges = new List<(int Open, int Close)>();
        int? straight = null;
        int? typographic = null;
        int? guillemet = null;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\n':
                    straight = typographic = guillemet = null;
                    break;
                case '"':
                    if (straight is { } s)
                    {
                        ranges.Add((s, i));
                        straight = null;
                    }
                    else
                    {
                        straight = i;
                    }

                    break;
                case '\u201C':
                    typographic ??= i;
                    break;
                case '\u201D' when typographic is { } t:
                    ranges.Add((t, i));
                    typographic = null;
                    break;
                case '\u00AB':
                    guillemet ??= i;
                    break;
                case '\u00BB' when guillemet is { } g:
                    ranges.Add((g, i));
                    guillemet = null;
                    break;
                default:
                    break;
            }
        }

        ranges.Sort();
        return ranges;
    }
}
