using System.Text;

namespace Pipeline.Enricher.Lexicons;

/// <summary>Reads the data files embedded from <c>Data/</c> (UTF-8, <c>#</c> starts a comment line).</summary>
internal static class DataFiles
{
    /// <summary>The non-empty, non-comment lines of a data file.</summary>
    public static IEnumerable<string> Lines(string fileName)
    {
        var name = "Pipeline.Enricher.Data." + fileName;
        using var stream = typeof(DataFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded data file '{name}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#' && !string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }

    /// <summary>Every whitespace-separated word of a word-list file.</summary>
    public static IEnumerable<string> Words(string fileName) =>
        Lines(fileName).SelectMany(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
