using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Pipeline.Messaging;

/// <summary>
/// Crash records for poison messages: an append-only journal per worker process in
/// <see cref="MessagingOptions.InFlightFolder"/> (<c>&lt;host&gt;~&lt;pid&gt;~&lt;process start&gt;.journal</c>). Before a consumer
/// starts on a message the process appends <c>S &lt;key&gt;</c>, and <c>E &lt;key&gt;</c> when the delivery ends in any way
/// the process survives (success, rejection, exception, the budget). The key names the queue, the broker it came
/// from (host and virtual host, hashed) and the message id, so two pipelines on one broker, or two test runs on one
/// machine, never see each other's messages. A message still open in the journal of a process that is gone was being
/// handled when that process died (stack overflow, out of memory, kill); on a redelivery (RabbitMQ's redelivered flag)
/// the journals of dead processes are read and each one with the message open counts as one crash. A journal of a live
/// process (this one, or a replica on the same machine) never counts: a message redelivered because a channel dropped
/// while its first delivery still runs is no crash.
/// <para>
/// Cost per message: two small appends to an open file (no create or delete, no fsync: the journal only has to outlive
/// the process, not the machine) — a few microseconds, where a marker file created and deleted per message cost
/// milliseconds on a busy disk. A journal is rotated at 4 MB (the old one is deleted once its deliveries ended) and
/// deleted at a graceful stop; journals of dead processes are read only on a redelivery, once, and swept at start when
/// nothing is open in them or when they are older than a week.
/// </para>
/// </summary>
public sealed class InFlightMarkers : IDisposable
{
    private const string Extension = ".journal";
    private const long RotateAt = 4L << 20;
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(7);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SemaphoreSlim _permits;
    private readonly int _concurrency;
    private readonly Lock _write = new();
    private readonly Dictionary<string, HashSet<string>> _deadJournals = new(StringComparer.Ordinal);
    private readonly string _owner;
    private Journal? _journal;
    private int _rotation;

    public InFlightMarkers(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Folder = options.Value.InFlightFolder;
        CrashLimit = options.Value.PoisonAfterCrashes;
        _concurrency = Math.Max(1, options.Value.PrefetchCount);
        _permits = new SemaphoreSlim(_concurrency, _concurrency);
        _owner = string.Join('~', Safe(Environment.MachineName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), StartTimeOf(Environment.ProcessId) ?? "0");
        Directory.CreateDirectory(Folder);
        Sweep();
    }

    /// <summary>Where the journals are.</summary>
    public string Folder { get; }

    /// <summary>Crashed deliveries after which a message is parked as poison.</summary>
    public int CrashLimit { get; }

    /// <summary>This process's current journal file.</summary>
    public string JournalPath => Path.Combine(Folder, _owner + "~" + _rotation.ToString(CultureInfo.InvariantCulture) + Extension);

    /// <summary>The journal key of a message: queue, broker (hashed), message id (a hash of the body when it has none).</summary>
    public static string KeyOf(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.ReceiveContext.InputAddress;
        var id = context.MessageId?.ToString("N") ?? Convert.ToHexString(SHA256.HashData(context.ReceiveContext.Body.GetBytes()))[..32];
        return Safe(QueueOf(address)) + "." + BrokerOf(address) + "." + Safe(id);
    }

    /// <summary>Deliveries of the message that ended with their process dying: the journals of dead processes that have it open.</summary>
    public int CrashesOf(string key)
    {
        var crashes = 0;
        foreach (var file in Directory.EnumerateFiles(Folder, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith(_owner + "~", StringComparison.Ordinal) || OwnerAlive(name))
            {
                continue;
            }

            HashSet<string> open;
            lock (_deadJournals)
            {
                if (!_deadJournals.TryGetValue(file, out open!))
                {
                    open = OpenKeys(file);
                    _deadJournals[file] = open;   // its owner is dead: the journal no longer changes
                }
            }

            if (open.Contains(key))
            {
                crashes++;
            }
        }

        return crashes;
    }

