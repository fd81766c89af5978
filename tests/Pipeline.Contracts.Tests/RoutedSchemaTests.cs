using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Messaging.Routing;
using Pipeline.Testing;

namespace Pipeline.Contracts.Tests;

/// <summary>
/// The JSON Schemas of the routed bodies under <c>contracts/schemas/</c> are what the contract types generate, and the
/// bodies the router writes validate against them. Regenerate with PIPELINE_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class RoutedSchemaTests
{
    public static TheoryData<string> Names => [.. RoutedSchemas.Types.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void CommittedSchema_EqualsTheGeneratedOne(string name)
    {
        var generated = RoutedSchemas.Generate(name);
        var path = RoutedSchemas.CommittedPath(name);
        if (Environment.GetEnvironmentVariable("PIPELINE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(File.Exists(path), $"No schema for {name}: run with PIPELINE_UPDATE_GOLDEN=1 and review it.");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), generated), $"{path} is not what {name} generates:\n{generated.ToJsonString()}");
    }

    [Fact]
    public void RoutedArticleBody_ValidatesAgainstTheSchema_AndEqualsTheEnvelopesMessage()
    {
        var (key, properties, body) = RoutedMessages.Article(ContractSamples.ArticleEnriched, "47070000-0000-0000-0000-000000000001", new TraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null));
        var json = System.Text.Encoding.UTF8.GetString(body);

        Assert.Empty(RoutedSchemas.Validate("ArticleEnriched", json));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "ArticleEnriched.json"))), JsonNode.Parse(json)));
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal("47070000-0000-0000-0000-000000000001", properties.MessageId);
        Assert.Equal(ContractSamples.ArticleEnriched.DispatchId, properties.CorrelationId);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", properties.Headers!["traceparent"]);
        Assert.Equal(EventRoutes.RouteOf(ContractSamples.ArticleEnriched).RoutingKey, key);
        Assert.Equal(5, key.Split('.').Length);
    }

    [Fact]
    public void RoutedRejectionBody_ValidatesAgainstTheSchema()
    {
        var (key, _, body) = RoutedMessages.Rejection(ContractSamples.DispatchRejected, null, default);

        Assert.Empty(RoutedSchemas.Validate("DispatchRejected", System.Text.Encoding.UTF8.GetString(body)));
        Assert.Equal($"{ContractSamples.DispatchRejected.Stage}.{ContractSamples.DispatchRejected.ReasonCode}", key);
    }

    [Fact]
    public void Body_MissingARequiredMember_FailsTheSchema()
    {
        var node = JsonSerializer.SerializeToNode(ContractSamples.ArticleEnriched, RoutedMessages.JsonOptions)!.AsObject();
        node.Remove("articleId");
        node["enrichment"]!["language"]!["code"] = 42;

        var errors = RoutedSchemas.Validate("ArticleEnriched", node.ToJsonString());

        Assert.NotEmpty(errors);
    }
}
