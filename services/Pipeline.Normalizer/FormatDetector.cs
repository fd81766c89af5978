using System.Text.RegularExpressions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Agency;
using Pipeline.Normalizer.Wire;

namespace Pipeline.Normalizer;

/// <summary>Recognises a payload's format from its first element, JSON shape, media type or agency layout.</summary>
internal static partial class FormatDetector
{
    private const int SniffLength = 8192;

    public static string? Detect(string payload, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var text = payload.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        var head = text.Length > SniffLength ? text[..SniffLength] : text;
        var media = MediaType(contentType);
        if (Iptc7901.IsFramed(text) || Iptc7901.LooksUnframed(text))
        {
            return DispatchFormats.Iptc7901;
        }

        if (head.StartsWith('<'))
        {
            var root = RootElement().Match(head);
            var name = root.Success ? root.Groups["name"].Value : string.Empty;
            var local = name.Contains(':', StringComparison.Ordinal) ? name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..] : name;
            return local switch
            {
                "rss" or "RDF" => DispatchFormats.Rss,
                "feed" => DispatchFormats.Atom,
                "newsMessage" or "newsItem" or "packageItem" or "knowledgeItem" or "conceptItem" => DispatchFormats.NewsMlG2,
                "nitf" => DispatchFormats.Nitf,
                "NewsML" or "NewsItem" => DispatchFormats.NewsMl,
                "html" or "HTML" => DispatchFormats.Html,
                _ => FromMediaType(media) is { } fromMedia && fromMedia != DispatchFormats.AgencyText ? fromMedia : null,
            };
        }

        if (head.StartsWith('{'))
        {
            if (head.Contains("jsonfeed.org/version", StringComparison.OrdinalIgnoreCase))
            {
                return DispatchFormats.JsonFeed;
            }

            return media is "application/feed+json" ? DispatchFormats.JsonFeed
                : IsNinjs(head) ? DispatchFormats.Ninjs
                : null;
        }

        if (SourceProfiles.Detect(head) is not null)
        {
            return DispatchFormats.AgencyText;
        }

        return FromMediaType(media);
    }

    /// <summary>
    /// A JSON object with a ninjs identifier (<c>uri</c> in 1.1+ and 2.x, <c>guid</c> in 1.0) and a ninjs field
    /// (<c>versioncreated</c>, <c>headlines</c>, <c>bodies</c>, <c>body_*</c>…), or the 1.x pair <c>uri</c> + <c>type</c>.
    /// </summary>
    private static bool IsNinjs(string head)
    {
        var hasId = head.Contains("\"uri\"", StringComparison.Ordinal) || head.Contains("\"guid\"", StringComparison.Ordinal);
        return hasId && (head.Contains("\"type\"", StringComparison.Ordinal) || Ninjs.MarkerKeys.Any(k => head.Contains(k, StringComparison.Ordinal)));
    }

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static string? FromMediaType(string? media) => media switch
    {
        "application/rss+xml" or "application/rdf+xml" => DispatchFormats.Rss,
        "application/atom+xml" => DispatchFormats.Atom,
        "application/feed+json" => DispatchFormats.JsonFeed,
        "text/plain" or "text/markdown" or "text/x-markdown" => DispatchFormats.AgencyText,
        _ => null,
    };

    [GeneratedRegex(@"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<(?<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)", RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex RootElement();
}
