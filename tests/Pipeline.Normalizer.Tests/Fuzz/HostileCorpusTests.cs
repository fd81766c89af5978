namespace Pipeline.Normalizer.Tests.Fuzz;

/// <summary>
/// Issue 11's fuzzing pass: every input of <see cref="HostileCorpus"/> through format detection and through every
/// parser the normalizer has (each supported format hint; inputs over 256 KB through detection and their own format),
/// with a hang guard and an allocation budget per input. Each must end as clean articles or a clean rejection.
/// </summary>
public sealed class HostileCorpusTests
{
    /// <summary>Inputs up to this size go through every parser; bigger ones through detection and their own format.</summary>
    private const int EveryParserLimit = 256 * 1024;

    public static TheoryData<string> Cases => [.. HostileCorpus.All().Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileInput_ThroughEveryParser_EndsAsArticlesOrCleanRejection(string id)
    {
        var hostile = HostileCorpus.All().Single(c => c.ToString() == id);
        var payload = hostile.Payload();
        IEnumerable<string?> hints = payload.Length <= EveryParserLimit ? [null, .. DispatchNormalizer.SupportedFormats] : [null, hostile.Format];
        var outcomes = new List<string>();
        foreach (var hint in hints.Distinct())
        {
            // Elapsed time is reported for whoever reads the log, never asserted (the hang guard is the only bound).
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await FuzzHarness.RunAsync(payload, hint, $"{id} (format {hint ?? "detected"})");
            outcomes.Add($"{hint ?? "detected"}: {outcome} ({watch.ElapsedMilliseconds} ms)");
        }

        TestContext.Current.SendDiagnosticMessage($"{id}: {string.Join("; ", outcomes)}");
    }

    [Fact]
    public void Corpus_HasEveryClassOfTheIssue()
    {
        var classes = HostileCorpus.All().GroupBy(c => c.Class).ToDictionary(g => g.Key, g => g.Count());
        string[] required =
        [
            "prolog-backtracking", "regex-author", "deep-xhtml", "nested-unknown", "unclosed-comments", "out-of-range", "xml-lang-and-lang",
            "lone-surrogate", "bidi-invisible", "compression-bomb", "mixed-encoding", "nul", "huge-attribute", "entity-expansion", "deep-json", "deep-html",
        ];
        Assert.All(required, c => Assert.True(classes.ContainsKey(c), $"no input of class {c}"));
        TestContext.Current.SendDiagnosticMessage(string.Join(", ", classes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
    }
}
