using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

/// <summary>
/// Conformance corpus of real agency wires (Corpus/Wires/&lt;format&gt;/): each item has a hand-written
/// <c>*.expected.json</c> listing the fields a careful reader sees in it. Every listed field is one check;
/// the share of checks passed is computed per format and must reach 90 %. Items marked <c>"blind": true</c>
/// are reported only in aggregate (their individual failures are not printed, so nobody tunes on them).
/// </summary>
public sealed class WireConformanceTests(ITestOutputHelper output)
{
    /// <summary>Minimum share of checked fields right, per format.</summary>
    private const double Threshold = 0.90;

    private static readonly string CorpusRoot = Path.Combine(AppContext.BaseDirectory, "Corpus", "Wires");

    private static readonly string[] FormatFolders = ["nitf", "newsml-g2", "ninjs", "newsml1"];

    public static TheoryData<string> Formats => new(FormatFolders);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Corpus_FieldAccuracy_AtLeastNinetyPercentPerFormat(string folder)
    {
        var results = RunFolder(folder);
        Assert.NotEmpty(results);

        var open = results.Where(r => !r.Blind).ToList();
        var blind = results.Where(r => r.Blind).ToList();
        var lines = open.Where(r => r.Failures.Count > 0).Select(r => $"{folder}/{r.Name}: {string.Join("; ", r.Failures)}").ToList();

        var passed = results.Sum(r => r.Passed);
        var total = results.Sum(r => r.Total);
        var accuracy = (double)passed / total;
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"{folder}: {passed}/{total} fields right ({accuracy:P1}); items fully right {results.Count(r => r.Failures.Count == 0)}/{results.Count}; " +
            $"open {open.Sum(r => r.Passed)}/{open.Sum(r => r.Total)}, blind {blind.Sum(r => r.Passed)}/{blind.Sum(r => r.Total)} ({blind.Count(r => r.Failures.Count == 0)}/{blind.Count} items fully right)"));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        // WIRE_CONFORMANCE_REPORT=<file> appends the figures (and the open failures) for the README.
        if (Environment.GetEnvironmentVariable("WIRE_CONFORMANCE_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllLines(report, lines);
        }

        Assert.True(accuracy >= Threshold, string.Create(CultureInfo.InvariantCulture, $"{folder}: {accuracy:P1} of checked fields right, below {Threshold:P0}"));
    }

    [Fact]
    public void Corpus_HasABlindPart()
    {
        var all = FormatFolders.SelectMany(RunFolder).ToList();
        Assert.InRange(all.Count(r => r.Blind), all.Count / 5, all.Count / 2);
    }

    private static List<ItemResult> RunFolder(string folder)
    {
        var directory = Path.Combine(CorpusRoot, folder);
        var normalizer = DispatchNormalizer.CreateDefault();
        var results = new List<ItemResult>();
        foreach (var expectedPath in Directory.GetFiles(directory, "*.expected.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(expectedPath)[..^".expected.json".Length];
            var input = Directory.GetFiles(directory, name + ".*").Single(p => !p.EndsWith(".expected.json", StringComparison.Ordinal));
            using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
            results.Add(Check(name, File.ReadAllText(input), expected.RootElement, normalizer));
        }

        return results;
    }

    private static ItemResult Check(string name, string payload, JsonElement expected, DispatchNormalizer normalizer)
    {
        var result = new ItemResult(name, expected.TryGetProperty("blind", out var blind) && blind.GetBoolean());
        var checks = expected.EnumerateObject().Where(p => p.Name is not ("blind" or "note" or "select")).ToList();
        IReadOnlyList<CanonicalArticle> articles;
        try
        {
            articles = normalizer.Normalize(TestDispatches.Create(payload, sourceId: "conformance"));
        }
        catch (Exception ex) when (ex is PermanentDispatchException or InvalidOperationException)
        {
            result.Total = checks.Count;
            result.Failures.Add($"rejected: {ex.Message}");
            return result;
        }

        var article = expected.TryGetProperty("select", out var select)
            ? articles.FirstOrDefault(a => a.ItemGuid == select.GetString())
            : articles.Count > 0 ? articles[0] : null;
        foreach (var check in checks)
        {
            result.Total++;
            var failure = article is null ? "no article" : Field(article, check.Name, check.Value);
            if (failure is null)
            {
                result.Passed++;
            }
            else
            {
                result.Failures.Add($"{check.Name}: {failure}");
            }
        }

        return result;
    }

    /// <summary>Null when the article's field matches the expectation, else what was found.</summary>
    private static string? Field(CanonicalArticle article, string field, JsonElement value) => field switch
    {
        "format" => Same(article.Format, value),
        "headline" => Same(article.Headline.Main, value),
        "subheadline" => Same(article.Headline.Sub, value),
        "lead" => Prefix(article.Lead, value),
        "paragraphCount" => article.Body.Paragraphs.Count == value.GetInt32() ? null : $"{article.Body.Paragraphs.Count} paragraphs",
        "firstParagraph" => Prefix(article.Body.Paragraphs.Count > 0 ? article.Body.Paragraphs[0] : null, value),
        "lastParagraph" => Prefix(article.Body.Paragraphs.Count > 0 ? article.Body.Paragraphs[^1] : null, value),
        "authors" => Names(article.Authors.Select(a => a.Name), value),
        "publishedAt" => Instant(article.PublishedAt, value),
        "updatedAt" => Instant(article.UpdatedAt, value),
        "language" => Same(article.DeclaredLanguage, value, StringComparison.OrdinalIgnoreCase),
        "datelinePlace" => Same(article.Dateline?.Place, value, StringComparison.OrdinalIgnoreCase),
        "datelineDate" => Same(article.Dateline?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value),
        "datelineAgency" => Same(article.Dateline?.Agency, value, StringComparison.OrdinalIgnoreCase),
        "location" => Location(article.Location, value),
        "urgency" => article.Urgency == (value.ValueKind == JsonValueKind.Null ? null : value.GetInt32()) ? null : $"'{article.Urgency}'",
        "version" => article.Version == value.GetInt32() ? null : $"'{article.Version}'",
        "guid" => Same(article.ItemGuid, value),
        "subjectsInclude" => value.EnumerateArray().Select(v => v.GetString()!).Where(s => !article.Subjects.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList() is { Count: > 0 } missing
            ? $"missing {string.Join(", ", missing)} in [{string.Join(", ", article.Subjects)}]"
            : null,
        "mediaCount" => article.Media.Count == value.GetInt32() ? null : $"{article.Media.Count} media",
        "mediaFirstUrl" => Same(article.Media.Count > 0 ? article.Media[0].Url.AbsoluteUri : null, value),
        "url" => Same(article.CanonicalUrl?.AbsoluteUri, value),
        "absent" => value.EnumerateArray().Select(v => v.GetString()!).Where(s => AllText(article).Contains(s, StringComparison.Ordinal)).ToList() is { Count: > 0 } leaked
            ? $"found {string.Join(", ", leaked)}"
            : null,
        _ => $"unknown check '{field}'",
    };

    private static string AllText(CanonicalArticle article) =>
        string.Join('\n', new[] { article.Headline.Main, article.Headline.Sub, article.Lead, article.Dateline?.Place, article.Dateline?.Text, article.Dateline?.Country }
            .Concat(article.Body.Paragraphs).Concat(article.Subjects).Concat(article.Authors.Select(a => a.Name)).OfType<string>());

    private static string? Same(string? actual, JsonElement value, StringComparison comparison = StringComparison.Ordinal)
    {
        var expected = value.ValueKind == JsonValueKind.Null ? null : Norm(value.GetString());
        return string.Equals(Norm(actual), expected, comparison) ? null : $"'{actual}'";
    }

    private static string? Prefix(string? actual, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return actual is null ? null : $"'{actual}'";
        }

        var expected = Norm(value.GetString())!;
        return actual is not null && Norm(actual)!.StartsWith(expected, StringComparison.Ordinal) ? null : $"'{Cut(actual)}'";
    }

    private static string? Names(IEnumerable<string> actual, JsonElement value)
    {
        var names = actual.Select(Norm).ToList();
        var expected = value.EnumerateArray().Select(v => Norm(v.GetString())).ToList();
        return names.SequenceEqual(expected) ? null : $"[{string.Join(", ", names)}]";
    }

    private static string? Instant(DateTimeOffset? actual, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return actual is null ? null : $"'{actual:O}'";
        }

        var expected = DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);
        return actual == expected ? null : $"'{actual:O}'";
    }

    private static string? Location(GeoPoint? actual, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return actual is null ? null : $"({actual.Latitude}, {actual.Longitude})";
        }

        var latitude = value.GetProperty("lat").GetDouble();
        var longitude = value.GetProperty("lon").GetDouble();
        return actual is not null && Math.Abs(actual.Latitude - latitude) < 0.001 && Math.Abs(actual.Longitude - longitude) < 0.001
            ? null
            : actual is null ? "none" : $"({actual.Latitude}, {actual.Longitude})";
    }

    private static string? Norm(string? text) =>
        text is null ? null : string.Join(' ', text.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Cut(string? text) => text is null || text.Length <= 80 ? text : text[..80] + "…";

    private sealed class ItemResult(string name, bool blind)
    {
        public string Name { get; } = name;

        public bool Blind { get; } = blind;

        public int Passed { get; set; }

        public int Total { get; set; }

        public List<string> Failures { get; } = [];
    }
}
