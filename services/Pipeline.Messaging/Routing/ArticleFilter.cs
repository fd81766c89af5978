using System.Globalization;

namespace Pipeline.Messaging.Routing;

/// <summary>
/// What a subscriber wants from <c>pipeline.articles</c>: any of the languages, topics, countries, sources and entities
/// given (an empty list places no condition), urgency at most <see cref="MaxUrgency"/>. Values are tokens as in the
/// routing key (<see cref="EventRoutes.Token"/>: <c>IT</c> and <c>it</c> are the same). The filter becomes server-side
/// bindings (<see cref="Bindings"/>): routing-key patterns on the topic exchange, or, with entities, header matches on the
/// entities exchange; <see cref="Matches"/> is the same test in process (webhooks, tests).
/// </summary>
public sealed record ArticleFilter
{
    /// <summary>More bindings than this for one filter (the product of the values given) is refused as bad input.</summary>
    public const int MaxBindings = 256;

    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Entity ids (<c>pipeline:person:vladimir-putin</c>, <c>geonames:2017370</c>), exact.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    /// <summary>Only articles the agency marked 1…N (1 = flash); articles without urgency are then left out.</summary>
    public int? MaxUrgency { get; init; }

    /// <summary>True when nothing is filtered.</summary>
    public bool IsEmpty => Languages.Count == 0 && Topics.Count == 0 && Countries.Count == 0 && Sources.Count == 0 && Entities.Count == 0 && MaxUrgency is null;

    /// <summary>The filter with every value as its token, duplicates removed.</summary>
    public ArticleFilter Normalized() => this with
    {
        Languages = Tokens(Languages, EventRoutes.Token),
        Topics = Tokens(Topics, TopicSlugs.Of),
        Countries = Tokens(Countries, EventRoutes.Token),
        Sources = Tokens(Sources, EventRoutes.Token),
        Entities = [.. Entities.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal)],
    };

    /// <summary>A reason the filter cannot be used, or null.</summary>
    public string? Problem()
    {
        if (MaxUrgency is < 1 or > 9)
        {
            return "The maximum urgency must be between 1 (flash) and 9.";
        }

        var normalized = Normalized();
        if (normalized.Entities.Any(e => e.Length > 200))
        {
            return "An entity id is longer than 200 characters.";
        }

        var count = Math.Max(1, normalized.Languages.Count) * (long)Math.Max(1, normalized.Topics.Count) * Math.Max(1, normalized.Countries.Count)
            * Math.Max(1, normalized.Sources.Count) * Math.Max(1, normalized.Entities.Count) * (normalized.MaxUrgency ?? 1);
        return count > MaxBindings ? $"The filter needs {count} bindings (one per combination of values); at most {MaxBindings}." : null;
    }

    /// <summary>True when an article with this route passes the filter.</summary>
    public bool Matches(ArticleRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var f = Normalized();
        return In(f.Languages, route.Language) && In(f.Topics, route.Topic) && In(f.Countries, route.Country) && In(f.Sources, route.Source)
            && (f.Entities.Count == 0 || f.Entities.Any(route.Entities.Contains))
            && (f.MaxUrgency is not { } max || (int.TryParse(route.Urgency, NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u <= max));
    }

    /// <summary>
    /// The server-side bindings that deliver exactly the matching articles to one queue: without entities, one
    /// routing-key pattern per combination of values on <c>pipeline.articles</c> (<c>*</c> where no condition, a trailing
    /// run of <c>*</c> as <c>#</c>); with entities, one <c>x-match: all</c> header binding per combination on
    /// <c>pipeline.articles.entities</c>. Urgency ≤ N is N bindings (urgency 1, 2, …, N).
    /// </summary>
    public IReadOnlyList<ArticleBinding> Bindings(string? prefix)
    {
        var f = Normalized();
        var urgencies = f.MaxUrgency is { } max ? Enumerable.Range(1, max).Select(u => u.ToString(CultureInfo.InvariantCulture)).ToList() : [];
        var combinations =
            from lang in OrAny(f.Languages)
            from topic in OrAny(f.Topics)
            from country in OrAny(f.Countries)
            from source in OrAny(f.Sources)
            from urgency in OrAny(urgencies)
            from entity in OrAny(f.Entities)
            select (lang, topic, country, source, urgency, entity);

        var bindings = new List<ArticleBinding>();
        foreach (var (lang, topic, country, source, urgency, entity) in combinations)
        {
            if (f.Entities.Count == 0)
            {
                bindings.Add(new ArticleBinding(EventRoutes.ArticlesExchange(prefix), Pattern([lang, topic, country, source, urgency]), null));
                continue;
            }

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["x-match"] = "all",
                [EventRoutes.EntityHeader + entity] = EventRoutes.EntityHeaderValue,
            };
            Add(arguments, EventRoutes.LanguageHeader, lang);
            Add(arguments, EventRoutes.TopicHeader, topic);
            Add(arguments, EventRoutes.CountryHeader, country);
            Add(arguments, EventRoutes.SourceHeader, source);
            Add(arguments, EventRoutes.UrgencyHeader, urgency);
            bindings.Add(new ArticleBinding(EventRoutes.EntitiesExchange(prefix), "", arguments));
        }

        return bindings;
    }

    private static void Add(Dictionary<string, object?> arguments, string header, string? value)
    {
        if (value is not null)
        {
            arguments[header] = value;
        }
    }

    /// <summary><c>it.politics.*.*.*</c> → <c>it.politics.#</c>.</summary>
    private static string Pattern(string?[] positions)
    {
        var last = Array.FindLastIndex(positions, p => p is not null);
        if (last < 0)
        {
            return "#";
        }

        var words = positions.Take(last + 1).Select(p => p ?? "*");
        return last == positions.Length - 1 ? string.Join('.', words) : string.Join('.', words) + ".#";
    }

    private static IEnumerable<string?> OrAny(IReadOnlyList<string> values) => values.Count == 0 ? AnyValue : values.Select(v => (string?)v);

    private static readonly string?[] AnyValue = [null];

    private static bool In(IReadOnlyList<string> values, string token) => values.Count == 0 || values.Contains(token, StringComparer.Ordinal);

    /// <summary>Comma-separated values allowed; each as its token (a topic also by its code: <c>medtop:11000000</c> is <c>politics</c>).</summary>
    private static string[] Tokens(IReadOnlyList<string> values, Func<string, string> token) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(token).Distinct(StringComparer.Ordinal)];
}

/// <summary>One binding of a subscriber's queue: the exchange, the routing-key pattern (topic) or the header arguments (headers).</summary>
public sealed record ArticleBinding(string Exchange, string RoutingKey, IDictionary<string, object?>? Arguments);
