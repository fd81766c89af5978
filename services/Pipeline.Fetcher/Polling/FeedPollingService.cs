using Microsoft.Extensions.Options;

namespace Pipeline.Fetcher.Polling;

/// <summary>
/// Polls every configured feed on its own schedule: each feed waits until its next due time (from the state
/// store, so a restart keeps backoffs and Retry-After), then <see cref="FeedPoller"/> polls it; at most
/// <see cref="FetcherOptions.MaxConcurrentPolls"/> polls run at once, and requests to one host are spaced by
/// <see cref="FetcherOptions.MinHostSpacingMilliseconds"/>.
/// </summary>
internal sealed class FeedPollingService(
    FeedPoller poller,
    FeedStateStore store,
    IOptions<FetcherOptions> options,
    TimeProvider time,
    ILogger<FeedPollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var feeds = options.Value.Feeds;
        Log.PollerStarted(logger, feeds.Count);
        using var gate = new SemaphoreSlim(options.Value.MaxConcurrentPolls);
        var throttle = new HostThrottle(time, TimeSpan.FromMilliseconds(options.Value.MinHostSpacingMilliseconds));
        try
        {
            await Task.WhenAll(feeds.Select(feed => RunFeedAsync(feed, gate, throttle, stoppingToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunFeedAsync(FeedOptions feed, SemaphoreSlim gate, HostThrottle throttle, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var due = await InitialDueAsync(feed, stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }

            await throttle.WaitAsync(feed.Url?.IdnHost ?? "", stoppingToken).ConfigureAwait(false);
            await gate.WaitAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                due = (await poller.PollAsync(feed, stoppingToken).ConfigureAwait(false)).NextDueAt;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PollerLoopFailed(logger, ex);
                due = time.GetUtcNow() + TimeSpan.FromSeconds(feed.IntervalSeconds);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private async Task<DateTimeOffset> InitialDueAsync(FeedOptions feed, CancellationToken stoppingToken)
    {
        try
        {
            var state = await store.GetAsync(feed.SourceId, stoppingToken).ConfigureAwait(false);
            return state?.NextDueAt ?? time.GetUtcNow();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.PollerLoopFailed(logger, ex);
            return time.GetUtcNow();
        }
    }
}
