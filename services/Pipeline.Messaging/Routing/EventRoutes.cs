using System.Globalization;
using System.Text;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Messaging.Routing;

/// <summary>
/// The routed events for subscribers without MassTransit: names, routing keys and headers.
/// <para>
/// <b><c>pipeline.articles</c></b> (durable topic exchange): every <see cref="ArticleEnriched"/>, body the plain article
/// JSON, routing key <c>&lt;lang&gt;.&lt;topic&gt;.&lt;country&gt;.&lt;source&gt;.&lt;urgency&gt;</c> — the language code
/// (<c>it</c>), the first IPTC media topic as a fixed English slug (<see cref="TopicSlugs"/>: <c>politics</c>), the first
/// country of the enrichment (ISO 3166-1 alpha-2, lower case: <c>kp</c>), the source id, the agency's urgency
/// (<c>1</c>…<c>9</c>). Every position is a safe token (<see cref="Token"/>); a missing value is <c>none</c>. So
/// <c>it.politics.#</c> is Italian politics, <c>*.*.*.ansa.*</c> everything from <c>ansa</c>, <c>#.1</c> flashes.
/// </para>
/// <para>
/// <b><c>pipeline.articles.entities</c></b> (durable headers exchange), bound to <c>pipeline.articles</c> with <c>#</c>
/// (every article): the same messages, matched on headers — <see cref="LanguageHeader"/>, <see cref="TopicHeader"/>,
/// <see cref="CountryHeader"/>, <see cref="SourceHeader"/>, <see cref="UrgencyHeader"/> (the routing key's tokens) and one
/// header <c>entity:&lt;entity id&gt;</c> = <c>1</c> per linked entity (<see cref="EntityHeader"/>). Bind with
/// <c>x-match: all</c> and e.g. <c>{"entity:pipeline:person:vladimir-putin": "1", "lang": "it"}</c>.
/// </para>
/// <para>
/// <b><c>pipeline.rejections</c></b> (durable topic exchange): every <see cref="DispatchRejected"/>, routing key
/// <c>&lt;stage&gt;.&lt;reason&gt;</c> (<c>normalizer.malformed</c>). With <c>Messaging:EndpointPrefix</c> P the names are
/// <c>P-pipeline.articles</c>, <c>P-pipeline.articles.entities</c>, <c>P-pipeline.rejections</c>.
/// </para>
/// </summary>
public static class EventRoutes
{
    public const string BaseArticlesExchange = "pipeline.articles";
    public const string BaseEntitiesExchange = "pipeline.articles.entities";
    public const string BaseRejectionsExchange = "pipeline.rejections";

    /// <summary>The token of a missing value.</summary>
    public const string None = "none";

    public const string LanguageHeader = "lang";
    public const string TopicHeader = "topic";
    public const string CountryHeader = "country";
    public const string SourceHeader = "source";
    public const string UrgencyHeader = "urgency";
    public const string StageHeader = "stage";
    public const string ReasonHeader = "reason";

    /// <summary>Prefix of the per-entity headers: <c>entity:&lt;entity id&gt;</c>, value <see cref="EntityHeaderValue"/>.</summary>
    public const string EntityHeader = "entity:";

    /// <summary>The value of every entity header.</summary>
    public const string EntityHeaderValue = "1";

    /// <summary>Headers naming the article and dispatch (also in the AMQP <c>message_id</c>/<c>correlation_id</c> properties).</summary>
    public const string ArticleIdHeader = "article-id";
    public const string DispatchIdHeader = "dispatch-id";

    /// <summary>At most this many entity headers per message (the most mentioned first).</summary>
    public const int MaxEntityHeaders = 64;

    private const int MaxTokenLength = 48;

    public static string ArticlesExchange(string? prefix) => Prefixed(prefix, BaseArticlesExchange);

    public static string EntitiesExchange(string? prefix) => Prefixed(prefix, BaseEntitiesExchange);

    public static string RejectionsExchange(string? prefix) => Prefixed(prefix, BaseRejectionsExchange);

