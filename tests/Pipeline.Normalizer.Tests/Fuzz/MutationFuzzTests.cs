using System.Globalization;
using System.Text;

namespace Pipeline.Normalizer.Tests.Fuzz;

/// <summary>
/// A seeded in-process mutation fuzzer over the bundled samples and fixtures: byte flips, deletions, splices between
/// samples, tag duplication (up to deep nesting), hostile tokens, truncation. Every mutant must end as clean articles
/// or a clean rejection (see <see cref="FuzzHarness"/>). CI runs <see cref="DefaultIterations"/> mutants with a fixed
/// seed; a longer run: <c>PIPELINE_FUZZ_ITERATIONS=200000 PIPELINE_FUZZ_SEED=$RANDOM dotnet test --project
/// tests/Pipeline.Normalizer.Tests -- --filter-class "*MutationFuzzTests"</c>. A failing mutant is written to
/// <c>fuzz-failures/</c> beside the test assembly, named by seed and iteration, and the failure message says how to replay it.
/// </summary>
public sealed class MutationFuzzTests
{
    /// <summary>Mutants per CI run (about 30 s on a quiet 2-core machine).</summary>
    public const int DefaultIterations = 1500;

    /// <summary>Seed of the CI run: the same mutants every time, so a failure in CI replays on any machine.</summary>
    public const int DefaultSeed = 20251202;

    private static readonly string[] HostileTokens =
    [
        "<", ">", "&", "\"", "'", "]]>", "<!--", "-->", "<![CDATA[", "&lol9;", "&nbsp;", "&#0;", "&#xD800;", "&#x202E;", "\u202E", "\u200B", "\u2066",
        "\0", "\u0001", "\uFFFE", "\uD800", "\\ud800", "\\u0000", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1e400", "-1", "99999999999999999999",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "xml:lang=\"en\" lang=\"en\"", " type=\"xhtml\"", " mode=\"base64\"",
        "<div xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"it\" lang=\"it\">", "</div>", "[", "]", "{", "}", "\":", "null", "\u00A0", "\r\n\r\n",
        "## **", "**", " (ANSA) - ", "di ", "\u0002", "\u0003", "ZCZC", "NNNN",
    ];

    [Fact]
    public async Task Mutants_OfTheBundledSamples_EndAsArticlesOrCleanRejection()
    {
        var iterations = Setting("PIPELINE_FUZZ_ITERATIONS", DefaultIterations);
        var seed = Setting("PIPELINE_FUZZ_SEED", DefaultSeed);
        var samples = Samples();
        Assert.True(samples.Count >= 20, $"only {samples.Count} samples found");
        var random = new Random(seed);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < iterations; i++)
        {
            var (name, text) = samples[random.Next(samples.Count)];
            var mutant = Mutate(text, samples, random, out var recipe);
            var hint = random.Next(4) == 0 ? DispatchNormalizer.SupportedFormats[random.Next(DispatchNormalizer.SupportedFormats.Count)] : null;
            var label = $"seed {seed.ToString(CultureInfo.InvariantCulture)}, iteration {i.ToString(CultureInfo.InvariantCulture)}, {name}, {recipe}, hint {hint ?? "none"}";
            string outcome;
            try
            {
                outcome = await FuzzHarness.RunAsync(mutant, hint, label);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var path = Save(seed, i, mutant);
                Assert.Fail($"{ex.Message}\nThe mutant is in {path}; replay: PIPELINE_FUZZ_SEED={seed} PIPELINE_FUZZ_ITERATIONS={i + 1}.");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Current.SendDiagnosticMessage($"{iterations} mutants (seed {seed}): {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}");
        Assert.Equal(iterations, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("articles") > iterations / 10, "almost no mutant still parsed: the mutations are too destructive to explore the parsers");
    }

    internal static string Mutate(string text, IReadOnlyList<(string Name, string Text)> samples, Random random, out string recipe)
    {
        var steps = new List<string>();
        var builder = new StringBuilder(text);
        var count = 1 + random.Next(3);
        for (var step = 0; step < count; step++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(8))
            {
                case 0:
                    // Byte (character) flips.
                    for (var k = 0; k < 1 + random.Next(8) && builder.Length > 0; k++)
                    {
                        builder[random.Next(builder.Length)] = (char)random.Next(0, 0x3000);
                    }

                    steps.Add("flip");
                    break;
                case 1:
                    var length = Math.Min(builder.Length - at, random.Next(1, 200));
                    builder.Remove(at, length);
                    steps.Add($"delete {length}@{at}");
                    break;
                case 2:
                    var donor = samples[random.Next(samples.Count)].Text;
                    var from = random.Next(donor.Length);
                    var slice = donor.Substring(from, Math.Min(donor.Length - from, random.Next(1, 2000)));
                    builder.Insert(at, slice);
                    steps.Add($"splice {slice.Length}@{at}");
                    break;
                case 3:
                case 4:
                    steps.Add(DuplicateTag(builder, random, at));
                    break;
                case 5:
                    var token = HostileTokens[random.Next(HostileTokens.Length)];
                    var times = random.Next(4) == 0 ? random.Next(2, 5000) : 1;
                    builder.Insert(at, string.Concat(Enumerable.Repeat(token, times)));
                    steps.Add($"token x{times}@{at}");
                    break;
                case 6:
                    builder.Length = at;
                    steps.Add($"truncate@{at}");
                    break;
                default:
                    var span = Math.Min(builder.Length - at, random.Next(1, 500));
                    var copy = builder.ToString(at, span);
                    builder.Insert(at, copy);
                    steps.Add($"repeat {span}@{at}");
                    break;
            }
        }

        recipe = string.Join(" + ", steps);
        return builder.ToString();
    }

    /// <summary>Finds the next tag from <paramref name="at"/> and repeats it: an open tag many times nests deeply, an element repeats.</summary>
    private static string DuplicateTag(StringBuilder builder, Random random, int at)
    {
        var text = builder.ToString();
        var open = text.IndexOf('<', at);
        var close = open < 0 ? -1 : text.IndexOf('>', open);
        if (close < 0 || close - open > 500)
        {
            return "tag (none)";
        }

        var tag = text[open..(close + 1)];
        var times = random.Next(3) == 0 ? random.Next(100, 20_000) : random.Next(2, 10);
        builder.Insert(open, string.Concat(Enumerable.Repeat(tag, times)));
        return $"tag x{times}@{open}";
    }

    /// <summary>Every fixture and bundled sample as text (golden outputs excluded).</summary>
    internal static List<(string Name, string Text)> Samples()
    {
        var files = new List<string>();
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        files.AddRange(Directory.EnumerateFiles(fixtures).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)));
        files.AddRange(Directory.EnumerateFiles(Pipeline.Testing.Samples.Root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)));
        return files.Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(AppContext.BaseDirectory, f), TestDispatches.DecodeXml(File.ReadAllBytes(f))))
            .ToList();
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Save(int seed, int iteration, string mutant)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fuzz-failures");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{seed}-{iteration}.txt");
        File.WriteAllText(path, mutant);
        return path;
    }
}
