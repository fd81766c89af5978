using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Cli.Hosting;
using Pipeline.Indexer;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline search</c>: the index, best first, with highlighted snippets.</summary>
internal static partial class SearchCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new Argument<string>("query") { Description = "Words, \"phrases\", AND/OR/NOT, prefix* (Lucene syntax; errors fall back to a literal search)." };
        var data = CommonOptions.Data();
        var index = new Option<string?>("--index") { Description = "Index folder to open read-only (default: <data>/index)." };
        var url = new Option<Uri?>("--url")
        {
            Description = "Ask a running indexer instead, e.g. http://localhost:8083 (GET /search).",
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : CommonOptions.ReportError<Uri>(result, "--url must be an absolute http:// or https:// URL."),
        };
        var language = new Option<string?>("--lang") { Description = "Only this language (it, en, …)." };
        var source = new Option<string?>("--source") { Description = "Only this source id." };
        var entity = new Option<string?>("--entity") { Description = "Only articles naming this entity (its name or its id, e.g. geonames:524901)." };
        var urgency = new Option<int?>("--max-urgency") { Description = "Only articles at least this urgent (1 = flash … 9)." };
        urgency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 9)
            {
                r.AddError("--max-urgency must be between 1 and 9.");
            }
        });
        var limit = new Option<int>("--limit") { Description = "Hits to show (1–100).", DefaultValueFactory = _ => 10 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > SearchRequest.MaxLimit)
            {
                r.AddError($"--limit must be between 1 and {SearchRequest.MaxLimit}.");
            }
        });
        var json = CommonOptions.Json();

        var command = new Command("search", "Search the article index.") { query, data, index, url, language, source, entity, urgency, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new SearchRequest
            {
                Query = parse.GetValue(query)!,
                Language = parse.GetValue(language),
                SourceId = parse.GetValue(source),
                Entity = parse.GetValue(entity),
                MaxUrgency = parse.GetValue(urgency),
                Limit = parse.GetValue(limit),
            };

            SearchResponse response;
            if (parse.GetValue(url) is { } baseUrl)
            {
                var fetched = await SearchRemoteAsync(console, baseUrl, request, cancellationToken);
                if (fetched is null)
                {
                    return ExitCodes.Failure;
                }

                response = fetched;
            }
            else
            {
                var folder = parse.GetValue(index) ?? EmbeddedPipeline.IndexFolder(parse.GetValue(data)!);
                using var searcher = ArticleSearcher.OpenReadOnly(folder);
                response = searcher.Search(request);
            }

            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(response, CliJson.Compact));
            }
            else
            {
                Render(console.Ansi, request, response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<SearchResponse?> SearchRemoteAsync(CliConsole console, Uri baseUrl, SearchRequest request, CancellationToken cancellationToken)
    {
        var query = new List<string> { $"q={Uri.EscapeDataString(request.Query)}", $"limit={request.Limit}" };
        AddIf(query, "lang", request.Language);
        AddIf(query, "source", request.SourceId);
        AddIf(query, "entity", request.Entity);
        AddIf(query, "urgency", request.MaxUrgency?.ToString(CultureInfo.InvariantCulture));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var reply = await http.GetAsync(new Uri(baseUrl, "/search?" + string.Join('&', query)), cancellationToken);
            if (!reply.IsSuccessStatusCode)
            {
                console.Fail($"The indexer answered {(int)reply.StatusCode}: {await reply.Content.ReadAsStringAsync(cancellationToken)}");
                return null;
            }

            return await reply.Content.ReadFromJsonAsync<SearchResponse>(CliJson.Compact, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            console.Fail($"Could not reach the indexer at {baseUrl}: {e.Message}");
            return null;
        }
    }

    private static void AddIf(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static void Render(IAnsiConsole ansi, SearchRequest request, SearchResponse response)
    {
        ansi.MarkupLineInterpolated($"[bold]{response.Total}[/] article(s) match [italic]{request.Query}[/]");
        var rank = request.Offset;
        foreach (var hit in response.Hits)
        {
            rank++;
            ansi.WriteLine();
            ansi.MarkupLineInterpolated($"[bold]{rank}. {hit.Headline}[/]");
            var date = hit.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated";
            var urgencyText = hit.Urgency is int u ? $" · urgency {u}" : "";
            ansi.MarkupLineInterpolated($"   [grey]{hit.SourceName ?? hit.SourceId} · {date} · {hit.Language}{urgencyText} · score {hit.Score:0.00} · {hit.ArticleId}[/]");
            ansi.MarkupLine("   " + SnippetMarkup(hit.Snippet));
        }
    }

    /// <summary>Turns the HTML snippet (matches in &lt;mark&gt;, the rest HTML-encoded) into console markup.</summary>
    internal static string SnippetMarkup(string snippet)
    {
        var parts = MarkTag().Split(snippet);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            var plain = System.Net.WebUtility.HtmlDecode(parts[i]);
            text.Append(i % 2 == 1 ? $"[black on yellow]{Markup.Escape(plain)}[/]" : Markup.Escape(plain));
        }

        return text.ToString();
    }

    [GeneratedRegex("<mark>(.*?)</mark>", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex MarkTag();
}
