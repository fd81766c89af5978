using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Benchmarks;

/// <summary>The bundled samples as dispatches, built once per benchmark run.</summary>
internal static class BenchmarkInputs
{
    public static DispatchReceived Dispatch(string sample, string source, string? profile = null) => new()
    {
        DispatchId = Guid.NewGuid().ToString("N"),
        Source = new SourceRef { Id = source },
        Origin = new DispatchOrigin { Kind = OriginKinds.File, Location = sample },
        ReceivedAt = new DateTimeOffset(2025, 8, 13, 12, 0, 0, TimeSpan.Zero),
        Payload = Read(sample),
        SourceProfile = profile,
    };

    /// <summary>
    /// A bundled sample (<c>news/…</c>, <c>feeds/…</c>), or a file of the normalizer's test fixtures
    /// (<c>fixtures/…</c>) or conformance corpus (<c>corpus/…</c>) — the formats the CLI samples lack.
    /// </summary>
    private static string Read(string sample)
    {
        var tests = Path.Combine(RepositoryRoot(), "tests", "Pipeline.Normalizer.Tests");
        return sample switch
        {
            _ when sample.StartsWith("fixtures/", StringComparison.Ordinal) => File.ReadAllText(Path.Combine(tests, "Fixtures", sample["fixtures/".Length..])),
            _ when sample.StartsWith("corpus/", StringComparison.Ordinal) => File.ReadAllText(Path.Combine(tests, "Corpus", sample["corpus/".Length..])),
            _ => Samples.Read(sample),
        };
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
