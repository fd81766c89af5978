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

    public static ReadOnlyMemory<byte> Decompress(ReadOnlyMemory<byte> body, string coding, long maxBytes)
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
            return ReadCapped(decoder, maxBytes);
        }
        catch (InvalidDataException ex)
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed, $"The body is not valid {normalized} data.", ex);
        }
    }

    private static byte[] ReadCapped(Stream stream, long maxBytes)
    {
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new PermanentDispatchException(RejectionReasons.TooLarge,
                    $"The decompressed payload exceeds the limit of {maxBytes} bytes (Fetcher:MaxPayloadBytes).");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
