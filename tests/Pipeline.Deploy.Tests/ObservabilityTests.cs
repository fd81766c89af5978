using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// The monitoring in <c>deploy/observability</c> (Grafana dashboard, PrometheusRule alerts, ServiceMonitor) renders,
/// and refers only to metrics the services emit: a metric renamed in the code must be renamed there too.
/// </summary>
public sealed partial class ObservabilityTests
{
    /// <summary>MassTransit 8.5's meter, as a worker's /metrics shows it (the metrics of a library we do not write).</summary>
    private static readonly HashSet<string> MassTransitMetrics = new(StringComparer.Ordinal)
    {
        "messaging_masstransit_consume_duration_milliseconds",
        "messaging_masstransit_receive_duration_milliseconds",
        "messaging_masstransit_delivery_duration_milliseconds",
        "messaging_masstransit_consume_ea_total",
        "messaging_masstransit_receive_ea_total",
    };

    [Fact]
    public async Task Monitoring_Renders_WithTheDashboardAlertsAndScrapeTarget()
    {
        var rendered = await Kustomize.RenderAsync(Path.Combine("deploy", "observability"));

        Assert.Contains("kind: PrometheusRule", rendered, StringComparison.Ordinal);
        Assert.Contains("kind: ServiceMonitor", rendered, StringComparison.Ordinal);
        Assert.Contains("path: /metrics", rendered, StringComparison.Ordinal);
        Assert.Contains("grafana_dashboard: \"1\"", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void DashboardAndAlerts_UseOnlyMetricsTheServicesEmit()
    {
        var emitted = EmittedMetricNames();
        Assert.Contains("pipeline_article_latency_seconds", emitted);   // the scan itself finds what it must

        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "observability", "dashboards", "pipeline.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .Concat(File.ReadAllLines(Path.Combine(RepositoryLayout.Root, "deploy", "observability", "prometheus-rules.yaml"))
                .Select(line => line.Trim())
                .Where(line => line.StartsWith("expr:", StringComparison.Ordinal))
                .Select(line => line["expr:".Length..]))
            .ToList();
        Assert.True(expressions.Count >= 10, $"only {expressions.Count} expressions found");

        var used = expressions.SelectMany(e => MetricName().Matches(Labels().Replace(e, " ")).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.True(emitted.Contains(BaseName(name)) || MassTransitMetrics.Contains(BaseName(name)),
            $"{name} is not a metric the services emit (known: {string.Join(", ", emitted.Order(StringComparer.Ordinal))})"));
    }

    [Fact]
    public void DashboardAndAlerts_GroupOnlyByLabelsTheServicesSet()
    {
        // Tag names come from one place (ServiceDefaults/TelemetryTags: "pipeline." + name); Prometheus writes them with underscores.
        var tags = TagConstant().Matches(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "services", "Pipeline.ServiceDefaults", "TelemetryTags.cs")))
            .Select(m => "pipeline_" + m.Groups["name"].Value)
            .Concat(["le", "messaging_masstransit_consumer_type"])   // the histogram bucket label, MassTransit's consumer label
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("pipeline_source_id", tags);

        var files = new[] { Path.Combine("dashboards", "pipeline.json"), "prometheus-rules.yaml" }
            .Select(f => File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "observability", f)));
        var labels = files.SelectMany(text => GroupedBy().Matches(text))
            .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.True(tags.Contains(label), $"'{label}' is not a tag the services set"));
    }

    /// <summary>
    /// Prometheus names of the instruments created in services/ (OpenTelemetry's translation: dots to underscores,
    /// the unit spelled out, counters ending in _total).
    /// </summary>
    private static HashSet<string> EmittedMetricNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "services"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match instrument in Instrument().Matches(File.ReadAllText(file)))
            {
                var name = instrument.Groups["name"].Value.Replace('.', '_');
                name += (Unit().Match(instrument.Groups["rest"].Value) is { Success: true } unit ? unit.Groups["unit"].Value : "") switch
                {
                    "s" => "_seconds",
                    "ms" => "_milliseconds",
                    "By" => "_bytes",
                    _ => "",
                };
                names.Add(instrument.Groups["kind"].Value.EndsWith("Counter", StringComparison.Ordinal) ? name + "_total" : name);
            }
        }

        return names;
    }

    /// <summary>A histogram's series (_bucket, _count, _sum) belong to the histogram.</summary>
    private static string BaseName(string series) => HistogramSeries().Replace(series, "");

    [GeneratedRegex(@"Create(?<kind>Counter|Histogram|UpDownCounter|ObservableGauge|ObservableCounter|ObservableUpDownCounter|Gauge)(?:<[^>]+>)?\(\s*""(?<name>[a-z0-9_.]+)""(?<rest>[^;]*);", RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex Instrument();

    [GeneratedRegex(@"unit:\s*""(?<unit>[^""]+)""", RegexOptions.ExplicitCapture)]
    private static partial Regex Unit();

    [GeneratedRegex(@"\b(pipeline|messaging_masstransit)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"const string \w+ = Prefix \+ ""(?<name>[a-z0-9_]+)""", RegexOptions.ExplicitCapture)]
    private static partial Regex TagConstant();

    [GeneratedRegex(@"\bby \((?<labels>[^)]*)\)", RegexOptions.ExplicitCapture)]
    private static partial Regex GroupedBy();

    /// <summary>Label names (in <c>by (…)</c>, <c>without (…)</c> and <c>{…}</c> selectors), which are not metrics.</summary>
    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)|\{[^}]*\}")]
    private static partial Regex Labels();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex HistogramSeries();
}
