using System.Globalization;

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
            var mutant = Mutator.Mutate(text, samples, random, out var recipe);
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
