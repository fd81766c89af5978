using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Agency;
using Pipeline.Normalizer.Wire;

namespace Pipeline.Normalizer;

/// <summary>Recognises a payload's format from its first element, JSON shape, media type or agency layout.</summary>
internal static class FormatDetector
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
            var name = RootElementName(head);
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

    /// <summary>
    /// The first element's qualified name after the prolog (whitespace, XML declaration, processing instructions,
    /// comments, DOCTYPE with an internal subset), or empty. A single forward scan: linear in the head's length
    /// (issue 11: the regex it replaces backtracked exponentially on repeated <c>&lt;?a?&gt;</c> then <c>&lt;1</c>).
    /// </summary>
    internal static string RootElementName(string head)
    {
        var i = 0;
        while (i < head.Length)
        {
            if (char.IsWhiteSpace(head[i]))
            {
                i++;
            }
            else if (head.AsSpan(i).StartsWith("<?", StringComparison.Ordinal))
            {
                i = After(head, i + 2, "?>");
            }
            else if (head.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                i = After(head, i + 4, "-->");
            }
            else if (head.AsSpan(i).StartsWith("<!DOCTYPE", StringComparison.Ordinal))
            {
                i = AfterDoctype(head, i + 9);
            }
            else
            {
                break;
            }

            if (i < 0)
            {
                return string.Empty;
            }
        }

        if (i >= head.Length || head[i] != '<')
        {
            return string.Empty;
        }

        var start = ++i;
        if (!IsNameStart(head, i))
        {
            return string.Empty;
        }

        i = NameEnd(head, i);
        if (i < head.Length && head[i] == ':' && IsNameStart(head, i + 1))
        {
            i = NameEnd(head, i + 1);
        }

        return head[start..i];
    }

    private static int After(string text, int from, string terminator)
    {
        var at = text.IndexOf(terminator, from, StringComparison.Ordinal);
        return at < 0 ? -1 : at + terminator.Length;
    }

    /// <summary>The end of a DOCTYPE: its first <c>&gt;</c>, or after an internal subset <c>[…]</c> the first <c>]</c> followed by <c>&gt;</c>.</summary>
    private static int AfterDoctype(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] != '>' && text[i] != '[')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return -1;
        }

        if (text[i] == '[')
        {
            // The subset ends at the first ']' followed (after whitespace) by '>': each character is looked at once.
            i++;
            while (true)
            {
                i = text.IndexOf(']', i);
                if (i < 0)
                {
                    return -1;
                }

                i++;
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    return -1;
                }

                if (text[i] == '>')
                {
                    break;
                }
            }
        }

        return i + 1;
    }

    private static bool IsNameStart(string text, int i) => i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_');

    private static int NameEnd(string text, int i)
    {
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-' || char.GetUnicodeCategory(text[i]) is System.Globalization.UnicodeCategory.ConnectorPunctuation or System.Globalization.UnicodeCategory.NonSpacingMark))
        {
            i++;
        }

        return i;
    }
}
