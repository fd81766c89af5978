using System.Buffers.Binary;

namespace Pipeline.Enricher.Clustering;

/// <summary>What the cluster store keeps of one article: its SimHash fingerprint and MinHash signature.</summary>
public sealed record StorySketch
{
    /// <summary>Rows per LSH band: 64 bands of 2 MinHash values each.</summary>
    /// <remarks>
    /// An article becomes a candidate when any band matches: probability 1 − (1 − J²)^64, i.e. 0.93 at the
    /// default threshold J = 0.2, 0.998 at J = 0.3 (the gold duplicates start at 0.32), 0.15 at J = 0.05 and
    /// 0.00006 for unrelated texts (J ≈ 0.001). Candidates are then checked on the whole signature.
    /// </remarks>
    public const int RowsPerBand = 2;

    public required string ArticleId { get; init; }

    /// <summary>SimHash of the article (<see cref="NearDuplicates.Fingerprint"/>).</summary>
    public required ulong Fingerprint { get; init; }

    /// <summary>MinHash signature (<see cref="NearDuplicates.Signature"/>); empty when the article has no text.</summary>
    public required ReadOnlyMemory<uint> Signature { get; init; }

    /// <summary>The article's event signature (<see cref="EventSignature.Build"/>), raw weights; empty: the article is clustered by its near-duplicates only.</summary>
    public IReadOnlyList<EventTerm> EventTerms { get; init; } = [];

    /// <summary>When the article was clustered; the store compares only with articles seen after a window start.</summary>
    public required DateTimeOffset SeenAt { get; init; }

    /// <summary>The LSH band keys of the signature (band index mixed in), empty for an empty signature.</summary>
    public long[] BandKeys() => BandKeys(Signature.Span);

    internal static long[] BandKeys(ReadOnlySpan<uint> signature)
    {
        var keys = new long[signature.Length / RowsPerBand];
        for (var band = 0; band < keys.Length; band++)
        {
            var rows = ((ulong)signature[band * RowsPerBand] << 32) | signature[(band * RowsPerBand) + 1];
            keys[band] = unchecked((long)NearDuplicates.Mix(rows ^ NearDuplicates.Mix((ulong)band + 1)));
        }

        return keys;
    }

    /// <summary>The signature as little-endian bytes, as stored.</summary>
    internal static byte[] ToBytes(ReadOnlySpan<uint> signature)
    {
        var bytes = new byte[signature.Length * sizeof(uint)];
        for (var i = 0; i < signature.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), signature[i]);
        }

        return bytes;
    }

    internal static uint[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var signature = new uint[bytes.Length / sizeof(uint)];
        for (var i = 0; i < signature.Length; i++)
        {
            signature[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * sizeof(uint))..]);
        }

        return signature;
    }
}
