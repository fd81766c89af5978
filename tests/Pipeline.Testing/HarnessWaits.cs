using MassTransit.Testing;

namespace Pipeline.Testing;

/// <summary>
/// Waits on MassTransit's test harness that hold on a saturated machine. The harness's own waits
/// (<c>Published.Any&lt;T&gt;()</c>, <c>SelectAsync</c>) end for good once the bus has been idle for its inactivity
/// window (a few seconds): a consumer that starts late on a busy machine then reads as "nothing published". These
/// wait for the specific message with a generous ceiling instead, polling what the harness recorded so far.
/// </summary>
public static class HarnessWaits
{
    /// <summary>How long a wait may take before the test fails: far above what any consumer needs on an idle machine.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until <paramref name="count"/> messages of <typeparamref name="T"/> (matching <paramref name="match"/>) were published; returns those seen.</summary>
    public static Task<IReadOnlyList<T>> WaitForAsync<T>(this IPublishedMessageList published, int count = 1, Func<T, bool>? match = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(published);
        return WaitAsync(() => published.SoFar(match), count, "published", cancellationToken);
    }

    /// <summary>Waits until <paramref name="count"/> messages of <typeparamref name="T"/> (matching <paramref name="match"/>) were consumed (the consumer finished, or failed); returns those seen.</summary>
    public static Task<IReadOnlyList<T>> WaitForAsync<T>(this IReceivedMessageList consumed, int count = 1, Func<T, bool>? match = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(consumed);
        return WaitAsync(() => consumed.SoFar(match), count, "consumed", cancellationToken);
    }

    /// <summary>The messages of <typeparamref name="T"/> published so far, without waiting (for "nothing else was published" once the outcome is in).</summary>
    public static IReadOnlyList<T> SoFar<T>(this IPublishedMessageList published, Func<T, bool>? match = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(published);
        return [.. published.Select<T>(AlreadyCancelled).Select(m => m.Context.Message).Where(m => match?.Invoke(m) ?? true)];
    }

    /// <summary>The messages of <typeparamref name="T"/> consumed so far, without waiting.</summary>
    public static IReadOnlyList<T> SoFar<T>(this IReceivedMessageList consumed, Func<T, bool>? match = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(consumed);
        return [.. consumed.Select<T>(AlreadyCancelled).Select(m => m.Context.Message).Where(m => match?.Invoke(m) ?? true)];
    }

    /// <summary>A cancelled token makes the harness's <c>Select</c> return what it holds instead of waiting.</summary>
    private static CancellationToken AlreadyCancelled => new(canceled: true);

    private static async Task<IReadOnlyList<T>> WaitAsync<T>(Func<IReadOnlyList<T>> seen, int count, string what, CancellationToken cancellationToken)
    {
        using var ceiling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ceiling.CancelAfter(Ceiling);
        while (true)
        {
            var messages = seen();
            if (messages.Count >= count)
            {
                return messages;
            }

            try
            {
                await Task.Delay(PollInterval, ceiling.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{messages.Count} of {count} {typeof(T).Name} {what} within {Ceiling.TotalSeconds:0} s.");
            }
        }
    }
}
