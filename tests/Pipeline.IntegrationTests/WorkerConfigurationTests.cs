namespace Pipeline.IntegrationTests;

/// <summary>
/// Issue 11: a worker started with an invalid setting stops with exit code 1 and one line on standard error naming
/// the key — not exit 134 with an unhandled exception and a stack trace.
/// </summary>
public sealed class WorkerConfigurationTests
{
    public static TheoryData<string, string, string, string> InvalidSettings() => new()
    {
        // stage, variable, value, the key the line must name
        { "Normalizer", "Messaging__PrefetchCount", "0", "Messaging:PrefetchCount" },
        { "Normalizer", "Dispatches__MaxPayloadBytes", "12", "Dispatches:MaxPayloadBytes" },
        { "Fetcher", "Fetcher__MaxPayloadBytes", "5242880", "Dispatches:MaxPayloadBytes" },   // moved: refused, naming the new key
        { "Enricher", "Messaging__PrefetchCount", "lots", "Messaging:PrefetchCount" },
        { "Indexer", "Messaging__Transport", "Kafka", "Messaging:Transport" },
        { "Fetcher", "Messaging__DispatchBudgetSeconds", "0", "Messaging:DispatchBudgetSeconds" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Worker_WithAnInvalidSetting_ExitsWith1_AndOneLineNamingTheKey(string stage, string variable, string value, string key)
    {
        var data = Path.Combine(Path.GetTempPath(), "pipeline-config-" + Guid.NewGuid().ToString("N")[..8]);
        await using var worker = new StageWorker(stage, StageWorker.Environment(null, "", data, new Dictionary<string, string?> { [variable] = value }));
        var process = worker.Start();

        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 1, $"exit code {code}\n{process.Transcript}");
        var line = Assert.Single(process.StandardError, l => l.Length > 0);
        Assert.StartsWith("Invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
        Assert.DoesNotContain(process.StandardOutput.Concat(process.StandardError), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
