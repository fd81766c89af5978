using System.Text.Json.Nodes;
using k8s;

namespace Pipeline.Deploy.Tests;

/// <summary>One object of a rendered kustomization: its YAML as kustomize wrote it, and the same as JSON.</summary>
internal sealed record ManifestDocument(string ApiVersion, string Kind, string Name, string Yaml, JsonObject Json)
{
    public override string ToString() => $"{Kind}/{Name} ({ApiVersion})";
}

/// <summary>
/// The rendered manifests, split into objects: built-in kinds parsed strictly by the Kubernetes client, custom resources
/// (the kinds of the CRDs vendored under <c>crds/</c>) kept as JSON for their schemas.
/// </summary>
internal static class Manifests
{
    /// <summary>Every rendering a platform team may apply: the two overlays, prod with the CPU fallback, the monitoring.</summary>
    public static readonly string[] Variants = ["dev", "prod", "prod+cpu-autoscaling", "observability"];

    /// <summary>The objects of a variant of <see cref="Variants"/>.</summary>
    public static async Task<IReadOnlyList<ManifestDocument>> RenderAsync(string variant) => Split(variant switch
    {
        "prod+cpu-autoscaling" => await Kustomize.RenderWithComponentAsync("prod", "queue-autoscaling", "cpu-autoscaling"),
        "observability" => await Kustomize.RenderAsync(Path.Combine("deploy", "observability")),
        _ => await Kustomize.RenderAsync(Path.Combine("deploy", "k8s", "overlays", variant)),
    });

    /// <summary>The built-in objects of a variant, parsed strictly (an unknown field or kind throws).</summary>
    public static async Task<List<object>> BuiltInAsync(string variant) => BuiltIn(await RenderAsync(variant));

    public static List<object> BuiltIn(IEnumerable<ManifestDocument> documents) =>
        documents.Where(d => !CrdSchemas.Vendored.Covers(d.ApiVersion, d.Kind))
            .SelectMany(d => KubernetesYaml.LoadAllFromString(d.Yaml, strict: true))
            .ToList();

    public static IEnumerable<ManifestDocument> OfKind(this IEnumerable<ManifestDocument> documents, string kind) =>
        documents.Where(d => d.Kind == kind);

    /// <summary>Splits kustomize's output (objects separated by a line <c>---</c>) into documents.</summary>
    public static IReadOnlyList<ManifestDocument> Split(string rendered) =>
        rendered.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n---\n")
            .Where(chunk => !string.IsNullOrWhiteSpace(chunk))
            .Select(chunk =>
            {
                var json = YamlJson.Parse(chunk) as JsonObject ?? throw new InvalidOperationException($"not an object:\n{chunk}");
                return new ManifestDocument(
                    (string?)json["apiVersion"] ?? throw new InvalidOperationException($"no apiVersion:\n{chunk}"),
                    (string?)json["kind"] ?? throw new InvalidOperationException($"no kind:\n{chunk}"),
                    (string?)json["metadata"]?["name"] ?? "",
                    chunk,
                    json);
            })
            .ToList();
}
