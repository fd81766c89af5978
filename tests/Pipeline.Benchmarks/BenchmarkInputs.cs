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
        Payload = Samples.Read(sample),
        SourceProfile = profile,
    };
}
