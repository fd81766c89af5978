using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Fetcher.Tests.Dispatches;

public sealed class DispatchFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    static DispatchFactoryTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static DispatchFactory Factory(long max = PayloadLimitOptions.DefaultMaxPayloadBytes) =>
        new(new FakeTimeProvider(Now), new PayloadLimitOptions { MaxPayloadBytes = max });

    private static RawDispatch Raw(byte[] body, string? contentType = null, string? contentEncoding = null, string? format = null, string source = "test-source") => new()
    {
        Body = body,
        SourceId = source,
        SourceName = " Test Source ",
        OriginKind = OriginKinds.Http,
        OriginLocation = "upload.xml",
        ContentType = contentType,
        ContentEncoding = contentEncoding,
        FormatHint = format,
        SourceProfile = "ansa",
    };

    [Fact]
    public void Create_Sample_FillsEveryField()
    {
        var dispatch = Factory().Create(Raw(Samples.ReadBytes(Samples.PrimaNotizia), "text/markdown", format: "Agency-Text"));

        Assert.Matches("^[0-9a-f]{32}$", dispatch.DispatchId);
        Assert.Equal(Now, dispatch.ReceivedAt);
        Assert.Equal("test-source", dispatch.Source.Id);
        Assert.Equal("Test Source", dispatch.Source.Name);
        Assert.Equal(OriginKinds.Http, dispatch.Origin.Kind);
        Assert.Equal("upload.xml", dispatch.Origin.Location);
        Assert.Equal(DispatchFormats.AgencyText, dispatch.FormatHint);
        Assert.Equal("ansa", dispatch.SourceProfile);
        Assert.Equal("text/markdown", dispatch.ContentType);
        Assert.Equal("utf-8", dispatch.Encoding);
        Assert.Contains("Putin riceve pieno sostegno da Kim Jong Un", dispatch.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TwoCalls_AssignDistinctIds()
    {
        var factory = Factory();
        var body = Encoding.UTF8.GetBytes("hello");
        Assert.NotEqual(factory.Create(Raw(body)).DispatchId, factory.Create(Raw(body)).DispatchId);
    }

    [Fact]
    public void Create_Utf8Bom_StripsBomAndRecordsUtf8()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Perché no")).ToArray();
        var dispatch = Factory().Create(Raw(body, "text/plain; charset=iso-8859-1"));

        Assert.Equal("Perché no", dispatch.Payload);
        Assert.Equal("utf-8", dispatch.Encoding);
    }

    [Fact]
    public void Create_Utf16LittleEndianBom_DecodesUtf16()
    {
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<rss>città</rss>")).ToArray();
        var dispatch = Factory().Create(Raw(body));

        Assert.Equal("<rss>città</rss>", dispatch.Payload);
        Assert.Equal("utf-16", dispatch.Encoding);
    }

    [Fact]
    public void Create_CharsetInContentType_UsesIt()
    {
        var body = Encoding.Latin1.GetBytes("Città più bella");
        var dispatch = Factory().Create(Raw(body, "text/plain; charset=ISO-8859-1"));

        Assert.Equal("Città più bella", dispatch.Payload);
        Assert.Equal("iso-8859-1", dispatch.Encoding);
    }

    /// <summary>The sample feeds' charsets: declared in the XML prolog (KOI8-R, windows-1251), declared wrongly (UTF-8 over Latin-1 bytes, windows-1252 over UTF-8 bytes).</summary>
    [Theory]
    [InlineData("feeds/koi8r.xml", "application/rss+xml", "koi8-r", "Пример RSS ленты")]
    [InlineData("feeds/encoding_WINDOWS-1251.xml", null, "windows-1251", "Новый цитатник Рунета")]
    [InlineData("feeds/iso88591_utf8_mismatch.xml", "application/xml; charset=utf-8", "windows-1252", "Anaïs")]
    [InlineData("feeds/iso88591_utf8_mismatch.xml", "application/xml; charset=utf-8", "windows-1252", "Jürgen")]
    [InlineData("feeds/windows-1252-incorrect-prolog.xml", null, "utf-8", "Euro €")]
    public void Create_SampleFeed_DecodesWithTheCharsetItsBytesAreIn(string sample, string? contentType, string encoding, string expected)
    {
        var dispatch = Factory().Create(Raw(Samples.ReadBytes(sample), contentType));

        Assert.Equal(encoding, dispatch.Encoding);
        Assert.Contains(expected, dispatch.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HtmlMetaCharset_UsesIt()
    {
        var html = Encoding.GetEncoding("windows-1252").GetBytes("<html><head><meta charset=\"windows-1252\"></head><body>Prezzo 5 €</body></html>");
        var dispatch = Factory().Create(Raw(html, "text/html"));

        Assert.Equal("windows-1252", dispatch.Encoding);
        Assert.Contains("Prezzo 5 €", dispatch.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UndeclaredLatin1_FallsBackToWindows1252()
    {
        var dispatch = Factory().Create(Raw(Samples.ReadBytes("feeds/no_encoding_ISO-8859-1.xml")));

        Assert.Equal("windows-1252", dispatch.Encoding);
        Assert.DoesNotContain('\uFFFD', dispatch.Payload);
    }

    [Fact]
    public void Create_UnknownCharset_IsIgnored()
    {
        var dispatch = Factory().Create(Raw(Encoding.UTF8.GetBytes("Perché"), "text/plain; charset=x-no-such-charset"));

        Assert.Equal("Perché", dispatch.Payload);
        Assert.Equal("utf-8", dispatch.Encoding);
    }

    [Fact]
    public void Create_OverLimit_ThrowsTooLarge()
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Factory(max: 16).Create(Raw(new byte[17])));
        Assert.Equal(RejectionReasons.TooLarge, ex.ReasonCode);
        Assert.Contains("16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GzipContentEncoding_Decompresses()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Notizie</title></channel></rss>"));
        }

        var dispatch = Factory().Create(Raw(compressed.ToArray(), "application/rss+xml", "gzip"));

        Assert.StartsWith("<rss version=\"2.0\">", dispatch.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GzipBombOverLimit_ThrowsTooLarge()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[200_000].Select(_ => (byte)'a').ToArray());
        }

        Assert.True(compressed.Length < 10_000);
        var ex = Assert.Throws<PermanentDispatchException>(() => Factory(max: 10_000).Create(Raw(compressed.ToArray(), contentEncoding: "gzip")));
        Assert.Equal(RejectionReasons.TooLarge, ex.ReasonCode);
    }

    [Fact]
    public void Create_CharsetAsContentEncoding_UsesIt()
    {
        var dispatch = Factory().Create(Raw(Encoding.Latin1.GetBytes("Città"), contentEncoding: "iso-8859-1"));

        Assert.Equal("Città", dispatch.Payload);
        Assert.Equal("iso-8859-1", dispatch.Encoding);
    }

    [Fact]
    public void Create_ResultsTableInManyShortWireTakes_IsText()
    {
        // Each take carries SYN SYN SOH … STX … ETX EOT: 6 framing characters in ~60, far over the 5 % control-character ceiling.
        var takes = string.Concat(Enumerable.Range(1, 20).Select(i =>
            $"\u0016\u0016\u0001a{i:0000} r s BC-Results\r\n\u0002Team {i}\t{i}\t{20 - i}\r\n\u0003\u0004"));

        var dispatch = Factory().Create(Raw(Encoding.UTF8.GetBytes(takes), "text/plain", format: "iptc7901"));

        Assert.Equal(takes, dispatch.Payload);
    }

    [Fact]
    public void Create_BinaryPayload_ThrowsBinary()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var ex = Assert.Throws<PermanentDispatchException>(() => Factory().Create(Raw(png)));
        Assert.Equal(RejectionReasons.Binary, ex.ReasonCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_MissingSource_ThrowsInvalidMessage(string source)
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Factory().Create(Raw(Encoding.UTF8.GetBytes("x"), source: source)));
        Assert.Equal(RejectionReasons.InvalidMessage, ex.ReasonCode);
    }

    [Fact]
    public void Create_UnknownFormat_ThrowsInvalidMessage()
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Factory().Create(Raw(Encoding.UTF8.GetBytes("x"), format: "docx")));
        Assert.Equal(RejectionReasons.InvalidMessage, ex.ReasonCode);
        Assert.Contains("docx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EmptyBody_ThrowsNoContent()
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Factory().Create(Raw([])));
        Assert.Equal(RejectionReasons.NoContent, ex.ReasonCode);
    }
}
