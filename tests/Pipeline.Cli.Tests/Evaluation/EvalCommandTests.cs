using System.Text.Json;

namespace Pipeline.Cli.Tests.Evaluation;

public sealed class EvalCommandTests
{
    [Fact]
    public async Task EvalEnrich_RealGold_PrintsEveryMetricAndTarget()
    {
        var (code, output, error) = await CliRunner.RunAsync("eval", "enrich", GoldFiles.Enrichment);

        Assert.True(code == ExitCodes.Ok, error);
        foreach (var expected in new[]
        {
            "person", "organisation", "place", "Precision", "Recall", "F1",
            "language accuracy", "topic accuracy", "duplicate-pair precision", "duplicate-pair recall",
            "person F1 ≥ 0.80", "place F1 ≥ 0.80", "organisation F1 ≥ 0.65", "language accuracy ≥ 99", "recall ≥ 0.90",
            "rewrite pairs in one story", "republication pairs in one story", "different pairs kept apart", "cluster purity, rewrite articles",
            "rewrites clustered together ≥ 80 %", "different stories kept apart 100 %",
        })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EvalEnrich_Json_IsOneObjectWithTheMetrics()
    {
        var (code, output, error) = await CliRunner.RunAsync("eval", "enrich", GoldFiles.Enrichment, "--json");

        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("articles").GetInt32() >= 40);
        Assert.Equal(3, root.GetProperty("entities").GetArrayLength());
        Assert.InRange(root.GetProperty("language").GetProperty("value").GetDouble(), 0, 1);
        Assert.InRange(root.GetProperty("topic").GetProperty("value").GetDouble(), 0, 1);
        Assert.Equal(7, root.GetProperty("targets").GetArrayLength());
        Assert.Equal(0, root.GetProperty("details").GetArrayLength());
        var stories = root.GetProperty("stories");
        Assert.True(stories.GetProperty("rewrites").GetProperty("total").GetInt32() >= 20);
        Assert.True(stories.GetProperty("duplicates").GetProperty("total").GetInt32() >= 20);
        Assert.True(stories.GetProperty("differentApart").GetProperty("total").GetInt32() >= 10);
        Assert.InRange(stories.GetProperty("rewritePurity").GetDouble(), 0, 1);
        Assert.InRange(stories.GetProperty("duplicatePurity").GetDouble(), 0, 1);
        Assert.Equal(0, root.GetProperty("storyDetails").GetArrayLength());
    }

    [Fact]
    public async Task EvalEnrich_Details_ListsEveryArticle()
    {
        var folder = GoldFiles.Folder(GoldFiles.Article("only-one"));

        var (code, output, _) = await CliRunner.RunAsync("eval", "enrich", folder, "--details");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("only-one", output, StringComparison.Ordinal);
        Assert.Contains("Per article", output, StringComparison.Ordinal);
        Assert.Contains("not measured", output, StringComparison.Ordinal); // no pairs in this folder
    }

    [Fact]
    public async Task EvalEnrich_InvalidGoldFile_ExitsOneNamingTheFile()
    {
        var article = GoldFiles.Article();
        article["topic"] = "politics";
        var folder = GoldFiles.Folder(article);

        var (code, output, error) = await CliRunner.RunAsync("eval", "enrich", folder);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Empty(output);
        Assert.Contains("article-1.json", error, StringComparison.Ordinal);
        Assert.Contains("topic 'politics'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "enrich")]
    [InlineData("eval", "enrich", "/no/such/gold/folder")]
    [InlineData("eval", "enrich", ".", "--frobnicate")]
    public async Task EvalEnrich_BadUsage_ExitsTwo(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("error:", error, StringComparison.Ordinal);
    }
}
