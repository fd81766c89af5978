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

        using var searcher = ArticleSearcher.OpenReadOnly(Path.Combine(_data, "index"));
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
        using var searcher = ArticleSearcher.OpenReadOnly(Path.Combine(_data, "index"));
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

    [Fact]
    public async Task Run_SameItemTwice_FinishesAndReportsOneArticle()
    {
        var inputs = Path.Combine(_data, "inputs");
        Directory.CreateDirectory(inputs);
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "dispatches", "prima-notizia-24-putin-kim.md");
        File.Copy(sample, Path.Combine(inputs, "first.md"));
        File.Copy(sample, Path.Combine(inputs, "second.md"));
        const string Item = "<item><title>Ponte riaperto</title><link>https://example.org/ponte</link><guid>ponte-1</guid>"
            + "<description>Il ponte sul fiume è stato riaperto al traffico dopo i lavori di consolidamento durati tre mesi.</description></item>";
        await File.WriteAllTextAsync(Path.Combine(inputs, "twice.rss.xml"),
            $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cronaca</title><link>https://example.org/</link>{Item}{Item}</channel></rss>",
            TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("run", inputs, "--data", Path.Combine(_data, "run"), "--timeout", "600");

        Assert.True(code == 0, error);
        Assert.Contains("3 inputs → 2 articles indexed (2 duplicate copies of an article counted once)", error, StringComparison.Ordinal);
        using var searcher = ArticleSearcher.OpenReadOnly(Path.Combine(_data, "run", "index"));
        Assert.Equal(2, searcher.Count);
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
