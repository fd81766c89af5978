using k8s;
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
        var deployments = objects.OfType<V1Deployment>().ToList();

        Assert.Equal(["pipeline-enricher", "pipeline-fetcher", "pipeline-indexer", "pipeline-normalizer"], deployments.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        foreach (var deployment in deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var name = deployment.Metadata.Name;
            Assert.True(pod.TerminationGracePeriodSeconds > 30, $"{name}: the grace period must outlast the host's 30 s shutdown timeout.");
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

        foreach (var name in new[] { "pipeline-indexer", "pipeline-fetcher" })
        {
            var deployment = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == name);
            Assert.Equal(1, deployment.Spec.Replicas);
            Assert.Equal("Recreate", deployment.Spec.Strategy?.Type);
            var volume = Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.PersistentVolumeClaim is not null);
            Assert.Contains(volume.PersistentVolumeClaim.ClaimName, claims);
        }
    }

    [Fact]
    public async Task Prod_UsesQuorumQueuesAndSharedClusters_ScalesTheStatelessStages_AndCommitsNoSecret()
    {
        var objects = await RenderAsync("prod");

        var settings = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("pipeline-settings", StringComparison.Ordinal));
        Assert.Equal("true", settings.Data["Messaging__QuorumQueues"]);
        Assert.Equal("postgres", settings.Data["Enricher__Clustering__Store"]);
        var enricher = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "pipeline-enricher").Spec.Template.Spec.Containers[0];
        Assert.Equal("pipeline-postgres", enricher.Env.Single(e => e.Name == "Enricher__Clustering__PostgresConnectionString").ValueFrom.SecretKeyRef.Name);
        Assert.Empty(objects.OfType<V1Secret>());
        Assert.Equal(["pipeline-enricher", "pipeline-normalizer"], objects.OfType<V2HorizontalPodAutoscaler>().Select(h => h.Spec.ScaleTargetRef.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, objects.OfType<V1PodDisruptionBudget>().Count());
        Assert.Equal("restricted", objects.OfType<V1Namespace>().Single().Metadata.Labels["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public async Task Dev_GeneratesTheSecretsTheDeploymentsReference()
    {
        var objects = await RenderAsync("dev");

        var secrets = objects.OfType<V1Secret>().Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(2, secrets.Count);
        var referenced = objects.OfType<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers[0].Env ?? [])
            .Where(e => e.ValueFrom?.SecretKeyRef is not null)
            .Select(e => e.ValueFrom.SecretKeyRef.Name)
            .ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(name, secrets));
    }

    private static async Task<List<object>> RenderAsync(string overlay) =>
        KubernetesYaml.LoadAllFromString(await Kustomize.RenderAsync(Path.Combine("deploy", "k8s", "overlays", overlay)), strict: true).ToList();
}
