using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.ServiceDefaults;

namespace Pipeline.Indexer;

/// <summary>The search API: <c>GET /search</c> and <c>GET /articles/{id}</c>, over the registered <see cref="IArticleSearch"/>.</summary>
public static class SearchEndpoints
{
    /// <summary>Configuration section of the indexer's API keys (<c>Indexer:Auth:ApiKeys</c>).</summary>
    public const string AuthSection = "Indexer:Auth";

    /// <summary>Configuration key: false makes <c>/search</c> and <c>/articles/{id}</c> require an API key (default true).</summary>
    public const string PublicSearchKey = "Indexer:Auth:PublicSearch";

    private const int MaxIdLength = 300;
    private const int MaxCursorLength = 6000;

    /// <summary>What the search API needs beside the index: its OpenAPI document and RFC 9457 problem details.</summary>
    public static IHostApplicationBuilder AddSearchApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// The indexer's public API on its worker host: unhandled errors and bare status codes as problem details,
    /// <c>/openapi/v1.json</c>, the search endpoints (<see cref="MapSearchEndpoints"/>) and the newsroom page at <c>/</c>.
    /// </summary>
    public static WebApplication MapSearchApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapSearchEndpoints();
        app.MapNewsroomPage();
        return app;
    }

    /// <summary>Maps the search API (<c>/search</c>, <c>/articles/{id}</c>, <c>/stream</c>) onto any host that registered an <see cref="IArticleSearch"/> (e.g. through <c>AddIndexer</c>).</summary>
    public static TBuilder MapSearchEndpoints<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("").WithTags("Search");

        // Search is public unless Indexer:Auth:PublicSearch is false; then the shared API-key check guards it.
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue(PublicSearchKey, defaultValue: true))
        {
            var keys = ApiKeys.FromConfiguration(configuration, AuthSection);
            if (!keys.Required)
            {
                throw new InvalidOperationException($"{PublicSearchKey} is false but no key is configured in {AuthSection}:ApiKeys (SHA-256 hex of each key).");
            }

            group.RequireApiKey(keys);
        }

        group.MapGet("/search", Search)
            .WithName("SearchArticles")
            .WithSummary("Full-text search over indexed articles")
            .WithDescription("q: words in Lucene syntax, all required (a syntax error searches the text literally); filters: lang, source, entity (a name or an entity id such as geonames:524901), topic (IPTC media topic code, medtop:11000000), country (ISO 3166-1 alpha-2), story (story id); maxUrgency (or urgency): 1..9, only articles at least that urgent; from, to: ISO 8601 dates from 0001-01-02 to 9998-12-31; regex queries are searched literally, at most 6 wildcards a term and 8 wildcard/prefix/fuzzy terms a query, 5 s per query (else 400); limit 1..100; offset 0..10000, or cursor: nextCursor of the previous page (search_after, any depth); sort: relevance (default; * comes newest first) or newest; collapse=story: one hit per story with othersInStory. facets: language, source, entity, topic, country, story, date, counted over all matches; each value is what its filter parameter takes.");

        group.MapGet("/stream", StreamEndpoints.Stream)
            .WithName("StreamArticles")
            .WithSummary("Newly indexed articles as Server-Sent Events")
            .WithDescription("text/event-stream: 'event: article', 'id:' an increasing event id, 'data:' the article (id, headline, lead, source, language, urgency, dates, topics, countries, entities, story). Filters as in /search: lang, topic, country, source, entity, maxUrgency. Last-Event-ID (header, or lastEventId=) resumes from a bounded backlog ('event: gap' first when events were missed); ': heartbeat' comment lines on an idle stream; 503 with Retry-After beyond Indexer:MaxStreams open streams.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/articles/{id}", Get)
            .WithName("GetArticle")
            .WithSummary("One indexed article with its stored fields and, under enriched, the whole ArticleEnriched");

        return endpoints;
    }

    internal static Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult> Search(
        IArticleSearch index,
        string? q,
        string? lang,
        string? source,
        string? entity,
        string? topic,
        string? country,
        string? story,
        string? urgency,
        string? maxUrgency,
        string? from,
        string? to,
        string? limit,
        string? offset,
        string? sort,
        string? collapse,
        string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["The query is required: give some words to search for, or * for everything."];
        }
        else if (q.Length > SearchRequest.MaxQueryLength)
        {
            errors["q"] = [$"The query is {q.Length} characters long; the limit is {SearchRequest.MaxQueryLength}."];
        }

        var filter = SearchParameters.Filter(errors, lang, topic, country, source, entity, maxUrgency is null ? ("urgency", urgency) : ("maxUrgency", maxUrgency));
        SearchParameters.CheckLength(errors, "story", story, SearchParameters.MaxFilterLength);
        SearchParameters.CheckLength(errors, "cursor", cursor, MaxCursorLength);
        var fromDate = ParseDate(errors, "from", from, endOfDay: false);
        var toDate = ParseDate(errors, "to", to, endOfDay: true);
        if (fromDate is not null && toDate is not null && fromDate > toDate)
        {
            errors["to"] = ["'to' is before 'from'."];
        }

        var pageSize = SearchParameters.ParseInt(errors, "limit", limit, 10, 1, SearchRequest.MaxLimit);
        var skip = SearchParameters.ParseInt(errors, "offset", offset, 0, 0, SearchRequest.MaxOffset);
        var order = ParseSort(errors, sort);
        var grouping = ParseCollapse(errors, collapse);
        if (!string.IsNullOrWhiteSpace(cursor) && skip != 0)
        {
            errors["cursor"] = ["Give either a cursor or an offset, not both: the cursor already says where the page starts."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the listed query parameters and retry.", title: "Invalid search request");
        }

        var request = new SearchRequest
        {
            Query = q!,
            Language = filter.Language,
            SourceId = filter.Source,
            Entity = filter.Entity,
            Topic = filter.Topic,
            Country = filter.Country,
            Story = SearchParameters.NullIfBlank(story),
            MaxUrgency = filter.MaxUrgency,
            From = fromDate,
            To = toDate,
            Limit = pageSize,
            Offset = skip,
            Sort = order,
            Collapse = grouping,
            Cursor = SearchParameters.NullIfBlank(cursor),
        };
        try
        {
            return TypedResults.Ok(index.SearchBounded(request, cancellationToken));
        }
        catch (InvalidSearchException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Query over a search limit", detail: ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left: nobody reads this answer (499, as proxies log a client that closed the request).
            return TypedResults.Problem(statusCode: 499, title: "Client closed the request");
        }
    }

    internal static Results<Ok<IndexedArticle>, ProblemHttpResult> Get(IArticleSearch index, string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid article id",
                detail: $"An article id is 1 to {MaxIdLength} characters long.");
        }

        var article = index.Find(id);
        return article is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Article not found",
                detail: $"No article with id '{id}' is indexed. Search with GET /search to find ids.")
            : TypedResults.Ok(article);
    }

    /// <summary>Earliest date accepted in <c>from</c> and <c>to</c>.</summary>
    internal static readonly DateTimeOffset MinDate = new(1, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest date accepted in <c>from</c> and <c>to</c> (a day short of the calendar's end, so no arithmetic on it overflows).</summary>
    internal static readonly DateTimeOffset MaxDate = new(9998, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>ISO 8601 date or date-time (UTC unless an offset is given); a bare date as <c>to</c> includes that whole day.</summary>
    private static DateTimeOffset? ParseDate(Dictionary<string, string[]> errors, string name, string? value, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        DateTimeOffset? parsed = null;
        var wholeDay = false;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            parsed = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            wholeDay = endOfDay;
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant))
        {
            parsed = instant;
        }

        if (parsed is { } date)
        {
            if (date < MinDate || date > MaxDate)
            {
                errors[name] = [$"'{name}' must be between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}."];
                return null;
            }

            return wholeDay ? date.AddDays(1).AddTicks(-1) : date;
        }

        errors[name] = [$"'{value}' is not a date; use ISO 8601, e.g. 2025-08-13 or 2025-08-13T09:30:00Z."];
        return null;
    }

    private static SearchSort ParseSort(Dictionary<string, string[]> errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("relevance", StringComparison.OrdinalIgnoreCase))
        {
            return SearchSort.Relevance;
        }

        if (value.Trim().Equals("newest", StringComparison.OrdinalIgnoreCase))
        {
            return SearchSort.Newest;
        }

        errors["sort"] = ["'sort' must be 'relevance' (best match first, the default) or 'newest' (most recently published first)."];
        return SearchSort.Relevance;
    }

    private static SearchCollapse ParseCollapse(Dictionary<string, string[]> errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return SearchCollapse.None;
        }

        if (value.Trim().Equals("story", StringComparison.OrdinalIgnoreCase))
        {
            return SearchCollapse.Story;
        }

        errors["collapse"] = ["'collapse' must be 'story' (one hit per story, with the count of its other matches) or 'none'."];
        return SearchCollapse.None;
    }

}
