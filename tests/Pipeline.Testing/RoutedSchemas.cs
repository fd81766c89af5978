using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Json.Schema;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging.Routing;

namespace Pipeline.Testing;

/// <summary>
/// The JSON Schemas of the routed events' bodies, committed under <c>contracts/schemas/</c>: generated from the contract
/// types with <see cref="JsonSchemaExporter"/> and the very serializer settings the bodies are written with
/// (<see cref="RoutedMessages.JsonOptions"/>), nullable annotations respected, C# <c>required</c> members required.
/// Regenerate with <c>PIPELINE_UPDATE_GOLDEN=1</c> (as the golden files) and review the diff.
/// </summary>
public static class RoutedSchemas
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>The routed message types, by schema file name.</summary>
    public static IReadOnlyDictionary<string, Type> Types { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [nameof(ArticleEnriched)] = typeof(ArticleEnriched),
        [nameof(DispatchRejected)] = typeof(DispatchRejected),
    };

    /// <summary>The committed schema file of a type.</summary>
    public static string CommittedPath(string name) => Path.Combine(RepositoryLayout.Root, "contracts", "schemas", $"{name}.schema.json");

    /// <summary>The schema generated from the contract type, as committed (with <c>$schema</c>, <c>$id</c>, title and description).</summary>
    public static JsonObject Generate(string name)
    {
        var type = Types[name];
        var options = new JsonSerializerOptions(RoutedMessages.JsonOptions)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            RespectNullableAnnotations = true,
        };
        var generated = options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true }).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:pipeline:schema:{type.FullName}",
            ["title"] = type.FullName,
            ["description"] = $"The body of a routed {type.Name} (plain JSON, camelCase). Generated from the contract type; additive changes only.",
        };
        foreach (var (key, value) in generated.ToList())
        {
            generated.Remove(key);
            schema[key] = value;
        }

        return schema;
    }

    /// <summary>The violations of <paramref name="json"/> against the committed schema of <paramref name="name"/>, one line each (empty: valid).</summary>
    public static IReadOnlyList<string> Validate(string name, string json)
    {
        var schema = JsonSchema.Build(JsonDocument.Parse(File.ReadAllText(CommittedPath(name))).RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, Evaluation);
        return results.IsValid
            ? []
            : [.. (results.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
                .DefaultIfEmpty("invalid (no detail)")];
    }
}
