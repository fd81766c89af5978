using System.Diagnostics;
using BenchmarkDotNet.Running;
using Pipeline.Benchmarks;

// `search-p99 [articles] [index folder] [queries]`: builds a search index from the real corpus with variations and
// measures search latency percentiles (SearchP99; the result is in the indexer's README).
if (args is ["search-p99", ..])
{
    return await SearchP99.RunAsync(args);
}

// `profile <sample> [seconds]`: normalizes one sample in a loop, for `dotnet-trace collect -- <this program> profile …`
// (docs in the README's "Measured" section); anything else goes to BenchmarkDotNet.
if (args is ["profile", var sample, ..])
{
    var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    var benchmark = new NormalizerBenchmarks { Sample = sample };
    benchmark.Setup();
    var clock = Stopwatch.StartNew();
    var runs = 0;
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        benchmark.Normalize();
        runs++;
    }

    Console.WriteLine($"{sample}: {runs:N0} runs, {clock.Elapsed.TotalMicroseconds / runs:N1} µs each");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(NormalizerBenchmarks).Assembly).Run(args);
return 0;
