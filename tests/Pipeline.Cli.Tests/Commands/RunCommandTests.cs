using System.Text.Json;
using Pipeline.Indexer;

namespace Pipeline.Cli.Tests.Commands;

/// <summary>The embedded mode: all four stages in one process over the bundled samples.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _data = CliRunner.TempFolder();

    [Fact]
    public async Task Run_BundledSamples_IndexesEveryArticleAndPrintsASummary()
    {
        var (code, output, error) = await CliRunner.RunAsync("run", "--data", _data);

        Assert.True(code == 0, error + output);
        Assert.Contains("Putin riceve pieno sostegno da Kim Jong Un", output, StringComparison.Ordinal);
        Assert.Contains("Prima Notizia 24", output, StringComparison.Ordinal);
        Assert.Contains("European Central Bank holds rates", output, StringComparison.Ordinal);
        Assert.Contains("Ponte sullo Stretto", output, StringComparison.Ordinal);
        Assert.Contains("Vladimir Putin", output, StringComparison.Ordinal);
        Assert.Contains("6 articles indexed, 0 rejected", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, "fetcher.db")) || Directory.Exists(Path.Combine(_data, "index")));

        using var searcher = ArticleSearcher.Open(Path.Combine(_data, "index"));
        Assert.Equal(6, searcher.Count);
    }

    [Fact]
    public async Task Run_Twice_LeavesOneDocumentPerArticle()
    {
        var first = await CliRunner.RunAsync("run", "--data", _data);
        var second = await CliRunner.RunAsync("run", "--data", _data, "--json");

        Assert.True(first.Code == 0, first.Error);
        Assert.True(second.Code == 0, second.Error);
        var lines = second.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count(l => l.GetProperty("type").GetString() == "article"));
        Assert.All(lines.Where(l => l.GetProperty("type").GetString() == "article"), l => Assert.True(l.GetProperty("indexed").GetProperty("replaced").GetBoolean()));
        using var searcher = ArticleSearcher.Open(Path.Combine(_data, "index"));
        Assert.Equal(6, searcher.Count);
    }

    [Fact]
    public async Task Run_GarbageFile_ReportsTheRejectionAndFails()
    {
        var garbage = Path.Combine(_data, "garbage.json");
        await File.WriteAllTextAsync(garbage, "{\"not\": \"a feed\"}", TestContext.Current.CancellationToken);

        var (code, output, error) = await CliRunner.RunAsync("run", garbage, "--data", Path.Combine(_data, "run"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("rejected", output + error, StringComparison.Ordinal);
        Assert.Contains("normalizer", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Temp data; left to the OS.
        }
    }
}
