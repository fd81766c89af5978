using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Normalizer;

namespace Pipeline.Cli.Tests.Commands;

/// <summary>One table of format names and aliases serves every entry point.</summary>
public sealed class FormatNamesTests : IDisposable
{
    private readonly string _data = CliRunner.TempFolder();

    public static TheoryData<string> EveryName() => [.. DispatchFormatNames.Canonical.Concat(DispatchFormatNames.Aliases.Keys)];

    [Theory]
    [MemberData(nameof(EveryName))]
    public void EveryName_FetcherAndNormalizer_ResolveItToTheSameFormat(string name)
    {
        var atTheDoor = DispatchFactory.NormalizeFormat(name.ToUpperInvariant());
        var inTheNormalizer = DispatchNormalizer.ResolveFormatName(name);

        Assert.NotNull(atTheDoor);
        Assert.Equal(atTheDoor, inTheNormalizer);
        Assert.Contains(atTheDoor, DispatchNormalizer.SupportedFormats);
    }

    [Fact]
    public void UnknownName_IsRefusedAtTheDoorWithTheListOfNames()
    {
        var error = Assert.Throws<PermanentDispatchException>(() => DispatchFactory.NormalizeFormat("quark-xpress"));

        Assert.Contains("text = agency-text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("normalize")]
    public async Task Command_TextAlias_IsAccepted(string command)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "dispatches", "prima-notizia-24-putin-kim.md");
        string[] args = command == "run"
            ? ["run", sample, "--format", "text", "--data", _data]
            : ["normalize", sample, "--format", "text"];

        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.True(code == 0, error);
        Assert.Contains("Putin riceve pieno sostegno da Kim Jong Un", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("publish")]
    [InlineData("normalize")]
    public async Task Command_UnknownFormat_IsABadUsage(string command)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "dispatches", "prima-notizia-24-putin-kim.md");

        var (code, _, error) = await CliRunner.RunAsync(command, sample, "--format", "quark-xpress");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("quark-xpress", error, StringComparison.Ordinal);
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
