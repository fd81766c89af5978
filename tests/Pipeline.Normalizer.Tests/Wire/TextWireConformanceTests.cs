using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

/// <summary>
/// Conformance of the IPTC 7901 / ANPA reader over the corpus in Corpus/TextWires (see its SOURCE.md): every
/// item has an expectations file written by reading the item; the checked fields are those of the canonical
/// article (headline, lead, paragraphs, authors, publication time, dateline place, date and agency, urgency,
/// sections, subjects, version) plus the number of articles. Items marked <c>blind</c> are reported only in
/// aggregate. Each format must get at least 90 % of its checked fields right.
/// </summary>
public sealed class TextWireConformanceTests(ITestOutputHelper output)
{
    private const double Required = 0.90;

    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Theory]
    [InlineData("anpa")]
    [InlineData("iptc7901")]
    public void Corpus_FieldAccuracy_AtLeastNinetyPercent(string format)
    {
        var results = Evaluate().Where(r => r.Format == format).ToList();
        Assert.NotEmpty(results);

        var report = Report(format, results);
        output.WriteLine(report);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, $"conformance-textwires-{format}.txt"), report);

        var right = results.Sum(r => r.Right);
        var checkedFields = results.Sum(r => r.Checked);
        Assert.True(right >= Required * checkedFields, report);
    }

    [Fact]
    public void Corpus_HasThirtyItemsAndABlindQuarter()
    {
        var results = Evaluate();

        Assert.True(results.Count >= 30, $"{results.Count} items");
        var blind = results.Count(r => r.Blind);
        Assert.InRange(blind, results.Count / 5, results.Count / 3);
    }

    internal static string Report(string format, IReadOnlyList<Result> results)
    {
        var builder = new StringBuilder();
        var open = results.Where(r => !r.Blind).ToList();
        var blind = results.Where(r => r.Blind).ToList();
        builder.AppendLine(CultureInfo.InvariantCulture, $"{format}: {Summary(results)} (open {Summary(open)}; blind {Summary(blind)})");
        foreach (var result in open.Where(r => r.Failures.Count > 0))
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {result.Name}: {string.Join("; ", result.Failures)}");
        }

        return builder.ToString();

        static string Summary(IReadOnlyList<Result> set) => set.Count == 0 ? "no items" :
            string.Create(CultureInfo.InvariantCulture, $"{set.Sum(r => r.Right)}/{set.Sum(r => r.Checked)} fields = {100.0 * set.Sum(r => r.Right) / Math.Max(1, set.Sum(r => r.Checked)):0.0} %, {set.Count(r => r.Failures.Count == 0)}/{set.Count} items fully right");
    }

    internal static List<Result> Evaluate()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Corpus", "TextWires");
        var results = new List<Result>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            using var expectations = JsonDocument.Parse(File.ReadAllText(file));
            var root = expectations.RootElement;
            var name = Path.GetFileNameWithoutExtension(file);
            var payload = File.ReadAllText(Path.ChangeExtension(file, ".txt"), Encoding.UTF8);
            var receivedAt = DateTimeOffset.Parse(root.GetProperty("receivedAt").GetString()!, CultureInfo.InvariantCulture);
            var result = new Result(name, root.GetProperty("format").GetString()!, root.GetProperty("blind").GetBoolean());
            IReadOnlyList<CanonicalArticle> articles;
            try
            {
                articles = Normalizer.Normalize(TestDispatches.Create(payload, receivedAt: receivedAt));
            }
            catch (Exception ex) when (ex is PermanentDispatchException)
            {
                articles = [];
                result.Failures.Add($"rejected: {ex.Message}");
            }

            var expected = root.GetProperty("articles").EnumerateArray().ToList();
            result.Check("count", expected.Count, articles.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var article = i < articles.Count ? articles[i] : null;
                foreach (var field in expected[i].EnumerateObject())
                {
                    var (want, got) = Compare(field, article);
                    result.Check($"[{i}].{field.Name}", want, got);
                }
            }

            results.Add(result);
        }

        return results;
    }

    private static (string? Want, string? Got) Compare(JsonProperty field, CanonicalArticle? article)
    {
        var value = field.Value;
        return field.Name switch
        {
            "headline" => (Text(value), article?.Headline.Main),
            "lead" => (Text(value), article?.Lead),
            "paragraphs" => (List(value), article is null ? null : Join(article.Body.Paragraphs)),
            "authors" => (List(value), article is null ? null : Join(article.Authors.Select(a => a.Name))),
            "publishedAt" => (value.ValueKind == JsonValueKind.Null ? null : Instant(DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture)),
                article?.PublishedAt is { } published ? Instant(published) : null),
            "datelinePlace" => (Text(value), article?.Dateline?.Place),
            "datelineDate" => (Text(value), article?.Dateline?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "agency" => (Text(value), article?.Dateline?.Agency),
            "urgency" => (value.ValueKind == JsonValueKind.Null ? null : value.GetInt32().ToString(CultureInfo.InvariantCulture),
                article?.Urgency?.ToString(CultureInfo.InvariantCulture)),
            "sections" => (List(value), article is null ? null : Join(article.Sections)),
            "subjects" => (List(value), article is null ? null : Join(article.Subjects)),
            "version" => (value.GetInt32().ToString(CultureInfo.InvariantCulture), article?.Version.ToString(CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"Unknown expectation field '{field.Name}'."),
        };

        static string? Text(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetString();

        static string List(JsonElement element) => Join(element.EnumerateArray().Select(e => e.GetString()!));

        static string Join(IEnumerable<string> values) => "[" + string.Join(" | ", values) + "]";

        static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The outcome of one corpus item.</summary>
    internal sealed class Result(string name, string format, bool blind)
    {
        public string Name { get; } = name;
        public string Format { get; } = format;
        public bool Blind { get; } = blind;
        public int Checked { get; private set; }
        public int Right { get; private set; }
        public List<string> Failures { get; } = [];

        public void Check(string field, object? want, object? got)
        {
            Checked++;
            if (Equals(want?.ToString(), got?.ToString()))
            {
                Right++;
            }
            else
            {
                Failures.Add($"{field}: want «{want}», got «{got}»");
            }
        }
    }
}
