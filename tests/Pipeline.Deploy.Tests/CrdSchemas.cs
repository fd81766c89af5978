using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using k8s;
using k8s.Models;
using Pipeline.Testing;
using YamlDotNet.Core;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// The OpenAPI v3 schemas of the CustomResourceDefinitions vendored under <c>crds/</c> (see its README), turned into
/// JSON Schemas that reject what the API server would prune: wherever a schema declares <c>properties</c> and does
/// not set <c>x-kubernetes-preserve-unknown-fields</c>, any other field is an error.
/// </summary>
internal sealed class CrdSchemas
{
    public static CrdSchemas Vendored { get; } = Load(Path.Combine(RepositoryLayout.Root, "tests", "Pipeline.Deploy.Tests", "crds"));

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>"apiVersion/kind" (e.g. <c>keda.sh/v1alpha1/ScaledObject</c>) to its schema.</summary>
    private readonly Dictionary<string, JsonSchema> schemas;

    private CrdSchemas(Dictionary<string, JsonSchema> schemas) => this.schemas = schemas;

    /// <summary>The "apiVersion/kind" keys of every served version of every vendored CRD.</summary>
    public IReadOnlyCollection<string> Kinds => schemas.Keys;

    public bool Covers(string apiVersion, string kind) => schemas.ContainsKey($"{apiVersion}/{kind}");

    /// <summary>The schema violations of <paramref name="resource"/>, one line each (empty: valid).</summary>
    public IReadOnlyList<string> Validate(JsonObject resource)
    {
        var key = $"{(string?)resource["apiVersion"]}/{(string?)resource["kind"]}";
        if (!schemas.TryGetValue(key, out var schema))
        {
            return [$"no vendored CRD serves {key}"];
        }

        using var document = JsonDocument.Parse(resource.ToJsonString());
        var results = schema.Evaluate(document.RootElement, Evaluation);
        var errors = results.IsValid
            ? []
            : (results.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
                .DefaultIfEmpty("invalid (no detail)")
                .ToList();

        // The CRD schemas leave metadata open (the API server checks it as ObjectMeta): check it as the client does.
        try
        {
            KubernetesYaml.Deserialize<V1ObjectMeta>(resource["metadata"]?.ToJsonString() ?? "{}", strict: true);
        }
        catch (YamlException invalid)
        {
            errors.Add($"/metadata: {invalid.InnerException?.Message ?? invalid.Message}");
        }

        return errors;
    }

    private static CrdSchemas Load(string folder)
    {
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var crd = YamlJson.Parse(File.ReadAllText(file)) as JsonObject
                ?? throw new InvalidOperationException($"{file} is not a YAML object");
            if ((string?)crd["kind"] != "CustomResourceDefinition")
            {
                throw new InvalidOperationException($"{file} is not a CustomResourceDefinition");
            }

            var group = (string)crd["spec"]!["group"]!;
            var kind = (string)crd["spec"]!["names"]!["kind"]!;
            foreach (var version in crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().Where(v => (bool?)v["served"] != false))
            {
                var openApi = version["schema"]?["openAPIV3Schema"] as JsonObject
                    ?? throw new InvalidOperationException($"{file}: version {version["name"]} has no openAPIV3Schema");
                var structural = Structural(openApi.DeepClone().AsObject());
                var schema = JsonSchema.Build(JsonDocument.Parse(structural.ToJsonString()).RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                schemas.Add($"{group}/{(string)version["name"]!}/{kind}", schema);
            }
        }

        return new CrdSchemas(schemas);
    }

    /// <summary>
    /// An OpenAPI v3 (Kubernetes structural) schema as a JSON Schema: <c>additionalProperties: false</c> where the node
    /// lists its properties and does not preserve unknown fields, <c>nullable</c> as a null type, int-or-string as
    /// either, and the keywords JSON Schema does not have (the x-kubernetes-* extensions, CEL rules, formats that are
    /// only annotations) removed.
    /// </summary>
    public static JsonObject Structural(JsonObject node)
    {
        var preserve = (bool?)node["x-kubernetes-preserve-unknown-fields"] == true;
        if ((bool?)node["x-kubernetes-int-or-string"] == true && node["type"] is null && node["anyOf"] is null)
        {
            node["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
        }

        if ((bool?)node["nullable"] == true && node["type"] is JsonValue type)
        {
            node["type"] = new JsonArray((string?)type, "null");
        }

        foreach (var keyword in node.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal) || k is "nullable" or "format" or "description").ToList())
        {
            node.Remove(keyword);
        }

        if (node["properties"] is JsonObject properties)
        {
            foreach (var property in properties.Select(p => p.Value).OfType<JsonObject>())
            {
                Structural(property);
            }

            if (!preserve && node["additionalProperties"] is null)
            {
                node["additionalProperties"] = false;
            }
        }

        if (node["items"] is JsonObject items)
        {
            Structural(items);
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            Structural(additional);
        }

        foreach (var combinator in new[] { "allOf", "anyOf", "oneOf" })
        {
            foreach (var branch in (node[combinator] as JsonArray ?? []).OfType<JsonObject>())
            {
                Structural(branch);
            }
        }

        if (node["not"] is JsonObject not)
        {
            Structural(not);
        }

        return node;
    }
}
