using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Fetcher;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline feeds</c>: the polled feeds of a running fetcher and their health.</summary>
internal static class FeedsCommand
{
    public static Command Create(CliConsole console)
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The fetcher's HTTP address, e.g. http://localhost:8081 (GET /feeds).",
            Required = true,
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : CommonOptions.ReportError<Uri>(result, "--url must be an absolute http:// or https:// URL."),
        };
        var json = CommonOptions.Json();
        var command = new Command("feeds", "Show the feeds a running fetcher polls: last outcome and status, last error, consecutive failures, next poll.") { url, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            List<FeedHealth>? feeds;
            try
            {
                feeds = await http.GetFromJsonAsync<List<FeedHealth>>(new Uri(parse.GetValue(url)!, "/feeds"), CliJson.Compact, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
            {
                console.Fail($"Could not read the feeds from {parse.GetValue(url)}: {e.Message}");
                return ExitCodes.Failure;
            }

            feeds ??= [];
            if (parse.GetValue(json))
            {
                foreach (var feed in feeds)
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(feed, CliJson.Compact));
                }

                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("feed", "every", "last outcome", "failures", "last success", "next poll", "last error");
            foreach (var f in feeds)
            {
                table.AddRow(
                    new Text($"{f.Name ?? f.SourceId}\n{f.Url}"),
                    new Text($"{f.IntervalSeconds} s"),
                    new Text($"{f.LastOutcome ?? "not polled yet"}{(f.LastStatus is > 0 ? $" ({f.LastStatus})" : "")}"),
                    new Text(f.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture), new Style(f.ConsecutiveFailures > 0 ? Color.Red : Color.Default)),
                    new Text(Time(f.LastSuccessAt)),
                    new Text(Time(f.NextDueAt)),
                    new Text(f.LastError ?? "—"));
            }

            console.Ansi.Write(table);
            console.Ansi.WriteLine($"{feeds.Count} feed(s); {feeds.Count(f => f.ConsecutiveFailures > 0)} failing.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
