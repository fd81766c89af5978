namespace Pipeline.Fetcher.Polling;

/// <summary>
/// What changed in a polled feed since its items were last announced: the document reduced to its new and edited
/// items, the versions they carry (1 for a new item, one more than before for an edited one), and the ledger to record.
/// </summary>
internal sealed class ItemChanges
{
    /// <summary>How long an item that left the feed is remembered (an item that comes back later is new again).</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromDays(30);

    private ItemChanges(string payload, IReadOnlyDictionary<string, int> versions, IReadOnlyList<(string Key, string Hash, int Version)> ledger)
    {
        Payload = payload;
        Versions = versions;
        Ledger = ledger;
    }

    /// <summary>The feed document with only the new and edited items.</summary>
    public string Payload { get; }

    /// <summary>Version per new or edited item key.</summary>
    public IReadOnlyDictionary<string, int> Versions { get; }

    /// <summary>Every item of the document with the hash and version to remember.</summary>
    public IReadOnlyList<(string Key, string Hash, int Version)> Ledger { get; }

    /// <summary>True when at least one item is new or edited.</summary>
    public bool HasNews => Versions.Count > 0;

    /// <summary>Compares the document's items with the ledger; null when the document's items cannot be read (it is passed on whole).</summary>
    public static async Task<ItemChanges?> ComputeAsync(FeedStateStore store, string sourceId, string payload, CancellationToken cancellationToken)
    {
        if (FeedItems.TryRead(payload) is not { Items.Count: > 0 } document)
        {
            return null;
        }

        var known = await store.GetItemsAsync(sourceId, cancellationToken).ConfigureAwait(false);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        var unchanged = new HashSet<string>(StringComparer.Ordinal);
        var ledger = new List<(string, string, int)>();
        foreach (var item in document.Items)
        {
            if (!known.TryGetValue(item.Key, out var before))
            {
                versions[item.Key] = 1;
                ledger.Add((item.Key, item.ContentHash, 1));
            }
            else if (!string.Equals(before.Hash, item.ContentHash, StringComparison.Ordinal))
            {
                versions[item.Key] = before.Version + 1;
                ledger.Add((item.Key, item.ContentHash, before.Version + 1));
            }
            else
            {
                unchanged.Add(item.Key);
                ledger.Add((item.Key, item.ContentHash, before.Version));
            }
        }

        var payloadOut = unchanged.Count == 0 || versions.Count == 0 ? payload : document.Without(unchanged);
        return new ItemChanges(payloadOut, versions, ledger);
    }
}
