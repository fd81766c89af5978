using Microsoft.Extensions.Options;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Every <see cref="ClusteringOptions.PruneIntervalMinutes"/>, removes from the shared store the articles
/// older than the matching window, so the band table stops growing. Every replica may run it: the
/// deletes are idempotent. A failed prune is logged and tried again at the next interval.
/// </summary>
internal sealed class StoryClusterPruner(IStoryClusterStore store, IOptions<ClusteringOptions> options, TimeProvider time, ILogger<StoryClusterPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.PruneIntervalMinutes == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.PruneIntervalMinutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await PruneOnceAsync(settings, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One prune: articles seen before now − window are removed.</summary>
    internal async Task<int> PruneOnceAsync(ClusteringOptions settings, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().AddDays(-settings.WindowDays);
        try
        {
            var removed = await store.PruneAsync(before, cancellationToken).ConfigureAwait(false);
            Log.Pruned(logger, removed, before);
            return removed;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            Log.PruneFailed(logger, ex);
            return 0;
        }
    }
}
