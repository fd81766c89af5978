using System.Globalization;
using System.Net;

namespace Pipeline.Testing;

/// <summary>Polling a worker program's health endpoints, the one way every test and the harness wait for them.</summary>
public static class WorkerHealth
{
    /// <summary>
    /// Asks <paramref name="url"/> (a worker's <c>/health/live</c> or <c>/health/ready</c>) every 250 ms until it answers
    /// <paramref name="expected"/>. Fails at once with the worker's transcript when it exits, and after
    /// <paramref name="ceiling"/> with the last answer. A connection refused (not listening yet) or a request that
    /// times out on a loaded machine is asked again.
    /// </summary>
    public static async Task WaitForStatusAsync(HttpClient http, ChildProcess worker, Uri url, HttpStatusCode expected, TimeSpan ceiling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(worker);
        var deadline = DateTime.UtcNow + ceiling;
        HttpStatusCode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"{worker.Name} exited while waiting for {url.AbsolutePath} to answer {(int)expected}.\n{worker.Transcript}");
            }

            try
            {
                using var reply = await http.GetAsync(url, cancellationToken);
                last = reply.StatusCode;
                if (last == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening (yet).
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Too slow to answer on a loaded machine: ask again.
            }

            await Task.Delay(250, cancellationToken);
        }

        var answer = last is null ? "no answer" : ((int)last).ToString(CultureInfo.InvariantCulture);
        throw new TimeoutException($"{worker.Name} {url.AbsolutePath} did not answer {(int)expected} within {ceiling.TotalSeconds:0} s (last: {answer}).\n{worker.Transcript}");
    }
}