    /// <summary>Records that a delivery starts; disposing the result records that it ended (the process survived it).</summary>
    public IDisposable Start(string key)
    {
        lock (_write)
        {
            if (_journal is null || _journal.Length > RotateAt)
            {
                if (_journal is not null)
                {
                    _rotation++;
                    if (_journal.Open == 0)
                    {
                        _journal.Delete();
                    }
                }

                _journal = new Journal(JournalPath);
            }

            _journal.Append('S', key);
            return new Delivery(this, _journal, key);
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

    public void Dispose()
    {
        lock (_write)
        {
            if (_journal is { Open: 0 })
            {
                _journal.Delete();   // a graceful stop: nothing was left half done
            }
            else
            {
                _journal?.Dispose();
            }

            _journal = null;
        }

        _turn.Dispose();
        _permits.Dispose();
    }

    private void End(Journal journal, string key)
    {
        lock (_write)
        {
            try
            {
                journal.Append('E', key);
            }
            catch (ObjectDisposedException)
            {
                return;   // the host stopped meanwhile (work let go at its deadline ends late)
            }

            if (journal.Open == 0 && !ReferenceEquals(journal, _journal))
            {
                journal.Delete();   // rotated away and now finished
            }
        }
    }

    /// <summary>The keys started and not ended in a journal (a line torn by the crash simply matches no key).</summary>
    private static HashSet<string> OpenKeys(string file)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 2 && line[1] == ' ')
                {
                    _ = line[0] == 'S' ? open.Add(line[2..]) : line[0] == 'E' && open.Remove(line[2..]);
                }
            }
        }
        catch (IOException)
        {
            // Swept by another replica meanwhile.
        }

        return open;
    }

    /// <summary>Whether the process that owns a journal (<c>host~pid~start~rotation</c>) still runs on this machine.</summary>
    private static bool OwnerAlive(string journalName)
    {
        var parts = journalName.Split('~');
        return parts.Length == 4
            && parts[0] == Safe(Environment.MachineName)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && parts[2] != "0"
            && StartTimeOf(pid) == parts[2];
    }

    /// <summary>When a process started (field 22 of <c>/proc/PID/stat</c>), so a reused process id is not taken for the owner; null when it is not running (or a zombie) or unknown.</summary>
    private static string? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && fields[0] is not ("Z" or "X" or "x") ? fields[19] : null;   // a zombie has died
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The broker host and virtual host of an input address, hashed to 8 hex digits.</summary>
    private static string BrokerOf(Uri? address)
    {
        if (address is null)
        {
            return "00000000";
        }

        var path = address.AbsolutePath.TrimEnd('/');
        var broker = address.Authority + path[..Math.Max(0, path.LastIndexOf('/'))];
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(broker)))[..8].ToLowerInvariant();
    }

    private static string Safe(string value)
    {
        var chars = value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return new string(chars, 0, Math.Min(chars.Length, 120));
    }

    /// <summary>At start: journals of dead processes with nothing open, or older than a week, are deleted (old marker files too).</summary>
    private void Sweep()
    {
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            try
            {
                var stale = DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > StaleAfter;
                var journal = file.EndsWith(Extension, StringComparison.Ordinal);
                if (stale || (journal && !OwnerAlive(Path.GetFileNameWithoutExtension(file)) && OpenKeys(file).Count == 0))
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

    /// <summary>One journal file, written line by line straight to the file (no user-space buffer to lose).</summary>
    private sealed class Journal(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);

        public int Open { get; private set; }

        public long Length => _stream.Length;

        public void Append(char kind, string key)
        {
            var line = Encoding.UTF8.GetBytes(kind + " " + key + "\n");
            _stream.Write(line);
            Open += kind == 'S' ? 1 : -1;
        }

        public void Dispose() => _stream.Dispose();

        public void Delete()
        {
            _stream.Dispose();
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Gone already.
            }
        }
    }

    private sealed class Delivery(InFlightMarkers markers, Journal journal, string key) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                markers.End(journal, key);
            }
        }
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
