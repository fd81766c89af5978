using BenchmarkDotNet.Attributes;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer;

namespace Pipeline.Benchmarks;

/// <summary>
/// One feed document or dispatch through <see cref="DispatchNormalizer.Normalize"/>, per format. Items
/// per second = <see cref="Items"/> / mean time; docs/benchmarks.md has the numbers.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[MinColumn]
[MedianColumn]
public class NormalizerBenchmarks
{
    private DispatchNormalizer _normalizer = null!;
    private DispatchReceived _dispatch = null!;

    /// <summary>
    /// Every sample, or those named (comma-separated) in <c>PIPELINE_BENCH_SAMPLES</c>, to re-measure a few
    /// formats with more iterations (<c>--iterationCount 15</c>).
    /// </summary>
    public static IEnumerable<string> Samples()
    {
        var only = Environment.GetEnvironmentVariable("PIPELINE_BENCH_SAMPLES");
        return string.IsNullOrWhiteSpace(only)
            ? AllSamples
            : AllSamples.Where(s => only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(o => s.Contains(o, StringComparison.Ordinal)));
    }

    private static readonly string[] AllSamples =
    [
        "dispatches/prima-notizia-24-putin-kim.md",
        "news/world-wire.rss.xml",
        "news/cronaca-italia.atom.xml",
        "feeds/large_rss.xml",
        "feeds/large_atom.xml",
        "feeds/rdf_UTF8.xml",
        "newsml-g2/LISTING_2_NewsML-G2_Text_Document.xml",
        "newsml-1.2/afp-sample.xml",
        "fixtures/nitf-standalone.xml",
        "fixtures/ninjs-2.json",
        "fixtures/jsonfeed-11.json",
        "fixtures/iptc7901-ap.txt",
        "corpus/TextWires/anpa-01-ap-classic.txt",
    ];

    [ParamsSource(nameof(Samples))]
    public string Sample { get; set; } = "";

    /// <summary>Articles the sample yields (printed once per parameter).</summary>
    public int Items { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _normalizer = DispatchNormalizer.CreateDefault();
        _dispatch = BenchmarkInputs.Dispatch(Sample, "benchmark", Sample.StartsWith("dispatches/", StringComparison.Ordinal) ? "prima-notizia-24" : null);
        if (Sample.EndsWith(".txt", StringComparison.Ordinal) && !Sample.Contains("ansa", StringComparison.Ordinal))
        {
            _dispatch = _dispatch with { FormatHint = "iptc7901" };
        }
        Items = _normalizer.Normalize(_dispatch).Count;
        Console.WriteLine($"// {Sample}: {Items} item(s), {_dispatch.Payload.Length:N0} characters");
    }

    [Benchmark]
    public int Normalize() => _normalizer.Normalize(_dispatch).Count;
}
