using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Issue 11: a message during which the worker process dies (here: SIGKILL, as an out-of-memory kill or the abort
/// after a stack overflow would end it) is recognised on redelivery by its in-flight journal entry, and after two such
/// deaths its third delivery is parked in <c>normalizer_error</c> as <c>poison</c> and announced — the real
/// normalizer worker on a real RabbitMQ, killed mid-message twice — while the stage keeps normalizing.
/// </summary>
public sealed partial class PoisonMessageTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkerKilledMidMessage_Twice_ThirdDeliveryIsParkedAsPoison_AndTheStageKeepsFlowing()
    {
        var (uri, prefix, data) = await broker.NewRunAsync("poison", Ct);
        var markers = Path.Combine(data, "in-flight");
        await using var listener = await EventListener.StartAsync(uri, prefix, Path.Combine(data, "listener"), Ct);
        await using var normalizer = new StageWorker("Normalizer", StageWorker.Environment(uri, prefix, data,
            new Dictionary<string, string?> { ["Messaging__DispatchBudgetSeconds"] = "600" }));
        await normalizer.StartAsync(Timeout);

        // A large real-shaped feed (the bundled sample's items, 1000 times over): long enough to be caught in the middle.
        var dispatch = ContractSamples.DispatchReceived with
        {
            DispatchId = "d-poison-" + Guid.NewGuid().ToString("N")[..8],
            Payload = LargeFeed(1000),
            FormatHint = DispatchFormats.Rss,
            SourceProfile = null,
            ContentType = "application/rss+xml",
            ItemVersions = null,
        };
        await listener.Bus.Publish(dispatch, Ct);

        var keys = new List<string>();
        for (var delivery = 1; delivery <= 2; delivery++)
        {
            // The worker's journal says this delivery has started: kill the worker right then.
            var (journal, key) = await WaitForOpenDeliveryAsync(markers, $"{prefix}-normalizer.", normalizer);
            await normalizer.KillAsync();
            Assert.Contains(key, OpenKeys(journal));   // still open: the process died in the middle of it
            keys.Add(key);
            await normalizer.StartAsync(Timeout);
        }

        Assert.Single(keys.Distinct(StringComparer.Ordinal));   // the same message both times
        var rejected = await EventListener.Collected.WaitForAsync(listener.Events.Rejected, r => r.DispatchId == dispatch.DispatchId, Timeout, "the poison rejection");
        Assert.Equal(RejectionReasons.Poison, rejected.ReasonCode);
        Assert.Equal("normalizer", rejected.Stage);
        Assert.Equal(dispatch.Source.Id, rejected.Source?.Id);
        Assert.True(await RabbitMqQueues.WaitForMessageAsync(uri, $"{prefix}-normalizer_error", body => body.Contains(dispatch.DispatchId, StringComparison.Ordinal), Timeout));
        Assert.DoesNotContain(keys[0], OpenKeys(Path.Combine(markers, JournalOf(normalizer))));   // the third delivery never ran
        Assert.DoesNotContain(listener.Events.Normalized, n => n.DispatchId == dispatch.DispatchId);

        // The stage keeps flowing: the next dispatch is normalized by the same (third) worker process.
        var next = ContractSamples.DispatchReceived with { DispatchId = "d-after-poison-" + Guid.NewGuid().ToString("N")[..8], Payload = Samples.Read(Samples.PrimaNotizia) };
        await listener.Bus.Publish(next, Ct);
        await EventListener.Collected.WaitForAsync(listener.Events.Normalized, n => n.DispatchId == next.DispatchId, Timeout, "the next dispatch normalized");
    }

    /// <summary>Waits until the running worker's journal has a delivery of the queue open; returns the journal and the key.</summary>
    private static async Task<(string Journal, string Key)> WaitForOpenDeliveryAsync(string folder, string queuePrefix, StageWorker worker)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var journal = Path.Combine(folder, JournalOf(worker));
            if (OpenKeys(journal).FirstOrDefault(k => k.StartsWith(queuePrefix, StringComparison.Ordinal)) is { } key)
            {
                return (journal, key);
            }

            if (worker.Process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"The worker exited on its own.\n{exited.Transcript}");
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"No open delivery in the journal of {worker.Process?.Id} in {folder} within {Timeout.TotalSeconds:0} s.\n{worker.Process?.Transcript}");
    }

    /// <summary>The file name of a worker's first journal: <c>&lt;host&gt;~&lt;pid&gt;~&lt;process start&gt;~0.journal</c>.</summary>
    private static string JournalOf(StageWorker worker)
    {
        var pid = worker.Process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var start = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        var host = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        return $"{host}~{pid}~{start}~0.journal";
    }

    /// <summary>The deliveries started and not ended in a journal ("S key" / "E key" lines).</summary>
    private static List<string> OpenKeys(string journal)
    {
        var open = new List<string>();
        try
        {
            using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("S ", StringComparison.Ordinal))
                {
                    open.Add(line[2..]);
                }
                else if (line.StartsWith("E ", StringComparison.Ordinal))
                {
                    open.Remove(line[2..]);
                }
            }
        }
        catch (IOException)
        {
            // Not written yet.
        }

        return open;
    }

    /// <summary>The bundled World Wire feed with its items repeated to <paramref name="items"/> items, each with its own guid and link.</summary>
    private static string LargeFeed(int items)
    {
        var feed = Samples.Read("news/world-wire.rss.xml");
        var originals = ItemElement().Matches(feed).Select(m => m.Value).ToList();
        var copies = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            var item = originals[i % originals.Count];
            copies.Append(GuidElement().Replace(item, $"<guid isPermaLink=\"false\">poison-copy-{i}</guid>")
                .Replace("https://news.example.org/europe/", $"https://news.example.org/europe/copy-{i}/", StringComparison.Ordinal));
        }

        var start = feed.IndexOf("<item>", StringComparison.Ordinal);
        var end = feed.LastIndexOf("</item>", StringComparison.Ordinal) + "</item>".Length;
        return string.Concat(feed.AsSpan(0, start), copies.ToString(), feed.AsSpan(end));
    }

    [GeneratedRegex("<item>.*?</item>", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex ItemElement();

    [GeneratedRegex("<guid[^>]*>[^<]*</guid>", RegexOptions.NonBacktracking)]
    private static partial Regex GuidElement();
}
