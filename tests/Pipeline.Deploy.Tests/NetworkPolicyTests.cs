using System.Globalization;
using k8s;
using k8s.Models;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// The prod NetworkPolicies, evaluated as Kubernetes does (a connection is allowed when some policy selecting the pod
/// allows it, and a pod selected by no policy of a direction is open in that direction) on the rendered pods.
/// </summary>
public sealed class NetworkPolicyTests
{
    private static readonly string[] Stages = ["pipeline-fetcher", "pipeline-normalizer", "pipeline-enricher", "pipeline-indexer"];

    private static readonly Dictionary<string, string> IngressController = new(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "ingress-nginx" };
    private static readonly Dictionary<string, string> Monitoring = new(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "monitoring" };
    private static readonly Dictionary<string, string> Elsewhere = new(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "default" };

    [Fact]
    public async Task Prod_DeniesEverythingByDefault()
    {
        var (policies, _) = await RenderAsync();

        Assert.Contains(policies, p => p.Spec.PodSelector.MatchLabels is not { Count: > 0 } && p.Spec.PodSelector.MatchExpressions is not { Count: > 0 }
            && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.PolicyTypes.Contains("Egress")
            && p.Spec.Ingress is not { Count: > 0 } && p.Spec.Egress is not { Count: > 0 });
        // A pod nobody planned for (e.g. a debug pod) gets nothing.
        var stranger = new Pod(new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "debug" }, new Dictionary<string, int>(StringComparer.Ordinal));
        Assert.False(Egress(policies, stranger, "UDP", 53));
        Assert.False(Ingress(policies, stranger, Monitoring, 8080));
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Prod_Stage_ReachesOnlyDnsTheBrokerAndWhatItUses(string stage)
    {
        var (policies, pods) = await RenderAsync();
        var pod = pods[stage];

        Assert.True(Egress(policies, pod, "UDP", 53), $"{stage}: DNS over UDP");
        Assert.True(Egress(policies, pod, "TCP", 53), $"{stage}: DNS over TCP");
        Assert.True(Egress(policies, pod, "TCP", 5672), $"{stage}: the broker");
        Assert.Equal(stage == "pipeline-enricher", Egress(policies, pod, "TCP", 5432));
        Assert.Equal(stage == "pipeline-fetcher", Egress(policies, pod, "TCP", 443));
        Assert.Equal(stage == "pipeline-fetcher", Egress(policies, pod, "TCP", 80));
        Assert.False(Egress(policies, pod, "TCP", 6379), $"{stage}: an arbitrary port");
        Assert.False(Egress(policies, pod, "UDP", 5672), $"{stage}: the broker's port over UDP");
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Prod_Stage_IsReachedOnlyByTheIngressControllerForAnApi_AndByPrometheus(string stage)
    {
        var (policies, pods) = await RenderAsync();
        var pod = pods[stage];
        var http = pod.Ports["http"];

        Assert.Equal(stage is "pipeline-fetcher" or "pipeline-indexer", Ingress(policies, pod, IngressController, http));
        Assert.True(Ingress(policies, pod, Monitoring, http), $"{stage}: /metrics from the monitoring namespace");
        Assert.False(Ingress(policies, pod, Elsewhere, http), $"{stage}: from another namespace");
        Assert.False(Ingress(policies, pod, Monitoring, http + 1), $"{stage}: another port");
        Assert.False(Ingress(policies, pod, null, http), $"{stage}: from a pod of its own namespace");
    }

    public static TheoryData<string> StageNames => new(Stages);

    private sealed record Pod(IDictionary<string, string> Labels, IReadOnlyDictionary<string, int> Ports);

    private static bool Egress(List<V1NetworkPolicy> policies, Pod pod, string protocol, int port)
    {
        var applying = policies.Where(p => p.Spec.PolicyTypes.Contains("Egress") && Selects(p.Spec.PodSelector, pod.Labels)).ToList();
        return applying.Count == 0 || applying.Any(p => (p.Spec.Egress ?? []).Any(rule => AllowsPort(rule.Ports, pod, protocol, port)));
    }

    /// <summary>From a pod of the namespace labelled <paramref name="namespaceLabels"/> (null: the policies' own namespace).</summary>
    private static bool Ingress(List<V1NetworkPolicy> policies, Pod pod, IDictionary<string, string>? namespaceLabels, int port)
    {
        var applying = policies.Where(p => p.Spec.PolicyTypes.Contains("Ingress") && Selects(p.Spec.PodSelector, pod.Labels)).ToList();
        return applying.Count == 0 || applying.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            AllowsPort(rule.Ports, pod, "TCP", port) && (rule.FromProperty is not { Count: > 0 } || rule.FromProperty.Any(peer => peer.IpBlock is null
                && (peer.NamespaceSelector is null ? namespaceLabels is null : namespaceLabels is not null && Selects(peer.NamespaceSelector, namespaceLabels))
                && (peer.PodSelector is null || Selects(peer.PodSelector, new Dictionary<string, string>(StringComparer.Ordinal)))))));
    }

    private static bool AllowsPort(IList<V1NetworkPolicyPort>? ports, Pod pod, string protocol, int port) =>
        ports is not { Count: > 0 } || ports.Any(p => (p.Protocol ?? "TCP") == protocol && (p.Port is null
            || (int.TryParse(p.Port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? port >= number && port <= (p.EndPort ?? number)
                : pod.Ports.TryGetValue(p.Port.Value, out var named) && named == port)));

    private static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => throw new InvalidOperationException($"unknown operator {e.OperatorProperty}"),
        });

    private static async Task<(List<V1NetworkPolicy> Policies, Dictionary<string, Pod> Pods)> RenderAsync()
    {
        var objects = KubernetesYaml.LoadAllFromString(await Kustomize.RenderAsync(Path.Combine("deploy", "k8s", "overlays", "prod")), strict: true);
        var pods = objects.OfType<V1Deployment>().ToDictionary(
            d => d.Metadata.Name,
            d => new Pod(d.Spec.Template.Metadata.Labels, d.Spec.Template.Spec.Containers.SelectMany(c => c.Ports).ToDictionary(p => p.Name, p => p.ContainerPort, StringComparer.Ordinal)),
            StringComparer.Ordinal);
        Assert.Equal(Stages.Order(StringComparer.Ordinal), pods.Keys.Order(StringComparer.Ordinal));
        return (objects.OfType<V1NetworkPolicy>().ToList(), pods);
    }
}
