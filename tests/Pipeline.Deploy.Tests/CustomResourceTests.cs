using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// Every object of every rendering is valid: built-in kinds parsed strictly by the Kubernetes client, custom resources
/// (KEDA, the RabbitMQ operators, the Prometheus Operator) against the OpenAPI schemas of their vendored CRDs, unknown
/// fields rejected. And the custom resources agree with the code: KEDA and the broker policies name the queues the
/// workers declare.
/// </summary>
public sealed class CustomResourceTests
{
    public static TheoryData<string> Variants => new(Manifests.Variants);

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryRenderedObject_IsABuiltInKindParsedStrictly_OrACustomResourceValidAgainstItsVendoredCrd(string variant)
    {
        var documents = await Manifests.RenderAsync(variant);
        Assert.NotEmpty(documents);

        var builtIn = Manifests.BuiltIn(documents);   // throws on an unknown field or an unknown kind
        var custom = documents.Where(d => CrdSchemas.Vendored.Covers(d.ApiVersion, d.Kind)).ToList();
        Assert.Equal(documents.Count, builtIn.Count + custom.Count);
        Assert.All(custom, d => Assert.True(CrdSchemas.Vendored.Validate(d.Json) is [], $"{d}: {string.Join("\n", CrdSchemas.Vendored.Validate(d.Json))}"));

        var expected = variant switch
        {
            "prod" => new[] { "RabbitmqCluster", "Policy", "Queue", "User", "Permission", "ScaledObject", "TriggerAuthentication" },
            "prod+cpu-autoscaling" => ["RabbitmqCluster", "Policy", "Queue", "User", "Permission"],
            "observability" => ["ServiceMonitor", "PrometheusRule"],
            _ => [],
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), custom.Select(d => d.Kind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void VendoredCrds_ServeEveryKindTheManifestsUse()
    {
        Assert.Superset(
            new HashSet<string>(["keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication", "rabbitmq.com/v1beta1/RabbitmqCluster",
                "rabbitmq.com/v1beta1/Policy", "rabbitmq.com/v1beta1/Queue", "rabbitmq.com/v1beta1/User", "rabbitmq.com/v1beta1/Permission",
                "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule"], StringComparer.Ordinal),
            CrdSchemas.Vendored.Kinds.ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ScaledObject", "/spec", "minReplicas", "3")]                              // the field is minReplicaCount
    [InlineData("ScaledObject", "/spec/triggers/0", "authRef", "{\"name\":\"x\"}")]       // authenticationRef
    [InlineData("ScaledObject", "/spec/triggers/0/metadata", "value", "200")]             // metadata values are strings
    [InlineData("RabbitmqCluster", "/spec", "replica", "3")]                               // replicas
    [InlineData("RabbitmqCluster", "/spec/affinity/podAntiAffinity", "required", "[]")]   // deep in a built-in type the CRD embeds
    [InlineData("Policy", "/spec", "definitions", "{}")]                                   // definition
    [InlineData("Policy", "/spec/rabbitmqClusterReference", "cluster", "\"rabbitmq\"")]
    [InlineData("TriggerAuthentication", "/spec/secretTargetRef/0", "secret", "\"x\"")]
    [InlineData("Queue", "/spec", "type", "7")]                                            // a string
    [InlineData("User", "/metadata", "lables", "{}")]                                      // metadata is ObjectMeta
    public async Task CrdValidation_RejectsAWrongField(string kind, string path, string field, string json)
    {
        var original = (await Manifests.RenderAsync("prod")).OfKind(kind).OrderBy(d => d.Name, StringComparer.Ordinal).First().Json;
        Assert.Empty(CrdSchemas.Vendored.Validate(original));

        var wrong = original.DeepClone().AsObject();
        var target = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate<string, JsonNode>(wrong, (node, step) => int.TryParse(step, out var i) ? node[i]! : node[step]!);
        target.AsObject()[field] = JsonNode.Parse(json);

        var errors = CrdValidation(wrong);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observability_ServiceMonitorAndRules_RejectAWrongFieldToo()
    {
        var documents = await Manifests.RenderAsync("observability");
        var monitor = Assert.Single(documents.OfKind("ServiceMonitor")).Json.DeepClone().AsObject();
        monitor["spec"]!["endpoints"]![0]!["scrapeInterval"] = "30s";   // the field is interval
        Assert.NotEmpty(CrdValidation(monitor));
        var rules = Assert.Single(documents.OfKind("PrometheusRule")).Json.DeepClone().AsObject();
        rules["spec"]!["groups"]![0]!["rules"]![0]!["expression"] = "up";   // expr
        Assert.NotEmpty(CrdValidation(rules));
    }

    [Fact]
    public async Task Keda_TriggersNameQueuesTheWorkersConsume_AndScaleTheWorkerThatConsumesThem()
    {
        var documents = await Manifests.RenderAsync("prod");
        var prefix = EndpointPrefix(Manifests.BuiltIn(documents));
        var scaled = documents.OfKind("ScaledObject").ToList();
        Assert.Equal(["pipeline-enricher", "pipeline-normalizer"], scaled.Select(s => (string)s.Json["spec"]!["scaleTargetRef"]!["name"]!).Order(StringComparer.Ordinal));

        var authentication = Assert.Single(documents.OfKind("TriggerAuthentication"));
        var host = Assert.Single(authentication.Json["spec"]!["secretTargetRef"]!.AsArray(), r => (string?)r!["parameter"] == "host")!;
        Assert.Equal(("pipeline-rabbitmq", "uri"), ((string)host["name"]!, (string)host["key"]!));   // the Secret the workers read

        foreach (var scaledObject in scaled)
        {
            var target = (string)scaledObject.Json["spec"]!["scaleTargetRef"]!["name"]!;
            var consumed = Workers.ConsumedQueues(Workers.Projects[target], prefix);
            Assert.NotEmpty(consumed);
            var queueTriggers = scaledObject.Json["spec"]!["triggers"]!.AsArray().Where(t => (string?)t!["type"] == "rabbitmq").ToList();
            Assert.NotEmpty(queueTriggers);
            foreach (var trigger in queueTriggers)
            {
                var queue = (string)trigger!["metadata"]!["queueName"]!;
                Assert.True(consumed.Contains(queue), $"{scaledObject}: queue '{queue}' is not one {target} consumes ({string.Join(", ", consumed)})");
                Assert.Equal("QueueLength", (string?)trigger["metadata"]!["mode"]);
                Assert.Equal((string)authentication.Json["metadata"]!["name"]!, (string?)trigger["authenticationRef"]?["name"]);
            }
        }

        // The single writers are never scaled.
        Assert.Empty(Workers.Projects.Keys.Where(d => d is "pipeline-fetcher" or "pipeline-indexer")
            .Intersect(scaled.Select(s => (string)s.Json["spec"]!["scaleTargetRef"]!["name"]!)));
    }

    [Fact]
    public async Task BrokerPolicies_CoverEveryQueueTheWorkersConsume_WithADeliveryLimitAndDeadLetteringIntoItsErrorQueue()
    {
        var documents = await Manifests.RenderAsync("prod");
        var settings = Manifests.BuiltIn(documents);
        var prefix = EndpointPrefix(settings);
        var consumed = Workers.Projects.Values.SelectMany(project => Workers.ConsumedQueues(project, prefix)).ToList();
        Assert.Equal(4, consumed.Count);   // normalizer, enricher, indexer and the raw AMQP intake
        var cluster = (string)Assert.Single(documents.OfKind("RabbitmqCluster")).Json["metadata"]!["name"]!;
        var policies = documents.OfKind("Policy").Select(p => p.Json["spec"]!).ToList();
        var preDeclared = documents.OfKind("Queue").Select(q => q.Json["spec"]!).ToList();

        foreach (var queue in consumed)
        {
            // RabbitMQ applies the one matching policy of highest priority.
            var policy = policies.Where(p => Regex.IsMatch(queue, (string)p["pattern"]!)).MaxBy(p => (long?)p["priority"] ?? 0);
            Assert.True(policy is not null, $"no policy matches the queue '{queue}'");
            Assert.Equal("quorum_queues", (string?)policy["applyTo"]);
            Assert.InRange((long)policy["definition"]!["delivery-limit"]!, 2, 100);
            Assert.Equal("", (string?)policy["definition"]!["dead-letter-exchange"]);   // the default exchange: routing key = queue name
            Assert.Equal(Workers.ErrorQueue(queue), (string?)policy["definition"]!["dead-letter-routing-key"]);
            Assert.Equal("at-least-once", (string?)policy["definition"]!["dead-letter-strategy"]);
            Assert.Equal("reject-publish", (string?)policy["definition"]!["overflow"]);   // at-least-once needs it
            Assert.Equal(cluster, (string?)policy["rabbitmqClusterReference"]!["name"]);
        }

        // A policy pattern that matches no real queue is a typo.
        Assert.All(policies, p => Assert.Contains(consumed, q => Regex.IsMatch(q, (string)p["pattern"]!)));
        Assert.DoesNotContain(policies, p => consumed.Any(q => Regex.IsMatch(Workers.ErrorQueue(q), (string)p["pattern"]!)));

        // The error queues declared ahead are error queues of consumed queues, declared as the services declare them.
        Assert.NotEmpty(preDeclared);
        Assert.All(preDeclared, q =>
        {
            Assert.Contains((string)q["name"]!, consumed.Select(Workers.ErrorQueue));
            Assert.Equal(("quorum", true, false, "retain"), ((string?)q["type"], (bool?)q["durable"], (bool?)q["autoDelete"], (string?)q["deletionPolicy"]));
        });
        var quorum = settings.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("pipeline-settings", StringComparison.Ordinal)).Data["Messaging__QuorumQueues"];
        Assert.Equal("true", quorum);   // the services declare x-queue-type=quorum themselves; a policy cannot
    }

    [Fact]
    public async Task Prod_Broker_IsAThreeNodeClusterSpreadOverNodes_WithTheWorkersUserAndPermissions()
    {
        var documents = await Manifests.RenderAsync("prod");
        var cluster = Assert.Single(documents.OfKind("RabbitmqCluster")).Json;
        var name = (string)cluster["metadata"]!["name"]!;
        Assert.Equal(3, (long)cluster["spec"]!["replicas"]!);
        var term = Assert.Single(cluster["spec"]!["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!.AsArray())!;
        Assert.Equal("kubernetes.io/hostname", (string?)term["topologyKey"]);
        var expression = Assert.Single(term["labelSelector"]!["matchExpressions"]!.AsArray())!;
        Assert.Equal(("app.kubernetes.io/name", "In", name), ((string)expression["key"]!, (string)expression["operator"]!, (string)expression["values"]![0]!));   // the Cluster Operator's pod label

        var user = Assert.Single(documents.OfKind("User")).Json;
        Assert.Equal("pipeline-rabbitmq", (string?)user["spec"]!["importCredentialsSecret"]!["name"]);   // the workers' Secret
        var permission = Assert.Single(documents.OfKind("Permission")).Json;
        Assert.Equal((string)user["metadata"]!["name"]!, (string?)permission["spec"]!["userReference"]!["name"]);
        Assert.All(documents.Where(d => d.ApiVersion.StartsWith("rabbitmq.com/", StringComparison.Ordinal) && d.Kind != "RabbitmqCluster"),
            d => Assert.Equal(name, (string?)d.Json["spec"]!["rabbitmqClusterReference"]!["name"]));
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("prod+cpu-autoscaling")]
    public async Task Prod_ScalesEachStatelessStageWithExactlyOneAutoscaler(string variant)
    {
        var documents = await Manifests.RenderAsync(variant);
        var hpas = Manifests.BuiltIn(documents).OfType<V2HorizontalPodAutoscaler>().Select(h => h.Spec.ScaleTargetRef.Name);
        var scaledObjects = documents.OfKind("ScaledObject").Select(s => (string)s.Json["spec"]!["scaleTargetRef"]!["name"]!);
        var targets = hpas.Concat(scaledObjects).ToList();

        // KEDA owns an HPA per ScaledObject: a second autoscaler on the same Deployment would fight it.
        Assert.Equal(["pipeline-enricher", "pipeline-normalizer"], targets.Order(StringComparer.Ordinal));
        Assert.True(variant == "prod" ? !hpas.Any() : !scaledObjects.Any(), $"{variant}: KEDA and CPU autoscalers mixed");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    [InlineData("prod+cpu-autoscaling")]
    public async Task Workloads_SetOnlyVariablesTheirServiceBinds(string variant)
    {
        var objects = await Manifests.BuiltInAsync(variant);
        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name, StringComparer.Ordinal);
        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
        var workers = objects.OfType<V1Deployment>().Where(d => Workers.Projects.ContainsKey(d.Metadata.Name)).ToList();
        Assert.Equal(5, workers.Count);   // the four stages and the notifier

        foreach (var deployment in workers)
        {
            var sections = Workers.OptionsSections(Workers.Projects[deployment.Metadata.Name]);
            Assert.Contains("Messaging", sections.Keys);   // the reflection finds what it must
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            var names = (container.Env ?? []).Select(e => e.Name)
                .Concat((container.EnvFrom ?? []).SelectMany(source =>
                    source.ConfigMapRef is { } map ? configMaps[map.Name].Data.Keys
                    : source.SecretRef is { } secret && secrets.TryGetValue(secret.Name, out var found) ? found.Data.Keys
                    : source.SecretRef?.Optional == true ? []   // an optional Secret the operator creates (API keys)
                    : throw new InvalidOperationException($"{deployment.Metadata.Name}: envFrom {source.SecretRef?.Name} is not rendered")))
                .ToList();
            Assert.NotEmpty(names);
            var unbound = names.Where(n => !StandardVariable(n) && !Workers.Binds(sections, n)).ToList();
            Assert.True(unbound.Count == 0, $"{deployment.Metadata.Name} sets {string.Join(", ", unbound)}, which it does not bind (sections: {string.Join(", ", sections.Keys)})");
        }

        // The check can fail: a misspelt key, or another stage's section, is not bound.
        var normalizer = Workers.OptionsSections("Pipeline.Normalizer");
        Assert.True(Workers.Binds(normalizer, "Messaging__PrefetchCount"));
        Assert.False(Workers.Binds(normalizer, "Messaging__PrefetchCont"));
        Assert.False(Workers.Binds(normalizer, "Fetcher__StatePath"));
        Assert.True(Workers.Binds(Workers.OptionsSections("Pipeline.Enricher"), "Enricher__Clustering__Store"));

        // The payload limit is one setting, bound by both stages that apply it; the keys it had before are bound by none.
        var fetcher = Workers.OptionsSections("Pipeline.Fetcher");
        Assert.True(Workers.Binds(normalizer, "Dispatches__MaxPayloadBytes"));
        Assert.True(Workers.Binds(fetcher, "Dispatches__MaxPayloadBytes"));
        Assert.False(Workers.Binds(normalizer, "Normalizer__MaxPayloadBytes"));
        Assert.False(Workers.Binds(fetcher, "Fetcher__MaxPayloadBytes"));
    }

    /// <summary>Variables the .NET host, ASP.NET Core, logging and the OpenTelemetry SDK read themselves.</summary>
    private static bool StandardVariable(string name) =>
        name.StartsWith("OTEL_", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("Logging__", StringComparison.Ordinal);

    private static string EndpointPrefix(List<object> objects) =>
        objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("pipeline-settings", StringComparison.Ordinal))
            .Data.TryGetValue("Messaging__EndpointPrefix", out var prefix) ? prefix : "";

    private static IReadOnlyList<string> CrdValidation(JsonObject resource) => CrdSchemas.Vendored.Validate(resource);
}
