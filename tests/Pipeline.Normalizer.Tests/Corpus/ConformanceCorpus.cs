using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests.Corpus;

/// <summary>
/// A data-driven conformance corpus: one input file and one expectations JSON per case, in <c>cases/</c>
/// (tuned on), <c>blind/</c> (reported only in aggregate) and <c>rejected/</c> (must be rejected).
/// Compares the checked fields of the canonical article with the expectations.
/// </summary>
internal static class ConformanceCorpus
{
    /// <summary>The fields a case checks, in report order.</summary>
    public static readonly string[] Fields = ["section", "subject", "headline", "place", "region", "country", "countryCode", "date", "agency", "authors", "lead", "paragraphs"];

    public static string Folder(string corpus, string part) => Path.Combine(AppContext.BaseDirectory, "Corpus", corpus, part);

    /// <summary>Case names (file names without extension) in one part of a corpus.</summary>
    public static TheoryData<string> Names(string corpus, string part)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder(corpus, part), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    public static IEnumerable<string> CaseNames(string corpus, string part) =>
        Directory.GetFiles(Folder(corpus, part), "*.json").Order(StringComparer.Ordinal).Select(Path.GetFileNameWithoutExtension)!;

    public static JsonElement Expectations(string corpus, string part, string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(corpus, part), name + ".json"))).RootElement;

    public static string Input(string corpus, string part, string name) =>
        File.ReadAllText(Directory.GetFiles(Folder(corpus, part), name + ".*").Single(f => !f.EndsWith(".json", StringComparison.Ordinal)));

    /// <summary>Normalizes a case as a new user would: no format hint, no source profile; the content type a file's extension gives.</summary>
    public static CanonicalArticle Normalize(string corpus, string part, string name, string? contentType = null)
    {
        var expected = Expectations(corpus, part, name);
        var receivedAt = expected.TryGetProperty("receivedAt", out var at) ? DateTimeOffset.Parse(at.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : TestDispatches.SampleReceivedAt;
        var dispatch = TestDispatches.Create(Input(corpus, part, name), sourceId: "conformance", contentType: contentType, receivedAt: receivedAt);
        return Assert.Single(DispatchNormalizer.CreateDefault().Normalize(dispatch));
    }

    /// <summary>Each checked field that the expectations name: (field, expected, actual, right).</summary>
    public static List<(string Field, string? Expected, string? Actual, bool Right)> Check(JsonElement expected, CanonicalArticle article)
    {
        var results = new List<(string, string?, string?, bool)>();
        foreach (var field in Fields)
        {
            if (!expected.TryGetProperty(field == "lead" ? "leadStartsWith" : field, out var value))
            {
                continue;
            }

            var want = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Array => string.Join(" | ", value.EnumerateArray().Select(v => v.GetString())),
                JsonValueKind.Number => value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => value.GetString(),
            };
            var actual = field switch
            {
                "section" => article.Sections.Count > 0 ? article.Sections[0] : null,
                "subject" => article.Subjects.Count > 0 ? article.Subjects[0] : null,
                "headline" => article.Headline.Main,
                "place" => article.Dateline?.Place,
                "region" => article.Dateline?.Region,
                "country" => article.Dateline?.Country,
                "countryCode" => article.Dateline?.CountryCode,
                "date" => article.Dateline?.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                "agency" => article.Dateline?.Agency,
                "authors" => article.Authors.Count == 0 ? null : string.Join(" | ", article.Authors.Select(a => a.Name)),
                "lead" => article.Lead,
                "paragraphs" => article.Body.Paragraphs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException(field),
            };
            var right = field == "lead"
                ? want is not null && actual is not null && actual.StartsWith(want, StringComparison.Ordinal)
                : string.Equals(want, actual, StringComparison.Ordinal);
            results.Add((field, want, actual, right));
        }

        return results;
    }

    /// <summary>Whether normalizing the case is rejected as a permanent failure.</summary>
    public static bool IsRejected(string corpus, string part, string name)
    {
        try
        {
            Normalize(corpus, part, name, contentType: "text/markdown");
            return false;
        }
        catch (PermanentDispatchException)
        {
            return true;
        }
    }

    /// <summary>Per-field and fully-right rates over the cases of one part, as lines of a report.</summary>
    public static (double FullyRight, List<string> Report) Rates(string corpus, string part, string? contentType)
    {
        var perField = new Dictionary<string, (int Right, int Total)>();
        var fully = 0;
        var names = CaseNames(corpus, part).ToList();
        var failures = new List<string>();
        foreach (var name in names)
        {
            List<(string Field, string? Expected, string? Actual, bool Right)> checks;
            try
            {
                checks = Check(Expectations(corpus, part, name), Normalize(corpus, part, name, contentType));
            }
            catch (PermanentDispatchException)
            {
                checks = Fields.Select(f => (f, (string?)"article", (string?)"rejected", false)).ToList();
            }

            foreach (var check in checks)
            {
                var (right, total) = perField.GetValueOrDefault(check.Field);
                perField[check.Field] = (right + (check.Right ? 1 : 0), total + 1);
            }

            if (checks.All(c => c.Right))
            {
                fully++;
            }
            else
            {
                failures.Add(name);
            }
        }

        var report = new List<string> { $"{corpus}/{part}: {fully} of {names.Count} fully right ({100.0 * fully / names.Count:F1} %)" };
        report.AddRange(perField.Select(f => $"  {f.Key}: {f.Value.Right}/{f.Value.Total}"));
        if (part != "blind")
        {
            report.AddRange(failures.Select(f => "  failing: " + f));
        }

        return ((double)fully / names.Count, report);
    }
}
