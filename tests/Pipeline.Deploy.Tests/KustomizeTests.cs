using System.Text.RegularExpressions;
using k8s.Models;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// The Kubernetes manifests as kustomize renders them (offline, <c>kubectl kustomize</c>), parsed
/// strictly (unknown fields fail), and held to the rules every workload must follow.
/// </summary>
public sealed class KustomizeTests
{
    public static TheoryData<string> Overlays => new() { "dev", "prod" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_RendersFourStageDeployments_WithProbesLimitsAndARestrictedSecurityContext(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var deployments = objects.OfType<V1Deployment>().Where(d => Workers.Projects.ContainsKey(d.Metadata.Name)).ToList();

        Assert.Equal(overlay == "prod" ? ["otel-collector"] : [], objects.OfType<V1Deployment>().Except(deployments).Select(d => d.Metadata.Name));
        Assert.Equal(["pipeline-enricher", "pipeline-fetcher", "pipeline-indexer", "pipeline-normalizer", "pipeline-notifier"], deployments.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        foreach (var deployment in deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var name = deployment.Metadata.Name;
            var preStop = Assert.Single(pod.Containers).Lifecycle?.PreStop?.Sleep;
            Assert.True(preStop is not null, $"{name}: a preStop sleep (no shell needed), so the pod leaves the endpoints before it stops");
            Assert.True(pod.TerminationGracePeriodSeconds > preStop.Seconds + 30, $"{name}: the grace period must outlast the preStop pause plus the host's 30 s shutdown timeout.");
            if (deployment.Spec.Strategy?.Type != "Recreate")
            {
                Assert.Equal("0", deployment.Spec.Strategy?.RollingUpdate?.MaxUnavailable?.Value);   // never fewer consumers during a rollout
            }

            Assert.True(pod.SecurityContext.RunAsNonRoot, $"{name}: runAsNonRoot");
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile?.Type);
            var container = Assert.Single(pod.Containers);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation, $"{name}: allowPrivilegeEscalation");
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, $"{name}: readOnlyRootFilesystem");
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
            Assert.NotNull(container.StartupProbe);
            Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), $"{name}: requests");
            Assert.True(container.Resources.Limits.ContainsKey("cpu") && container.Resources.Limits.ContainsKey("memory"), $"{name}: limits");
            var tmp = Assert.Single(container.VolumeMounts, m => m.MountPath == "/tmp");
            Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
            var brokerUri = Assert.Single(container.Env, e => e.Name == "Messaging__RabbitMqUri");
            Assert.NotNull(brokerUri.ValueFrom?.SecretKeyRef);
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef is not null);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task StatefulStages_RunOneReplica_OnAPersistentVolume(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var claims = objects.OfType<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var name in new[] { "pipeline-indexer", "pipeline-fetcher", "pipeline-notifier" })
        {
            var deployment = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == name);
            Assert.Equal(1, deployment.Spec.Replicas);
            Assert.Equal("Recreate", deployment.Spec.Strategy?.Type);
            var volume = Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.PersistentVolumeClaim is not null);
            Assert.Contains(volume.PersistentVolumeClaim.ClaimName, claims);
        }
    }

    [Fact]
    public async Task Prod_UsesQuorumQueuesAndSharedClusters_ExportsToTheCollector_AndCommitsNoSecret()
    {
        var objects = await RenderAsync("prod");

        var settings = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("pipeline-settings", StringComparison.Ordinal));
        Assert.Equal("true", settings.Data["Messaging__QuorumQueues"]);
        var enricher = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "pipeline-enricher").Spec.Template.Spec.Containers[0];
        Assert.Equal("postgres", enricher.Env.Single(e => e.Name == "Enricher__Clustering__Store").Value);
        Assert.Equal("pipeline-postgres", enricher.Env.Single(e => e.Name == "Enricher__Clustering__PostgresConnectionString").ValueFrom.SecretKeyRef.Name);
        Assert.Empty(objects.OfType<V1Secret>());
        Assert.Equal(2, objects.OfType<V1PodDisruptionBudget>().Count());
        Assert.Equal("restricted", objects.OfType<V1Namespace>().Single().Metadata.Labels["pod-security.kubernetes.io/enforce"]);

        // Every worker sends OTLP to the collector's gRPC port, through its Service.
        var endpoint = new Uri(settings.Data["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var service = Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == endpoint.Host);
        var port = Assert.Single(service.Spec.Ports, p => p.Port == endpoint.Port);
        var collector = Assert.Single(objects.OfType<V1Deployment>(), d => service.Spec.Selector.All(l => d.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        Assert.Contains(collector.Spec.Template.Spec.Containers[0].Ports, p => p.Name == port.TargetPort.Value && p.ContainerPort == 4317);
        // Every worker, by name (an Assert.All over a filtered list would also pass when the filter found none).
        Assert.All(Workers.Projects.Keys, name =>
            Assert.Contains(Assert.Single(objects.OfType<V1Deployment>(), d => d.Metadata.Name == name).Spec.Template.Spec.Containers[0].EnvFrom,
                e => e.ConfigMapRef?.Name == settings.Metadata.Name));
    }

    [Fact]
    public async Task Prod_Collector_ReceivesOtlp_LimitsItsMemoryFirst_AndBatches()
    {
        var objects = await RenderAsync("prod");
        var collector = Assert.Single(objects.OfType<V1Deployment>(), d => d.Metadata.Name == "otel-collector");
        var pod = collector.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.True(container.Resources.Limits.ContainsKey("memory"), "memory_limiter needs a memory limit to be relative to");
        var mount = Assert.Single(container.VolumeMounts, m => m.Name == "config");
        Assert.Contains($"--config={mount.MountPath}/config.yaml", container.Args);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == container.VolumeMounts.Single(m => m.MountPath == "/tmp").Name).EmptyDir);
        var configMap = Assert.Single(objects.OfType<V1ConfigMap>(), c => c.Metadata.Name == pod.Volumes.Single(v => v.Name == mount.Name).ConfigMap.Name);

        var config = YamlJson.Parse(configMap.Data["config.yaml"])!;
        Assert.NotNull(config["receivers"]!["otlp"]!["protocols"]!["grpc"]);
        Assert.NotNull(config["processors"]!["memory_limiter"]!["limit_percentage"]);
        Assert.NotNull(config["processors"]!["batch"]);
        var pipelines = config["service"]!["pipelines"]!.AsObject();
        Assert.Contains("traces", pipelines.Select(p => p.Key));
        Assert.All(pipelines, p =>
        {
            var processors = p.Value!["processors"]!.AsArray().Select(x => (string)x!).ToList();
            Assert.Equal("memory_limiter", processors[0]);   // first, so it refuses data before anything else holds it
            Assert.Contains("batch", processors);
            Assert.Equal(["otlp"], p.Value["receivers"]!.AsArray().Select(x => (string)x!));
        });

        // The ${env:NAME} the configuration reads are set on the container.
        var referenced = Regex.Matches(configMap.Data["config.yaml"], @"\$\{env:(?<name>[A-Z_]+)\}").Select(m => m.Groups["name"].Value).ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(container.Env, e => e.Name == name && !string.IsNullOrEmpty(e.Value)));
    }

    [Fact]
    public async Task Dev_GeneratesTheSecretsTheDeploymentsReference()
    {
        var objects = await RenderAsync("dev");

        var secrets = objects.OfType<V1Secret>().Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(2, secrets.Count);
        var pods = objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec).Concat(objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec)).ToList();
        Assert.Equal(7, pods.Count);   // five workers (four stages, the notifier), the broker, the database
        Assert.Contains(pods.SelectMany(pod => pod.Containers[0].Env ?? []), e => e.ValueFrom?.SecretKeyRef is not null);
        Assert.All(pods, pod =>
            Assert.All(pod.Containers[0].Env.Where(e => e.ValueFrom?.SecretKeyRef is not null), e =>
                Assert.Contains(e.ValueFrom.SecretKeyRef.Name, secrets)));
    }

    [Fact]
    public async Task Dev_RunsItsOwnBrokerAndDatabase_WhichTheWorkersSecretsPointAt()
    {
        var objects = await RenderAsync("dev");
        var secrets = objects.OfType<V1Secret>().ToList();

        var rabbitmq = ServedStatefulSet(objects, "rabbitmq", 5672);
        var broker = Assert.Single(rabbitmq.Spec.Template.Spec.Containers);
        Assert.StartsWith("rabbitmq:3.", broker.Image, StringComparison.Ordinal);
        var brokerUser = SecretValue(secrets, broker, "RABBITMQ_DEFAULT_USER");
        var brokerPassword = SecretValue(secrets, broker, "RABBITMQ_DEFAULT_PASS");
        Assert.NotEqual("guest", brokerUser);   // not the well-known default account

        var postgres = ServedStatefulSet(objects, "postgres", 5432);
        var database = Assert.Single(postgres.Spec.Template.Spec.Containers);
        Assert.StartsWith("postgres:16", database.Image, StringComparison.Ordinal);
        var databaseName = SecretValue(secrets, database, "POSTGRES_DB");
        var databaseUser = SecretValue(secrets, database, "POSTGRES_USER");
        var databasePassword = SecretValue(secrets, database, "POSTGRES_PASSWORD");
        var dataMount = Assert.Single(database.VolumeMounts, m => m.Name == "data");
        Assert.StartsWith(dataMount.MountPath + "/", database.Env.Single(e => e.Name == "PGDATA").Value, StringComparison.Ordinal);

        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var container = deployment.Spec.Template.Spec.Containers[0];
            var uri = new Uri(SecretValue(secrets, container, "Messaging__RabbitMqUri"));
            Assert.Equal("amqp", uri.Scheme);
            Assert.Equal("rabbitmq", uri.Host);
            Assert.Equal(5672, uri.Port);
            Assert.Equal($"{brokerUser}:{brokerPassword}", Uri.UnescapeDataString(uri.UserInfo));
        }

        var enricher = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "pipeline-enricher").Spec.Template.Spec.Containers[0];
        var connection = SecretValue(secrets, enricher, "Enricher__Clustering__PostgresConnectionString")
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("postgres", connection["Host"]);
        Assert.Equal("5432", connection.GetValueOrDefault("Port", "5432"));
        Assert.Equal(databaseName, connection["Database"]);
        Assert.Equal(databaseUser, connection["Username"]);
        Assert.Equal(databasePassword, connection["Password"]);
    }

    [Fact]
    public async Task Prod_RunsNoStatefulSetOfItsOwn_TheBrokerIsOperatorManaged()
    {
        var objects = await RenderAsync("prod");

        Assert.Empty(objects.OfType<V1StatefulSet>());
    }

    [Fact]
    public async Task Prod_Ingress_RoutesOnlyTheSearchApiAndTheDispatchIntake_OverTls()
    {
        var objects = await RenderAsync("prod");
        var ingress = Assert.Single(objects.OfType<V1Ingress>());

        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        var rule = Assert.Single(ingress.Spec.Rules);
        Assert.False(string.IsNullOrEmpty(rule.Host), "a host, so the TLS certificate applies");
        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.False(string.IsNullOrEmpty(tls.SecretName), "a TLS secret");
        Assert.Contains(rule.Host, tls.Hosts);
        Assert.Equal("true", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/ssl-redirect"]);

        var routes = rule.Http.Paths.ToDictionary(p => p.Path, p => p.Backend.Service, StringComparer.Ordinal);
        Assert.Equal(["/articles", "/dispatches", "/search"], routes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pipeline-indexer", routes["/search"].Name);
        Assert.Equal("pipeline-indexer", routes["/articles"].Name);
        Assert.Equal("pipeline-fetcher", routes["/dispatches"].Name);
        Assert.All(rule.Http.Paths, p => Assert.Contains(p.PathType, new[] { "Exact", "Prefix" }));
        foreach (var backend in routes.Values)
        {
            var service = Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == backend.Name);
            Assert.Contains(service.Spec.Ports, p => backend.Port.Name is { } name ? p.Name == name : p.Port == backend.Port.Number);
        }

        // NGINX refuses bodies over 1 MB by default; a dispatch may carry PayloadLimitOptions.DefaultMaxPayloadBytes (5 MiB).
        var bodySize = ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"];
        Assert.EndsWith("m", bodySize, StringComparison.Ordinal);
        Assert.True(int.Parse(bodySize[..^1], System.Globalization.CultureInfo.InvariantCulture) > 5, $"proxy-body-size {bodySize} is below a 5 MiB dispatch");
    }

    [Fact]
    public async Task ProdCpuFallback_Autoscalers_ScaleTheStatelessStagesOnCpu_AboveTheirDisruptionBudgets()
    {
        var objects = await RenderAsync("prod+cpu-autoscaling");

        var autoscalers = objects.OfType<V2HorizontalPodAutoscaler>().ToList();
        Assert.Equal(2, autoscalers.Count);
        foreach (var autoscaler in autoscalers)
        {
            var target = autoscaler.Spec.ScaleTargetRef;
            Assert.Equal(("apps/v1", "Deployment"), (target.ApiVersion, target.Kind));
            var deployment = Assert.Single(objects.OfType<V1Deployment>(), d => d.Metadata.Name == target.Name);
            Assert.Contains(target.Name, new[] { "pipeline-normalizer", "pipeline-enricher" });   // never a single-writer stage
            var metric = Assert.Single(autoscaler.Spec.Metrics);
            Assert.Equal("Resource", metric.Type);
            Assert.Equal("cpu", metric.Resource.Name);
            Assert.Equal("Utilization", metric.Resource.Target.Type);
            Assert.InRange(metric.Resource.Target.AverageUtilization ?? 0, 1, 100);
            Assert.True(deployment.Spec.Template.Spec.Containers[0].Resources.Requests.ContainsKey("cpu"), $"{target.Name}: utilization needs a CPU request");
            Assert.InRange(autoscaler.Spec.MinReplicas ?? 1, 2, autoscaler.Spec.MaxReplicas);
            Assert.Equal(autoscaler.Spec.MinReplicas, deployment.Spec.Replicas);

            // A budget that allows no eviction at the minimum would block every node drain.
            var budget = Assert.Single(objects.OfType<V1PodDisruptionBudget>(), b => b.Spec.Selector.MatchLabels.All(l => deployment.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
            Assert.True(int.Parse(budget.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture) < autoscaler.Spec.MinReplicas, $"{target.Name}: minAvailable must be below minReplicas");
        }
    }

    /// <summary>
    /// The single-replica StatefulSet <paramref name="name"/> with its data on a volume claim template, pinned by tag,
    /// behind a Service of the same name that selects its pods and exposes <paramref name="port"/>.
    /// </summary>
    private static V1StatefulSet ServedStatefulSet(List<object> objects, string name, int port)
    {
        var set = Assert.Single(objects.OfType<V1StatefulSet>(), s => s.Metadata.Name == name);
        Assert.Equal(1, set.Spec.Replicas);
        Assert.Equal(name, set.Spec.ServiceName);
        var container = Assert.Single(set.Spec.Template.Spec.Containers);
        var tag = container.Image[(container.Image.LastIndexOf(':') + 1)..];
        Assert.True(container.Image.Contains(':', StringComparison.Ordinal) && tag != "latest", $"{name}: image {container.Image} must be pinned by tag");
        Assert.True(set.Spec.Template.Spec.SecurityContext.RunAsNonRoot, $"{name}: runAsNonRoot");
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation, $"{name}: allowPrivilegeEscalation");
        Assert.NotNull(container.ReadinessProbe);
        Assert.NotNull(container.LivenessProbe);
        Assert.True(container.Resources.Limits.ContainsKey("memory"), $"{name}: memory limit");
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
        Assert.Contains(container.VolumeMounts, m => m.Name == claim.Metadata.Name);

        var service = Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == name);
        Assert.NotEmpty(service.Spec.Selector);   // an empty selector would make the next line pass on nothing
        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, set.Spec.Template.Metadata.Labels[label.Key]));
        var servicePort = Assert.Single(service.Spec.Ports, p => p.Port == port);
        Assert.Contains(container.Ports, p => p.ContainerPort == port && (servicePort.TargetPort is null || servicePort.TargetPort.Value == p.Name || servicePort.TargetPort.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return set;
    }

    /// <summary>The value the generated Secret gives the container's variable <paramref name="variable"/>.</summary>
    private static string SecretValue(List<V1Secret> secrets, V1Container container, string variable)
    {
        var reference = Assert.Single(container.Env, e => e.Name == variable).ValueFrom?.SecretKeyRef;
        Assert.NotNull(reference);
        var secret = Assert.Single(secrets, s => s.Metadata.Name == reference.Name);
        Assert.True(secret.Data.TryGetValue(reference.Key, out var bytes), $"{reference.Name} has no key {reference.Key}");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static Task<List<object>> RenderAsync(string variant) => Manifests.BuiltInAsync(variant);
}
