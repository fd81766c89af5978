using System.Globalization;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Pipeline.Messaging;

/// <summary>
/// Crash markers for poison messages: before a consumer starts on a message, a small file named after the queue and
/// the message id is written in <see cref="MessagingOptions.InFlightFolder"/> with the number of deliveries of that
/// message that started and never finished; it is deleted when the delivery ends in any way the process survives
/// (success, rejection, exception, the budget). A marker still there on a redelivery means the process died (stack
/// overflow, out of memory, kill) while handling the message. No fsync: the files only need to outlive the process,
/// not the machine. Markers older than a week (messages that went to another replica) are swept at start.
/// </summary>
public sealed class InFlightMarkers : IDisposable
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(7);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SemaphoreSlim _permits;
    private readonly int _concurrency;

    public InFlightMarkers(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Folder = options.Value.InFlightFolder;
        CrashLimit = options.Value.PoisonAfterCrashes;
        _concurrency = Math.Max(1, options.Value.PrefetchCount);
        _permits = new SemaphoreSlim(_concurrency, _concurrency);
        Directory.CreateDirectory(Folder);
        Sweep();
    }

    /// <summary>Where the markers are.</summary>
    public string Folder { get; }

    /// <summary>Crashed deliveries after which a message is parked as poison.</summary>
    public int CrashLimit { get; }

    /// <summary>The marker file of a message on a queue (file-name safe; a hash of the body when the message has no id).</summary>
    public string PathOf(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var queue = QueueOf(context.ReceiveContext.InputAddress);
        var id = context.MessageId?.ToString("N") ?? Convert.ToHexString(SHA256.HashData(context.ReceiveContext.Body.GetBytes()))[..32];
        return Path.Combine(Folder, Safe(queue) + "." + Safe(id));
    }

    /// <summary>Deliveries of the message that started and never finished (0 without a marker).</summary>
    public static int Read(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 1;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>Records that a delivery starts (<paramref name="started"/> deliveries so far, this one included).</summary>
    public static void Write(string path, int started) => File.WriteAllText(path, started.ToString(CultureInfo.InvariantCulture));

    /// <summary>Removes the marker: the delivery ended and the process survived it.</summary>
    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone with its folder.
        }
    }

    /// <summary>
    /// Enters the processing gate. Ordinary messages share it (up to the prefetch count at once); a suspect (a message
    /// that was being handled when the process died) waits until nothing else runs and keeps everything else out while
    /// it runs, so that if the process dies again the crash is its own and innocent neighbours are never blamed.
    /// </summary>
    public async Task<IDisposable> EnterAsync(bool suspect, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!suspect)
        {
            _turn.Release();
            await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Exit(this, 1, holdsTurn: false);
        }

        var taken = 0;
        try
        {
            for (; taken < _concurrency; taken++)
            {
                await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            if (taken > 0)
            {
                _permits.Release(taken);
            }

            _turn.Release();
            throw;
        }

        return new Exit(this, _concurrency, holdsTurn: true);
    }

    /// <summary>The queue name of an input address (its last path segment).</summary>
    public static string QueueOf(Uri? address) =>
        address is null ? "unknown" : address.AbsolutePath.TrimEnd('/').Split('/')[^1] is { Length: > 0 } last ? last : "unknown";

    private static string Safe(string value)
    {
        var chars = value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return new string(chars, 0, Math.Min(chars.Length, 120));
    }

    private void Sweep()
    {
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > StaleAfter)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Another replica sharing the folder removed it first.
            }
        }
    }

    public void Dispose()
    {
        _turn.Dispose();
        _permits.Dispose();
    }

    private sealed class Exit(InFlightMarkers gate, int permits, bool holdsTurn) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1)
            {
                return;
            }

            gate._permits.Release(permits);
            if (holdsTurn)
            {
                gate._turn.Release();
            }
        }
    }
}
