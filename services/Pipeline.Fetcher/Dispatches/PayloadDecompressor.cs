using System.IO.Compression;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Fetcher.Dispatches;

/// <summary>Undoes a content coding (gzip, deflate, br) with a cap on the decompressed size.</summary>
internal static class PayloadDecompressor
{
    /// <summary>True when <paramref name="coding"/> names a compression this class undoes, or identity.</summary>
    public static bool IsContentCoding(string coding) =>
        coding.Trim().ToLowerInvariant() is "gzip" or "x-gzip" or "deflate" or "br" or "identity";

    public static ReadOnlyMemory<byte> Decompress(ReadOnlyMemory<byte> body, string coding, PayloadLimitOptions limit)
    {
        var normalized = coding.Trim().ToLowerInvariant();
        if (normalized == "identity")
        {
            return body;
        }

        using var input = new MemoryStream(body.ToArray(), writable: false);
        using Stream decoder = normalized switch
        {
            "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw new PermanentDispatchException(RejectionReasons.InvalidMessage, $"Unsupported content encoding '{coding}'. Use gzip, deflate, br or identity."),
        };

        try
        {
            // The input is in memory: reading it completes synchronously.
            return limit.ReadWithinAsync(decoder, "The decompressed payload").GetAwaiter().GetResult();
        }
        catch (InvalidDataException ex)
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed, $"The body is not valid {normalized} data.", ex);
        }
    }
}
