using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pipeline.Indexer;

/// <summary>Ready when the article index is open for writing.</summary>
internal sealed class IndexHealthCheck(ArticleIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = index.IsOpen
            ? HealthCheckResult.Healthy($"Index open at {index.IndexPath}", new Dictionary<string, object> { ["documents"] = index.Count })
            : HealthCheckResult.Unhealthy($"Index at {index.IndexPath} is closed");
        return Task.FromResult(result);
    }
}
