using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Cli.Inputs;
using Pipeline.Cli.Runs;
using Pipeline.Contracts.Articles;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline run</c>: the embedded pipeline over the bundled samples (or given files).</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("paths")
        {
            Description = "Files or folders to ingest (default: the bundled samples: a Prima Notizia 24 dispatch, an RSS 2.0 and an Atom feed).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var source = new Option<string>("--source") { Description = "Source id for the given files.", DefaultValueFactory = _ => "local-files" };
        var format = CommonOptions.Format();
        var profile = CommonOptions.Profile();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var timeout = CommonOptions.Timeout(120, "every dispatch to be indexed or rejected");

        var command = new Command("run", "Run all four stages in this process (in-memory bus, on-disk index) over the samples or the given files, and print what came out.")
        {
            files, source, format, profile, data, json, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<InputFile> inputs;
            try
            {
                var paths = parse.GetValue(files) ?? [];
                inputs = paths.Length == 0
                    ? SampleManifest.Load().Inputs().ToList()
                    : InputFile.Expand(paths, parse.GetValue(source)!, null, parse.GetValue(format), parse.GetValue(profile));
            }
            catch (FileNotFoundException e)
            {
                console.Fail(e.Message);
                return ExitCodes.Usage;
            }

            var dataFolder = parse.GetValue(data)!;
            return await RunAsync(console, inputs, dataFolder, parse.GetValue(json), TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, IReadOnlyList<InputFile> inputs, string dataFolder, bool json, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tracker = new RunTracker();
        var builder = EmbeddedPipeline.CreateBuilder(dataFolder, bus => bus.AddConsumer<RunObserverConsumer>());
        builder.Services.AddSingleton(tracker);
        using var host = builder.Build();
        var time = host.Services.GetRequiredService<TimeProvider>();
        var factory = host.Services.GetRequiredService<DispatchFactory>();

        console.Error.WriteLine($"Starting the embedded pipeline (data: {Path.GetFullPath(dataFolder)}) …");
        await host.StartAsync(cancellationToken);
        var publisher = host.Services.GetRequiredService<IDispatchPublisher>();
        var refused = 0;
        foreach (var input in inputs)
        {
            try
            {
                var dispatch = await input.ToDispatchAsync(factory, cancellationToken);
                tracker.Expect(dispatch.DispatchId);
                await CliDispatches.PublishAsync(publisher, dispatch, "pipeline run", traceParent: null, cancellationToken);
                console.Error.WriteLine($"  published {Path.GetFileName(input.Path)} as dispatch {dispatch.DispatchId}");
            }
            catch (PermanentDispatchException e)
            {
                refused++;
                console.Fail($"{input.Path}: {e.ReasonCode}: {e.Message}");
            }
        }

        var complete = await tracker.WaitAsync(timeout, time, cancellationToken);
        var documents = EmbeddedPipeline.IndexedDocuments(host.Services);
        await host.StopAsync(CancellationToken.None);

        if (json)
        {
            foreach (var (article, indexed) in tracker.Articles)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new { type = "article", article.ArticleId, article.Article.Headline, article.Article.Source, article.Article.PublishedAt, article.Enrichment, indexed }, CliJson.Compact));
            }

            foreach (var rejected in tracker.Rejected)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new { type = "rejected", rejected }, CliJson.Compact));
            }
        }
        else
        {
            RunSummary.Render(console.Ansi, tracker);
        }

        var indexedCount = tracker.Articles.Count(a => a.Indexed is not null);
        console.Error.WriteLine();
        var duplicates = tracker.Duplicates == 0 ? "" : $" ({tracker.Duplicates} duplicate {(tracker.Duplicates == 1 ? "copy" : "copies")} of an article counted once)";
        console.Error.WriteLine($"{inputs.Count} inputs → {indexedCount} articles indexed{duplicates}, {tracker.Rejected.Count} rejected, {refused} refused before publishing.");
        console.Error.WriteLine($"Index: {EmbeddedPipeline.IndexFolder(dataFolder)} ({documents} documents)");
        console.Error.WriteLine($"State: {EmbeddedPipeline.StateFile(dataFolder)}");
        if (!complete)
        {
            console.Fail($"Not every dispatch finished within the timeout; see the log above.");
            return ExitCodes.Failure;
        }

        return tracker.Faulted.Count > tracker.Rejected.Count || (indexedCount == 0 && inputs.Count > 0) ? ExitCodes.Failure : ExitCodes.Ok;
    }
}

/// <summary>The human-readable report of a run.</summary>
internal static class RunSummary
{
    public static void Render(IAnsiConsole ansi, RunTracker tracker)
    {
        foreach (var (article, indexed) in tracker.Articles)
        {
            ansi.Write(Describe(article, indexed));
            ansi.WriteLine();
        }

        foreach (var rejected in tracker.Rejected)
        {
            ansi.MarkupLineInterpolated($"[red]✗ rejected[/] dispatch {rejected.DispatchId} by the {rejected.Stage}: {rejected.ReasonCode} — {rejected.Message}");
        }
    }

    private static Table Describe(ArticleEnriched article, ArticleIndexed? indexed)
    {
        var a = article.Article;
        var e = article.Enrichment;
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Expand();
        table.Title = new TableTitle(a.Headline.Main, new Style(decoration: Decoration.Bold));
        table.AddColumn(new TableColumn("field").NoWrap());
        table.AddColumn("value");
        Row(table, "source", $"{a.Source.Name ?? a.Source.Id} ({a.Source.Id}) · {a.Format}");
        Row(table, "language", $"{e.Language.Code}" + (e.Language.Detected is null ? "" : $" (detected {e.Language.Detected}, {e.Language.Confidence:P0})") + (e.Language.Declared is null ? "" : $", declared {e.Language.Declared}"));
        Row(table, "published", a.PublishedAt?.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
        if (a.Dateline is { } d)
        {
            Row(table, "dateline", string.Join(" · ", new[] { d.Place, d.Country, d.Agency }.Where(s => !string.IsNullOrEmpty(s))));
        }

        if (a.Authors.Count > 0)
        {
            Row(table, "by", string.Join(", ", a.Authors.Select(x => x.Name)));
        }

        Row(table, "entities", string.Join(", ", e.Entities.Take(8).Select(x => $"{x.Name} ({x.Type} ×{x.Count})")));
        Row(table, "keywords", string.Join(", ", e.Keywords.Take(8).Select(k => k.Text)));
        if (e.Topics.Count > 0)
        {
            Row(table, "topics", string.Join(", ", e.Topics.Take(3).Select(t => t.Label)));
        }

        if (e.Cluster is { } cluster)
        {
            Row(table, "story", cluster.DuplicateOf is { } original
                ? $"{cluster.ClusterId} (copy of {original}, {cluster.Similarity:P0} alike)"
                : cluster.Similarity >= 1 ? $"{cluster.ClusterId} (first of its story)" : $"{cluster.ClusterId} (same event, {cluster.Similarity:P0} alike)");
        }

        Row(table, "indexed", indexed is null ? "no" : $"{indexed.Index} v{indexed.Version}{(indexed.Replaced ? " (replaced)" : "")} · id {article.ArticleId}");
        return table;
    }

    private static void Row(Table table, string field, string value) =>
        table.AddRow(new Text(field, new Style(Color.Grey)), new Text(string.IsNullOrEmpty(value) ? "—" : value));
}
