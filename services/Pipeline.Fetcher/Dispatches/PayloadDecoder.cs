using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Fetcher.Dispatches;

/// <summary>How the payload's bytes were turned into text.</summary>
internal enum DecodingSource
{
    /// <summary>A byte order mark (UTF-8, UTF-16, UTF-32).</summary>
    ByteOrderMark,
    /// <summary>The charset parameter of the content type (or a charset named by the transport).</summary>
    DeclaredCharset,
    /// <summary>The XML declaration's <c>encoding</c> or an HTML <c>meta charset</c>.</summary>
    DocumentDeclaration,
    /// <summary>The bytes are valid UTF-8.</summary>
    ValidUtf8,
    /// <summary>Nothing else applied: windows-1252, which maps every byte.</summary>
    Fallback,
}

/// <summary>Decoded text and the encoding it came from.</summary>
internal readonly record struct DecodedText(string Text, Encoding Encoding, DecodingSource Source);

/// <summary>
/// Decodes raw payload bytes to text, in this order:
/// <list type="number">
/// <item>a byte order mark (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE);</item>
/// <item>the <c>charset</c> of the content type, or a charset named by the transport (AMQP content-encoding);</item>
/// <item>the XML declaration's <c>encoding="…"</c>, else an HTML <c>&lt;meta charset&gt;</c> or
///   <c>&lt;meta http-equiv="Content-Type" content="…; charset=…"&gt;</c>, in the first 1024 bytes;</item>
/// <item>UTF-8, when the bytes are valid UTF-8;</item>
/// <item>windows-1252.</item>
/// </list>
/// Declarations are checked against the bytes, because feeds often lie: a declared UTF-8 (steps 2 and 3) is only
/// taken when the bytes are valid UTF-8, and a declared legacy charset is skipped when the bytes are valid UTF-8
/// with at least one multi-byte sequence (legacy text is practically never valid UTF-8 by accident); in both cases
/// the next step is tried. Declarations of UTF-16/32 without a byte order mark are
/// ignored (an ASCII-readable declaration cannot be UTF-16). Unknown charset names are ignored. Legacy code pages
/// (windows-125x, ISO-8859-x, KOI8-R, …) come from <see cref="CodePagesEncodingProvider"/>.
/// Text with NUL characters, or where more than 5 % of the characters are control characters other than
/// tab, line feed, carriage return, form feed, vertical tab and the IPTC 7901 / ANPA framing characters
/// (SOH, STX, ETX, EOT, BEL, SYN), is rejected as binary.
/// </summary>
internal static partial class PayloadDecoder
{
    private const int SniffBytes = 1024;
    private static readonly Encoding Windows1252;

    static PayloadDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string? contentType, string? declaredCharset)
    {
        var decoded = DecodeCore(bytes, contentType, declaredCharset);
        if (PayloadText.LooksBinary(decoded.Text))
        {
            throw new PermanentDispatchException(RejectionReasons.Binary,
                "The payload is binary, not text: it contains NUL or too many control characters. Send text (XML, JSON, HTML or plain text); compressed bodies need a Content-Encoding.");
        }

        return decoded;
    }

    /// <summary>Resolves a charset name to an encoding, or null when it is unknown.</summary>
    public static Encoding? FindEncoding(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        _ = Windows1252; // make sure the code-pages provider is registered
        try
        {
            return Encoding.GetEncoding(name.Trim().Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static DecodedText DecodeCore(ReadOnlySpan<byte> bytes, string? contentType, string? declaredCharset)
    {
        if (TryByteOrderMark(bytes, out var bomEncoding, out var bomLength))
        {
            return new DecodedText(bomEncoding.GetString(bytes[bomLength..]), bomEncoding, DecodingSource.ByteOrderMark);
        }

        var isUtf8 = Utf8.IsValid(bytes);
        var isMultiByteUtf8 = isUtf8 && !Ascii.IsValid(bytes);
        if (TryUsable(CharsetOf(contentType) ?? declaredCharset, isUtf8, isMultiByteUtf8, out var declared))
        {
            return new DecodedText(Strip(declared.GetString(bytes)), declared, DecodingSource.DeclaredCharset);
        }

        if (TryUsable(SniffDocumentCharset(bytes), isUtf8, isMultiByteUtf8, out var sniffed))
        {
            return new DecodedText(Strip(sniffed.GetString(bytes)), sniffed, DecodingSource.DocumentDeclaration);
        }

        return isUtf8
            ? new DecodedText(Strip(Encoding.UTF8.GetString(bytes)), new UTF8Encoding(false), DecodingSource.ValidUtf8)
            : new DecodedText(Windows1252.GetString(bytes), Windows1252, DecodingSource.Fallback);
    }

    private static bool TryUsable(string? charset, bool isUtf8, bool isMultiByteUtf8, out Encoding encoding)
    {
        encoding = FindEncoding(charset)!;
        if (encoding is null)
        {
            return false;
        }

        // Without a BOM, UTF-16/32 cannot have been declared in ASCII-readable text: the declaration lies.
        if (encoding is UnicodeEncoding or UTF32Encoding || encoding.CodePage is 1200 or 1201 or 12000 or 12001)
        {
            return false;
        }

        return encoding.CodePage == Encoding.UTF8.CodePage ? isUtf8 : !isMultiByteUtf8;
    }

    private static bool TryByteOrderMark(ReadOnlySpan<byte> bytes, out Encoding encoding, out int length)
    {
        (encoding, length) = bytes switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(false, true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(true, true), 4),
            [0xEF, 0xBB, 0xBF, ..] => (new UTF8Encoding(true), 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(false, true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(true, true), 2),
            _ => ((Encoding)null!, 0),
        };
        return encoding is not null;
    }

    internal static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(media.CharSet) ? null : media.CharSet.Trim('"', '\'');
    }

    internal static string? SniffDocumentCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, SniffBytes)]);
        var xml = XmlDeclarationEncoding().Match(head);
        if (xml.Success)
        {
            return xml.Groups["enc"].Value;
        }

        var meta = HtmlMetaCharset().Match(head);
        return meta.Success ? meta.Groups["enc"].Value : null;
    }

    private static string Strip(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    [GeneratedRegex("""^\s*<\?xml\s[^>]*?encoding\s*=\s*["'](?<enc>[A-Za-z0-9._:-]+)["']""", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex XmlDeclarationEncoding();

    [GeneratedRegex("""<meta\s[^>]*?charset\s*=\s*["']?(?<enc>[A-Za-z0-9._:-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HtmlMetaCharset();
}
