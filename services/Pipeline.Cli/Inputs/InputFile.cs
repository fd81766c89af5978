using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;

namespace Pipeline.Cli.Inputs;

/// <summary>A file to publish and what is known about its source and format.</summary>
internal sealed record InputFile(string Path, string SourceId, string? SourceName, string? Format, string? Profile, string? ContentType)
{
    /// <summary>Longest file the CLI reads; the dispatch factory applies the configured payload limit on top.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Expands files and folders (recursively, hidden files skipped) into inputs, in a stable order.</summary>
    public static IReadOnlyList<InputFile> Expand(IEnumerable<string> paths, string sourceId, string? sourceName, string? format, string? profile)
    {
        var files = new List<InputFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                    .Select(f => new InputFile(System.IO.Path.GetFullPath(f), sourceId, sourceName, format, profile, null)));
            }
            else if (File.Exists(path))
            {
                files.Add(new InputFile(System.IO.Path.GetFullPath(path), sourceId, sourceName, format, profile, null));
            }
            else
            {
                throw new FileNotFoundException($"No such file or folder: {path}", path);
            }
        }

        return files;
    }

    /// <summary>Reads the file and builds the dispatch through the fetcher's factory (decoding, limits, ids).</summary>
    public async Task<DispatchReceived> ToDispatchAsync(DispatchFactory factory, CancellationToken cancellationToken)
    {
        var info = new FileInfo(Path);
        if (info.Length > MaxFileBytes)
        {
            throw new PermanentDispatchException(RejectionReasons.TooLarge, $"{Path} is {info.Length:N0} bytes; the limit is {MaxFileBytes:N0}.");
        }

        var bytes = await File.ReadAllBytesAsync(Path, cancellationToken);
        return factory.Create(new RawDispatch
        {
            Body = bytes,
            SourceId = SourceId,
            SourceName = SourceName,
            OriginKind = OriginKinds.File,
            OriginLocation = Path,
            ContentType = ContentType ?? GuessContentType(Path),
            FormatHint = Format,
            SourceProfile = Profile,
        });
    }

    private static string? GuessContentType(string path) => System.IO.Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".XML" or ".RSS" or ".ATOM" or ".RDF" => "application/xml",
        ".JSON" => "application/json",
        ".MD" => "text/markdown",
        ".TXT" => "text/plain",
        ".HTML" or ".HTM" => "text/html",
        _ => null,
    };
}
