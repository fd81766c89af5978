using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests.Commands;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Normalize_SampleDispatch_PrintsTheCanonicalArticle()
    {
        var (code, output, error) = await CliRunner.RunAsync("normalize", Samples.PathOf(Samples.PrimaNotizia), "--source-profile", "prima-notizia-24");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var article = json.RootElement;
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", article.GetProperty("headline").GetProperty("main").GetString());
        Assert.Equal("Renato Narciso", article.GetProperty("authors")[0].GetProperty("name").GetString());
        Assert.Equal("Pyongyang", article.GetProperty("dateline").GetProperty("place").GetString());
    }

    [Fact]
    public async Task Normalize_Feed_PrintsAnArrayOfArticles()
    {
        var (code, output, error) = await CliRunner.RunAsync("normalize", Samples.PathOf("news/world-wire.rss.xml"));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(3, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Normalize_Garbage_FailsWithTheReason()
    {
        var file = Path.Combine(CliRunner.TempFolder(), "garbage.json");
        await File.WriteAllTextAsync(file, "{\"not\": \"a feed\"}", TestContext.Current.CancellationToken);

        var (code, output, error) = await CliRunner.RunAsync("normalize", file);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Empty(output);
        Assert.Contains("rejected", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("normalize")]
    [InlineData("normalize", "/no/such/file.xml")]
    [InlineData("search", "x", "--limit", "0")]
    [InlineData("search", "x", "--url", "not a url")]
    [InlineData("search", "x", "--max-urgency", "0")]
    [InlineData("publish", "x.xml", "--broker", "http://wrong-scheme")]
    [InlineData("publish", "x.xml", "--traceparent", "00-not-a-trace-context-01")]
    [InlineData("publish", "x.xml", "--traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("subscribe", "--event", "everything")]
    [InlineData("subscribe", "--max-urgency", "0")]
    [InlineData("subscribe", "--max-urgency", "10")]
    [InlineData("subscribe", "--event", "indexed", "--lang", "it")]
    [InlineData("subscribe", "--lang", "a", "--lang", "b", "--lang", "c", "--lang", "d", "--lang", "e", "--lang", "f", "--lang", "g", "--lang", "h", "--max-urgency", "9", "--source", "s1", "--source", "s2", "--source", "s3", "--source", "s4")]
    [InlineData("errors", "list")]
    [InlineData("feeds")]
    [InlineData("feeds", "--url", "ftp://fetcher")]
    [InlineData("errors", "replay", "--stage", "fetcher")]
    public async Task BadUsage_ExitsWithTwoAndSaysWhy(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithoutABroker_FailsWithAnActionableMessage()
    {
        var previous = Environment.GetEnvironmentVariable("Messaging__RabbitMqUri");
        Environment.SetEnvironmentVariable("Messaging__RabbitMqUri", null);
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("publish", Samples.PathOf(Samples.PrimaNotizia));

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("--broker", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Messaging__RabbitMqUri", previous);
        }
    }

    [Fact]
    public async Task Search_AfterARun_FindsTheDispatchWithAHighlightedSnippet()
    {
        var data = CliRunner.TempFolder();
        var run = await CliRunner.RunAsync("run", "--data", data);
        Assert.True(run.Code == 0, run.Error);

        var (code, output, error) = await CliRunner.RunAsync("search", "Kursk", "--data", data, "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var hits = json.RootElement.GetProperty("hits");
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", hits[0].GetProperty("headline").GetString());
        Assert.Contains("<mark>Kursk</mark>", hits[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);

        var table = await CliRunner.RunAsync("search", "Kursk", "--data", data);
        Assert.Contains("Putin riceve pieno sostegno da Kim Jong Un", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void SnippetMarkup_TurnsMarksIntoConsoleMarkupAndDecodesTheRest()
    {
        var markup = global::Pipeline.Cli.Commands.SearchCommand.SnippetMarkup("la regione di <mark>Kursk</mark> &amp; [altro]");

        Assert.Equal("la regione di [black on yellow]Kursk[/] & [[altro]]", markup);
    }
}
