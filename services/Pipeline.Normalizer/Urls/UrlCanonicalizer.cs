using System.Text;

namespace Pipeline.Normalizer.Urls;

/// <summary>
/// Canonical form of an article URL, so the same article reached through different links gets the
/// same id: http(s) only, lower-case scheme and host (IDN as punycode), no user info, no default
/// port, no fragment, no tracking parameters (<c>utm_*</c>, <c>fbclid</c>, <c>gclid</c>,
/// <c>mc_cid</c>, <c>mc_eid</c>, …), no trailing slash except for the root path, no empty query,
/// and AMP variants folded into the article (<c>/amp</c> or <c>.amp</c> at the end of the path,
/// <c>amp</c> / <c>outputType=amp</c> parameters, an <c>amp.</c> host label). Mobile hosts
/// (<c>m.</c>) are kept: their desktop host is not derivable (<c>m.example.com</c> may be <c>www.</c> or bare).
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt.mc_id", "ocid", "cmpid",
    };

    /// <summary>The canonical URL of <paramref name="url"/> (resolved against <paramref name="baseUri"/> when relative); null when it is not an http(s) URL.</summary>
    public static Uri? Canonicalize(string? url, Uri? baseUri = null)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            if (baseUri is null || !baseUri.IsAbsoluteUri || trimmed.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(baseUri, trimmed, out uri))
            {
                return null;
            }
        }

        return Canonicalize(uri);
    }

    /// <summary>The canonical form of an absolute URL; null when it is not http(s).</summary>
    public static Uri? Canonicalize(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        string host;
        try
        {
            host = (uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost).TrimEnd('.').ToLowerInvariant();
        }
        catch (UriFormatException)
        {
            // A host with characters IDNA forbids: not a usable article URL.
            return null;
        }

        var builder = new StringBuilder(uri.OriginalString.Length + 16);
        builder.Append(uri.Scheme).Append("://");
        if (host.StartsWith("amp.", StringComparison.Ordinal) && host.Count(c => c == '.') >= 2)
        {
            host = host[4..];
        }

        builder.Append(host);
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        var path = uri.AbsolutePath;
        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
        }

        if (path.EndsWith("/amp", StringComparison.OrdinalIgnoreCase) && path.Length > 4)
        {
            path = path[..^4];
        }
        else if (path.EndsWith(".amp", StringComparison.OrdinalIgnoreCase) && path.Length > 4 && path[^5] != '/')
        {
            path = path[..^4];
        }
        else if (path.EndsWith(".amp.html", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^9] + ".html";
        }

        builder.Append(path.Length == 0 ? "/" : path);

        var query = CleanQuery(uri.Query);
        if (query.Length > 0)
        {
            builder.Append('?').Append(query);
        }

        return Uri.TryCreate(builder.ToString(), UriKind.Absolute, out var canonical) ? canonical : null;
    }

    private static string CleanQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var kept = new List<string>();
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            var ampFlag = string.Equals(name, "amp", StringComparison.OrdinalIgnoreCase)
                || (string.Equals(name, "outputType", StringComparison.OrdinalIgnoreCase) && string.Equals(value, "amp", StringComparison.OrdinalIgnoreCase));
            if (ampFlag || name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name))
            {
                continue;
            }

            kept.Add(pair);
        }

        return string.Join('&', kept);
    }
}
