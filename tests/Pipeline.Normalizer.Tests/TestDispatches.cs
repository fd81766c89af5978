using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests;

/// <summary>Builders for dispatches and fixture access.</summary>
internal static partial class TestDispatches
{
    /// <summary>13 August 2025, 10:15 UTC: the day the sample dispatch was received.</summary>
    public static readonly DateTimeOffset SampleReceivedAt = new(2025, 8, 13, 10, 15, 0, TimeSpan.Zero);

    public static DispatchReceived Create(
        string payload,
        string sourceId = "test-source",
        string? formatHint = null,
        string? profile = null,
        string? contentType = null,
        DateTimeOffset? receivedAt = null) => new()
        {
            DispatchId = Guid.NewGuid().ToString("N"),
            Source = new SourceRef { Id = sourceId, Name = sourceId },
            Origin = new DispatchOrigin { Kind = OriginKinds.File, Location = "test" },
            ReceivedAt = receivedAt ?? SampleReceivedAt,
            Payload = payload,
            FormatHint = formatHint,
            ContentType = contentType,
            SourceProfile = profile,
        };

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Decodes raw feed bytes the way a fetcher would: the XML declaration's encoding, else UTF-8.</summary>
    public static string DecodeXml(byte[] bytes)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var declared = DeclaredEncoding().Match(head);
        if (declared.Success)
        {
            return Encoding.GetEncoding(declared.Groups[1].Value).GetString(bytes);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8 and undeclared: the web's usual fallback.
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    [GeneratedRegex("encoding=[\"']([A-Za-z0-9_\\-]+)[\"']")]
    private static partial Regex DeclaredEncoding();
}
