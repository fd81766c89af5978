using System.Text.Json;

namespace Pipeline.Cli.Tests.Evaluation;

/// <summary>The checked-in gold set and tiny synthetic gold folders written by the tests.</summary>
internal static class GoldFiles
{
    /// <summary>tests/gold/enrichment in the repository (found by walking up to Pipeline.sln).</summary>
    public static string Enrichment { get; } = Path.Combine(RepositoryRoot(), "tests", "gold", "enrichment");

    /// <summary>tests/gold/enrichment-dev in the repository.</summary>
    public static string EnrichmentDev { get; } = Path.Combine(RepositoryRoot(), "tests", "gold", "enrichment-dev");

    /// <summary>A new gold folder holding the given article documents, one file each.</summary>
    public static string Folder(params object[] articles)
    {
        var folder = CliRunner.TempFolder();
        var articlesFolder = Directory.CreateDirectory(Path.Combine(folder, "articles")).FullName;
        for (var i = 0; i < articles.Length; i++)
        {
            File.WriteAllText(Path.Combine(articlesFolder, $"article-{i + 1}.json"), JsonSerializer.Serialize(articles[i]));
        }

        return folder;
    }

    /// <summary>A valid article document about Giorgia Meloni in Rome.</summary>
    public static Dictionary<string, object?> Article(string id = "a1") => new()
    {
        ["id"] = id,
        ["language"] = "it",
        ["source"] = "Test",
        ["headline"] = "Meloni incontra Mattarella a Roma",
        ["paragraphs"] = new[] { "La presidente del Consiglio Giorgia Meloni ha incontrato Sergio Mattarella al Quirinale." },
        ["topic"] = "medtop:11000000",
        ["entities"] = new object[]
        {
            new { name = "Giorgia Meloni", type = "person", mentions = new[] { "Meloni", "Giorgia Meloni" } },
            new { name = "Sergio Mattarella", type = "person", mentions = new[] { "Mattarella", "Sergio Mattarella" } },
            new { name = "Rome", type = "place", mentions = new[] { "Roma" } },
        },
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Pipeline.sln not found above {AppContext.BaseDirectory}.");
    }
}
