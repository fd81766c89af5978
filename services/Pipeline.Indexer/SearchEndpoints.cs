using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Pipeline.Indexer;

/// <summary>The search API: <c>GET /search</c> and <c>GET /articles/{id}</c>, over the registered <see cref="IArticleSearch"/>.</summary>
public static class SearchEndpoints
{
    private const int MaxFilterLength = 200;
    private const int MaxIdLength = 300;

    /// <summary>Maps the search API onto any host that registered an <see cref="IArticleSearch"/> (e.g. through <c>AddIndexer</c>).</summary>
    public static TBuilder MapSearchEndpoints<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("").WithTags("Search");

        group.MapGet("/search", Search)
            .WithName("SearchArticles")
            .WithSummary("Full-text search over indexed articles")
            .WithDescription("q: words in Lucene syntax, all required (a syntax error searches the text literally); lang, source, entity (a name or an entity id such as geonames:524901): filters; urgency: 1..9, only articles at least that urgent; from, to: ISO 8601 dates; limit 1..100; offset 0..10000.");

        group.MapGet("/articles/{id}", Get)
            .WithName("GetArticle")
            .WithSummary("One indexed article with its stored fields");

        return endpoints;
    }

    internal static Results<Ok<SearchResponse>, ValidationProblem> Search(
        IArticleSearch index,
        string? q,
        string? lang,
        string? source,
        string? entity,
        string? urgency,
        string? from,
        string? to,
        string? limit,
        string? offset)
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

        CheckFilter(errors, "lang", lang, 16);
        if (lang is not null && !lang.All(c => char.IsAsciiLetter(c) || c is '-' or '_'))
        {
            errors["lang"] = ["The language must be an ISO 639-1 code such as 'it' or 'en'."];
        }

        CheckFilter(errors, "source", source, MaxFilterLength);
        CheckFilter(errors, "entity", entity, MaxFilterLength);
        var fromDate = ParseDate(errors, "from", from, endOfDay: false);
        var toDate = ParseDate(errors, "to", to, endOfDay: true);
        if (fromDate is not null && toDate is not null && fromDate > toDate)
        {
            errors["to"] = ["'to' is before 'from'."];
        }

        int? maxUrgency = urgency is null ? null : ParseInt(errors, "urgency", urgency, 9, 1, 9);
        var pageSize = ParseInt(errors, "limit", limit, 10, 1, SearchRequest.MaxLimit);
        var skip = ParseInt(errors, "offset", offset, 0, 0, SearchRequest.MaxOffset);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the listed query parameters and retry.", title: "Invalid search request");
        }

        return TypedResults.Ok(index.Search(new SearchRequest
        {
            Query = q!,
            Language = NullIfBlank(lang),
            SourceId = NullIfBlank(source),
            Entity = NullIfBlank(entity),
            MaxUrgency = maxUrgency,
            From = fromDate,
            To = toDate,
            Limit = pageSize,
            Offset = skip,
        }));
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

    private static void CheckFilter(Dictionary<string, string[]> errors, string name, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors[name] = [$"'{name}' is {value.Length} characters long; the limit is {maxLength}."];
        }
    }

    /// <summary>ISO 8601 date or date-time (UTC unless an offset is given); a bare date as <c>to</c> includes that whole day.</summary>
    private static DateTimeOffset? ParseDate(Dictionary<string, string[]> errors, string name, string? value, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return parsed;
        }

        errors[name] = [$"'{value}' is not a date; use ISO 8601, e.g. 2025-08-13 or 2025-08-13T09:30:00Z."];
        return null;
    }

    private static int ParseInt(Dictionary<string, string[]> errors, string name, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
