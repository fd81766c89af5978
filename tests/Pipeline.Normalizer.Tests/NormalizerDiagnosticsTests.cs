using System.Diagnostics.Metrics;
using Pipeline.ServiceDefaults;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

public sealed class NormalizerDiagnosticsTests
{
    [Fact]
    public void Normalize_Articles_CountedByFormat()
    {
        var measurements = new List<(long Value, string? Format)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Pipeline.Normalizer" && instrument.Name == "pipeline.normalizer.articles")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var format = tags.ToArray().FirstOrDefault(t => t.Key == TelemetryTags.Format).Value as string;
            lock (measurements)
            {
                measurements.Add((value, format));
            }
        });
        listener.Start();

        DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(Samples.Read(Samples.PrimaNotizia), sourceId: "normalizer-diagnostics-test"));

        lock (measurements)
        {
            Assert.Contains((1L, "agency-text"), measurements);
        }
    }
}
