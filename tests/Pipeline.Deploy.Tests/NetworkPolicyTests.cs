using System.Globalization;
using k8s.Models;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// The prod NetworkPolicies, evaluated as Kubernetes does (a connection is allowed when some policy selecting the pod
/// allows it, and a pod selected by no policy of a direction is open in that direction) on the rendered pods: the four
/// workers, the collector, and the broker's pods as the RabbitMQ Cluster Operator labels them.
/// </summary>
public sealed class NetworkPolicyTests
{
    private static readonly string[] Stages = ["pipeline-fetcher", "pipeline-normalizer", "pipeline-enricher", "pipeline-indexer", "pipeline-notifier"];

    private static readonly Peer IngressController = Peer.In("ingress-nginx", ("app.kubernetes.io/name", "ingress-nginx"), ("app.kubernetes.io/component", "controller"));
    private static readonly Peer OtherPodOfTheIngressNamespace = Peer.In("ingress-nginx", ("app", "default-backend"));
    private static readonly Peer Prometheus = Peer.In("monitoring", ("app.kubernetes.io/name", "prometheus"));
    private static readonly Peer Keda = Peer.In("keda", ("app", "keda-operator"));
    private static readonly Peer TopologyOperator = Peer.In("rabbitmq-system", ("app.kubernetes.io/name", "messaging-topology-operator"));
    private static readonly Peer Elsewhere = Peer.In("default", ("app", "web"));
    private static readonly Peer Dns = Peer.In("kube-system", ("k8s-app", "kube-dns"));
    private static readonly Peer Debug = Peer.Local(("app", "debug"));
    private static readonly Peer Internet = new(null, null, External: true);