    /// <summary>
    /// A routing-key token: lower case (invariant), letters, digits, <c>-</c> and <c>_</c> kept, anything else
    /// (<c>.</c>, <c>#</c>, <c>*</c>, spaces, <c>:</c>, …) becomes <c>-</c>, runs of <c>-</c> collapse, at most 48
    /// characters; empty or missing: <see cref="None"/>.
    /// </summary>
    public static string Token(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return None;
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxTokenLength));
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            var keep = char.IsLetterOrDigit(c) || c == '_';
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }

            if (builder.Length >= MaxTokenLength)
            {
                break;
            }
        }

        var token = builder.ToString().Trim('-');
        return token.Length == 0 ? None : token;
    }

    /// <summary>What an article is routed on.</summary>
    public static ArticleRoute RouteOf(ArticleEnriched article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var enrichment = article.Enrichment;
        var urgency = article.Article?.Urgency;
        return new ArticleRoute(
            Token(enrichment?.Language?.Code),
            enrichment?.Topics is [var first, ..] ? TopicSlugs.Of(first.Code) : None,
            enrichment?.Countries is [var country, ..] ? Token(country.Code) : None,
            Token(article.Article?.Source?.Id),
            urgency is >= 1 and <= 9 ? urgency.Value.ToString(CultureInfo.InvariantCulture) : None,
            [.. (enrichment?.Entities ?? []).Select(e => e.Id).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxEntityHeaders)]);
    }

    /// <summary>The routing key of a rejection: <c>&lt;stage&gt;.&lt;reason&gt;</c>.</summary>
    public static string RoutingKeyOf(DispatchRejected rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return $"{Token(rejected.Stage)}.{Token(rejected.ReasonCode)}";
    }

    private static string Prefixed(string? prefix, string name) => string.IsNullOrEmpty(prefix) ? name : $"{prefix}-{name}";
}

/// <summary>The routing fields of one article (tokens as in <see cref="EventRoutes.Token"/>) and its entity ids.</summary>
public sealed record ArticleRoute(string Language, string Topic, string Country, string Source, string Urgency, IReadOnlyList<string> Entities)
{
    /// <summary><c>&lt;lang&gt;.&lt;topic&gt;.&lt;country&gt;.&lt;source&gt;.&lt;urgency&gt;</c>.</summary>
    public string RoutingKey => $"{Language}.{Topic}.{Country}.{Source}.{Urgency}";

    /// <summary>The headers the entities exchange matches on: the five tokens and one <c>entity:&lt;id&gt;</c> per entity.</summary>
    public Dictionary<string, object?> Headers()
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [EventRoutes.LanguageHeader] = Language,
            [EventRoutes.TopicHeader] = Topic,
            [EventRoutes.CountryHeader] = Country,
            [EventRoutes.SourceHeader] = Source,
            [EventRoutes.UrgencyHeader] = Urgency,
        };
        foreach (var entity in Entities)
        {
            headers[EventRoutes.EntityHeader + entity] = EventRoutes.EntityHeaderValue;
        }

        return headers;
    }
}

/// <summary>
/// The topic position of the routing key: the 17 top-level IPTC media topics as fixed English slugs, the same whatever
/// the article's language (its labels are translated). Any other code becomes its number (<c>medtop:20000123</c> →
/// <c>20000123</c>).
/// </summary>
public static class TopicSlugs
{
    private static readonly Dictionary<string, string> Slugs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["medtop:01000000"] = "arts",
        ["medtop:02000000"] = "crime",
        ["medtop:03000000"] = "disaster",
        ["medtop:04000000"] = "economy",
        ["medtop:05000000"] = "education",
        ["medtop:06000000"] = "environment",
        ["medtop:07000000"] = "health",
        ["medtop:08000000"] = "human-interest",
        ["medtop:09000000"] = "labour",
        ["medtop:10000000"] = "lifestyle",
        ["medtop:11000000"] = "politics",
        ["medtop:12000000"] = "religion",
        ["medtop:13000000"] = "science",
        ["medtop:14000000"] = "society",
        ["medtop:15000000"] = "sport",
        ["medtop:16000000"] = "conflict",
        ["medtop:17000000"] = "weather",
    };

    /// <summary>Every slug of a top-level topic.</summary>
    public static IReadOnlyCollection<string> All => Slugs.Values;

    /// <summary>The slug of a media topic code.</summary>
    public static string Of(string? code)
    {
        if (code is null)
        {
            return EventRoutes.None;
        }

        if (Slugs.TryGetValue(code, out var slug))
        {
            return slug;
        }

        var colon = code.LastIndexOf(':');
        return EventRoutes.Token(colon >= 0 ? code[(colon + 1)..] : code);
    }
}
