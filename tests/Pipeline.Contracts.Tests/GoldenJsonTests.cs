using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit.Serialization;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Contracts.Tests;

/// <summary>
/// The wire shape of every message, as MassTransit serializes it, is checked in under Golden/. A
/// change here is a change to what subscribers receive: make it additive, then regenerate with
/// PIPELINE_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class GoldenJsonTests
{
    public static TheoryData<string, object> Messages => new()
    {
        { nameof(DispatchReceived), ContractSamples.DispatchReceived },
        { nameof(ArticleNormalized), ContractSamples.ArticleNormalized },
        { nameof(ArticleEnriched), ContractSamples.ArticleEnriched },
        { nameof(ArticleIndexed), ContractSamples.ArticleIndexed },
        { nameof(DispatchRejected), ContractSamples.DispatchRejected },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Serialize_FullyPopulatedMessage_MatchesGoldenFile(string name, object message)
    {
        var actual = JsonSerializer.SerializeToNode(message, message.GetType(), SystemTextJsonMessageSerializer.Options)!;
        var goldenPath = GoldenPath(name);

        if (Environment.GetEnvironmentVariable("PIPELINE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(SourceGoldenPath(name), actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(File.Exists(goldenPath), $"No golden file for {name}: run with PIPELINE_UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(File.ReadAllText(goldenPath))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{name} no longer matches {goldenPath}:\n{actual.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Deserialize_GoldenFile_RoundTripsToTheSameJson(string name, object message)
    {
        var golden = File.ReadAllText(GoldenPath(name));
        var type = message.GetType();
        var parsed = JsonSerializer.Deserialize(golden, type, SystemTextJsonMessageSerializer.Options);

        Assert.NotNull(parsed);
        var again = JsonSerializer.SerializeToNode(parsed, type, SystemTextJsonMessageSerializer.Options);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(golden), again), $"{name} does not round-trip.");
    }

    [Fact]
    public void Contracts_AreSealedRecordsInVersionedNamespaces()
    {
        var types = typeof(DispatchReceived).Assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false });
        foreach (var type in types)
        {
            Assert.True(type.IsSealed, $"{type.Name} must be sealed.");
            Assert.StartsWith("Pipeline.Contracts.", type.Namespace, StringComparison.Ordinal);
        }
    }

    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");

    private static string SourceGoldenPath(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Golden", name + ".json");
}