    [Fact]
    public async Task Prod_DeniesEverythingByDefault()
    {
        var (policies, _) = await RenderAsync();

        Assert.Contains(policies, p => p.Spec.PodSelector.MatchLabels is not { Count: > 0 } && p.Spec.PodSelector.MatchExpressions is not { Count: > 0 }
            && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.PolicyTypes.Contains("Egress")
            && p.Spec.Ingress is not { Count: > 0 } && p.Spec.Egress is not { Count: > 0 });
        // A pod nobody planned for (e.g. a debug pod) gets nothing.
        var stranger = new Pod(Debug, new Dictionary<string, int>(StringComparer.Ordinal));
        Assert.False(Egress(policies, stranger, Dns, "UDP", 53));
        Assert.False(Ingress(policies, stranger, Prometheus, 8080));
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Prod_Stage_ReachesOnlyDnsTheBrokerTheCollectorAndWhatItUses(string stage)
    {
        var (policies, pods) = await RenderAsync();
        var pod = pods[stage];

        Assert.True(Egress(policies, pod, Dns, "UDP", 53), $"{stage}: DNS over UDP");
        Assert.True(Egress(policies, pod, Dns, "TCP", 53), $"{stage}: DNS over TCP");
        Assert.True(Egress(policies, pod, pods["rabbitmq"].Self, "TCP", 5672), $"{stage}: the broker");
        Assert.False(Egress(policies, pod, Internet, "TCP", 5672), $"{stage}: a broker other than ours");
        Assert.True(Egress(policies, pod, pods["otel-collector"].Self, "TCP", 4317), $"{stage}: the collector");
        Assert.False(Egress(policies, pod, Internet, "TCP", 4317), $"{stage}: OTLP elsewhere");
        Assert.Equal(stage == "pipeline-enricher", Egress(policies, pod, Internet, "TCP", 5432));
        Assert.Equal(stage is "pipeline-fetcher" or "pipeline-notifier", Egress(policies, pod, Internet, "TCP", 443));   // feeds, webhooks
        Assert.Equal(stage is "pipeline-fetcher" or "pipeline-notifier", Egress(policies, pod, Internet, "TCP", 80));
        Assert.False(Egress(policies, pod, Internet, "TCP", 6379), $"{stage}: an arbitrary port");
        Assert.False(Egress(policies, pod, pods["rabbitmq"].Self, "UDP", 5672), $"{stage}: the broker's port over UDP");
        Assert.False(Egress(policies, pod, pods["rabbitmq"].Self, "TCP", 15672), $"{stage}: the broker's management API");
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Prod_Stage_IsReachedOnlyByTheIngressControllerForAnApi_AndByPrometheus(string stage)
    {
        var (policies, pods) = await RenderAsync();
        var pod = pods[stage];
        var http = pod.Ports["http"];

        Assert.Equal(stage is "pipeline-fetcher" or "pipeline-indexer", Ingress(policies, pod, IngressController, http));
        Assert.False(Ingress(policies, pod, OtherPodOfTheIngressNamespace, http), $"{stage}: another pod of the ingress controller's namespace");
        Assert.True(Ingress(policies, pod, Prometheus, http), $"{stage}: /metrics from the monitoring namespace");
        Assert.False(Ingress(policies, pod, Elsewhere, http), $"{stage}: from another namespace");
        Assert.False(Ingress(policies, pod, Prometheus, http + 1), $"{stage}: another port");
        Assert.False(Ingress(policies, pod, Debug, http), $"{stage}: from a pod of its own namespace");
        Assert.False(Ingress(policies, pod, Internet, http), $"{stage}: from outside the cluster");
    }

    [Fact]
    public async Task Prod_Broker_TakesAmqpFromTheWorkersAndKeda_ManagementFromTheTopologyOperator_ClusteringFromItsPeers()
    {
        var (policies, pods) = await RenderAsync();
        var broker = pods["rabbitmq"];

        AssertIngress(policies, broker, [.. Stages.Select(stage => (pods[stage].Self, 5672, true, $"AMQP from {stage}")),
            (Keda, 5672, true, "AMQP from KEDA (queue length)"),
            (Debug, 5672, false, "AMQP from another pod of the namespace"),
            (IngressController, 5672, false, "AMQP from the ingress controller"),
            (TopologyOperator, 15672, true, "management API from the Messaging Topology Operator"),
            (pods["pipeline-fetcher"].Self, 15672, false, "management API from a worker"),
            (Prometheus, 15692, true, "Prometheus metrics"),
            .. new[] { 4369, 25672, 35672, 35682 }.SelectMany(port => new[]
            {
                (broker.Self, port, true, $"clustering {port} from a peer"),
                (pods["pipeline-enricher"].Self, port, false, $"clustering {port} from a worker"),
            })]);
        Assert.All(new[] { 4369, 25672, 35672, 35682 }, port => Assert.True(Egress(policies, broker, broker.Self, "TCP", port), $"clustering {port} to a peer"));
        Assert.True(Egress(policies, broker, Dns, "UDP", 53), "DNS (peer discovery)");
        Assert.False(Egress(policies, broker, Internet, "TCP", 443), "the broker calls nothing outside");
    }

    [Fact]
    public async Task Prod_Collector_TakesOtlpFromTheWorkersOnly_AndForwardsToTheBackend()
    {
        var (policies, pods) = await RenderAsync();
        var collector = pods["otel-collector"];

        AssertIngress(policies, collector, [.. Stages.Select(stage => (pods[stage].Self, 4317, true, $"OTLP from {stage}")),
            (Debug, 4317, false, "OTLP from another pod of the namespace"),
            (Elsewhere, 4317, false, "OTLP from another namespace"),
            (Prometheus, 8888, true, "the collector's own metrics")]);
        Assert.True(Egress(policies, collector, Internet, "TCP", 4317), "to the OTLP backend");
        Assert.False(Egress(policies, collector, Internet, "TCP", 443), "anything else");
    }

    private static void AssertIngress(List<V1NetworkPolicy> policies, Pod pod, IEnumerable<(Peer From, int Port, bool Allowed, string What)> cases) =>
        Assert.All(cases, c => Assert.True(Ingress(policies, pod, c.From, c.Port) == c.Allowed, $"{c.What}: should be {(c.Allowed ? "allowed" : "denied")}"));

    public static TheoryData<string> StageNames => new(Stages);

    /// <summary>
    /// A party to a connection: a pod with its labels in a namespace with its labels (null: the policies' own
    /// namespace), or an address outside the cluster.
    /// </summary>
    private sealed record Peer(IDictionary<string, string>? Namespace, IDictionary<string, string>? Labels, bool External = false)
    {
        public static Peer In(string @namespace, params (string Key, string Value)[] labels) =>
            new(new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = @namespace }, labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));

        public static Peer Local(params (string Key, string Value)[] labels) => new(null, labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));
    }

    private sealed record Pod(Peer Self, IReadOnlyDictionary<string, int> Ports);

    private static bool Egress(List<V1NetworkPolicy> policies, Pod pod, Peer to, string protocol, int port)
    {
        var applying = policies.Where(p => p.Spec.PolicyTypes.Contains("Egress") && Selects(p.Spec.PodSelector, pod.Self.Labels!)).ToList();
        return applying.Count == 0 || applying.Any(p => (p.Spec.Egress ?? []).Any(rule =>
            AllowsPort(rule.Ports, pod, protocol, port) && Admits(rule.To, to)));
    }

    private static bool Ingress(List<V1NetworkPolicy> policies, Pod pod, Peer from, int port)
    {
        var applying = policies.Where(p => p.Spec.PolicyTypes.Contains("Ingress") && Selects(p.Spec.PodSelector, pod.Self.Labels!)).ToList();
        return applying.Count == 0 || applying.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            AllowsPort(rule.Ports, pod, "TCP", port) && Admits(rule.FromProperty, from)));
    }

    /// <summary>A rule's peers (none: everyone) admit <paramref name="peer"/>; an ipBlock stands for addresses outside the cluster.</summary>
    private static bool Admits(IList<V1NetworkPolicyPeer>? peers, Peer peer) =>
        peers is not { Count: > 0 } || peers.Any(p => p.IpBlock is not null
            ? peer.External
            : !peer.External
              && (p.NamespaceSelector is null ? peer.Namespace is null : peer.Namespace is not null && Selects(p.NamespaceSelector, peer.Namespace))
              && (p.PodSelector is null || Selects(p.PodSelector, peer.Labels!)));

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

    /// <summary>The policies and the pods they govern: every Deployment's, and the broker's as the Cluster Operator labels them.</summary>
    private static async Task<(List<V1NetworkPolicy> Policies, Dictionary<string, Pod> Pods)> RenderAsync()
    {
        var documents = await Manifests.RenderAsync("prod");
        var objects = Manifests.BuiltIn(documents);
        var pods = objects.OfType<V1Deployment>().ToDictionary(
            d => d.Metadata.Name,
            d => new Pod(new Peer(null, d.Spec.Template.Metadata.Labels), d.Spec.Template.Spec.Containers.SelectMany(c => c.Ports).ToDictionary(p => p.Name, p => p.ContainerPort, StringComparer.Ordinal)),
            StringComparer.Ordinal);
        Assert.Superset(Stages.Append("otel-collector").ToHashSet(StringComparer.Ordinal), pods.Keys.ToHashSet(StringComparer.Ordinal));

        // The RabbitMQ Cluster Operator labels a cluster's pods app.kubernetes.io/name=<cluster>, component=rabbitmq, part-of=rabbitmq.
        var cluster = (string)Assert.Single(documents.OfKind("RabbitmqCluster")).Json["metadata"]!["name"]!;
        pods["rabbitmq"] = new Pod(Peer.Local(("app.kubernetes.io/name", cluster), ("app.kubernetes.io/component", "rabbitmq"), ("app.kubernetes.io/part-of", "rabbitmq")), new Dictionary<string, int>(StringComparer.Ordinal));
        return (objects.OfType<V1NetworkPolicy>().ToList(), pods);
    }
}
