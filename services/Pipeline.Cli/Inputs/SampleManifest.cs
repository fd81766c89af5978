using System.Text.Json;

namespace Pipeline.Cli.Inputs;

/// <summary>The bundled samples (<c>samples/manifest.json</c> next to the CLI): which file comes from which source.</summary>
internal sealed record SampleManifest
{
    public required IReadOnlyList<SampleEntry> Dispatches { get; init; }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "samples");

    public static SampleManifest Load()
    {
        var path = Path.Combine(Folder, "manifest.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SampleManifest>(stream, CliJson.Compact)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The entries as publishable inputs with absolute paths.</summary>
    public IEnumerable<InputFile> Inputs() => Dispatches.Select(e => new InputFile(
        Path.Combine(Folder, e.Path), e.Source, e.SourceName, e.Format, e.Profile, e.ContentType));
}

internal sealed record SampleEntry
{
    public required string Path { get; init; }
    public required string Source { get; init; }
    public string? SourceName { get; init; }
    public string? Format { get; init; }
    public string? Profile { get; init; }
    public string? ContentType { get; init; }
}
