namespace Pipeline.Fetcher.Polling;

/// <summary>
/// Per-host politeness: requests to the same host are spaced at least <c>minimumSpacing</c> apart, however
/// many feeds live there. Each caller reserves the next free slot for its host and waits for it.
/// </summary>
public sealed class HostThrottle(TimeProvider time, TimeSpan minimumSpacing)
{
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>Waits until this caller's slot for <paramref name="host"/> has come.</summary>
    public Task WaitAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (minimumSpacing <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var slot = _nextSlot.TryGetValue(host, out var next) && next > now ? next : now;
            _nextSlot[host] = slot + minimumSpacing;
            wait = slot - now;
        }

        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, time, cancellationToken);
    }
}
