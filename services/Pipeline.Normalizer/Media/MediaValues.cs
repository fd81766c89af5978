using System.Globalization;
using Pipeline.Contracts.Articles;
using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Media;

/// <summary>
/// Shared rules for media attachments and points, whatever format they came in: only http(s) URLs
/// (relative ones resolved against the item's base), kinds from the declared medium, the media type
/// or the file extension, numbers that do not parse dropped with a <c>media-invalid</c> warning,
/// coordinates outside WGS 84 ranges dropped with a <c>geo-invalid</c> warning. Media URLs are
/// resolved but not canonicalised (query strings of image services carry the size and signature).
/// </summary>
internal static class MediaValues
{
    public const string MediaInvalid = "media-invalid";
    public const string GeoInvalid = "geo-invalid";

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = MediaKinds.Image, [".jpeg"] = MediaKinds.Image, [".png"] = MediaKinds.Image, [".gif"] = MediaKinds.Image,
        [".webp"] = MediaKinds.Image, [".avif"] = MediaKinds.Image, [".svg"] = MediaKinds.Image, [".tif"] = MediaKinds.Image, [".tiff"] = MediaKinds.Image,
        [".mp3"] = MediaKinds.Audio, [".m4a"] = MediaKinds.Audio, [".aac"] = MediaKinds.Audio, [".ogg"] = MediaKinds.Audio,
        [".oga"] = MediaKinds.Audio, [".opus"] = MediaKinds.Audio, [".wav"] = MediaKinds.Audio, [".flac"] = MediaKinds.Audio,
        [".mp4"] = MediaKinds.Video, [".m4v"] = MediaKinds.Video, [".mov"] = MediaKinds.Video, [".webm"] = MediaKinds.Video,
        [".ogv"] = MediaKinds.Video, [".m3u8"] = MediaKinds.Video, [".mpd"] = MediaKinds.Video,
    };

    /// <summary>An absolute http(s) URL, resolving a relative one against <paramref name="baseUri"/>; null (with a warning when a value was given) otherwise.</summary>
    public static Uri? Url(string? value, Uri? baseUri, List<ParseWarning> warnings)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        // "/x.jpg" parses as an absolute file: URI on Unix, so a leading slash always means relative.
        var absolute = !text.StartsWith('/') && Uri.TryCreate(text, UriKind.Absolute, out var parsed) ? parsed : null;
        var uri = absolute ?? (!text.Contains(':', StringComparison.Ordinal) || text.StartsWith('/')
            ? baseUri is { IsAbsoluteUri: true } && Uri.TryCreate(baseUri, text, out var resolved) ? resolved : null
            : null);

        if (uri is null || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            warnings.Add(new ParseWarning { Code = MediaInvalid, Message = $"The media URL '{Truncate(text)}' is not an http(s) URL (or a relative one with a known base); the attachment was skipped." });
            return null;
        }

        return uri;
    }

    /// <summary><c>image</c>, <c>video</c>, <c>audio</c> or <c>other</c> from a declared medium (Media RSS <c>medium</c>, ninjs <c>type</c>, NewsML-G2 item class), else the media type, else the file extension.</summary>
    public static string Kind(string? medium, string? mimeType, Uri? url)
    {
        var declared = medium?.Trim().ToLowerInvariant() switch
        {
            "image" or "picture" or "graphic" or "photo" or "ninat:picture" or "ninat:graphic" => MediaKinds.Image,
            "video" or "ninat:video" => MediaKinds.Video,
            "audio" or "ninat:audio" => MediaKinds.Audio,
            _ => null,
        };
        if (declared is not null)
        {
            return declared;
        }

        var type = MimeType(mimeType);
        if (type is not null)
        {
            var slash = type.IndexOf('/', StringComparison.Ordinal);
            var major = type[..slash];
            if (major is MediaKinds.Image or MediaKinds.Video or MediaKinds.Audio)
            {
                return major;
            }

            if (type is "application/x-mpegurl" or "application/vnd.apple.mpegurl" or "application/dash+xml")
            {
                return MediaKinds.Video;
            }
        }

        return url is not null && Extensions.TryGetValue(Path.GetExtension(url.AbsolutePath), out var kind) ? kind : MediaKinds.Other;
    }

    /// <summary>A media type such as <c>image/jpeg</c> (parameters dropped, lower case), or null when the value is not one.</summary>
    public static string? MimeType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? value : value[..semicolon]).Trim().ToLowerInvariant();
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < type.Length - 1 && !type.Contains(' ', StringComparison.Ordinal) ? type : null;
    }

    /// <summary>A positive whole number (width, height); warns and returns null when the value is not one.</summary>
    public static int? Int(string? value, string what, List<ParseWarning> warnings)
    {
        if (Long(value, what, warnings) is not { } number)
        {
            return null;
        }

        if (number <= int.MaxValue)
        {
            return (int)number;
        }

        Invalid(warnings, what, value!);
        return null;
    }

    /// <summary>Longest duration accepted: ten years, far beyond any recording; more is a typo or an attack.</summary>
    private const double MaxDurationSeconds = 10 * 366 * 24 * 3600.0;

    /// <summary>A non-negative whole number (a size in bytes); warns and returns null when the value is not one.</summary>
    public static long? Long(string? value, string what, List<ParseWarning> warnings)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Invalid(warnings, what, value);
        return null;
    }

    /// <summary>A duration in seconds: <c>1234</c>, <c>12.5</c>, <c>mm:ss</c> or <c>hh:mm:ss</c> (iTunes, Media RSS, JSON Feed).</summary>
    public static double? Duration(string? value, List<ParseWarning> warnings)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Trim().Split(':');
        double total = 0;
        foreach (var (part, index) in parts.Select((p, i) => (p, i)))
        {
            var last = index == parts.Length - 1;
            if (parts.Length > 3 || !double.TryParse(part, last ? NumberStyles.AllowDecimalPoint : NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || (index > 0 && number >= 60))
            {
                Invalid(warnings, "duration", value);
                return null;
            }

            total = (total * 60) + number;
        }

        // A huge number reads as infinity, which no JSON writer accepts: out of range is a warning (issue 11).
        if (!double.IsFinite(total) || total > MaxDurationSeconds)
        {
            Invalid(warnings, "duration", value);
            return null;
        }

        return total;
    }

    /// <summary>A point from separate latitude and longitude texts.</summary>
    public static GeoPoint? Point(string? latitude, string? longitude, string? name, List<ParseWarning> warnings)
    {
        if (string.IsNullOrWhiteSpace(latitude) || string.IsNullOrWhiteSpace(longitude))
        {
            return null;
        }

        if (!double.TryParse(latitude.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(longitude.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || double.IsNaN(lat) || double.IsNaN(lon) || Math.Abs(lat) > 90 || Math.Abs(lon) > 180)
        {
            warnings.Add(new ParseWarning { Code = GeoInvalid, Message = $"The coordinates '{Truncate(latitude)}', '{Truncate(longitude)}' are not a latitude in [-90, 90] and a longitude in [-180, 180]; the location was skipped." });
            return null;
        }

        var clean = TextCleaner.Clean(name);
        return new GeoPoint { Latitude = lat, Longitude = lon, Name = clean.Length > 0 ? clean : null };
    }

    /// <summary>A GeoRSS / GML / HTML meta point: <c>"45.256 -71.92"</c> (latitude first, separated by white space, a comma or a semicolon).</summary>
    public static GeoPoint? Point(string? pair, string? name, List<ParseWarning> warnings)
    {
        if (string.IsNullOrWhiteSpace(pair))
        {
            return null;
        }

        var parts = pair.Split([' ', ',', ';', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            warnings.Add(new ParseWarning { Code = GeoInvalid, Message = $"The point '{Truncate(pair)}' is not \"latitude longitude\"; the location was skipped." });
            return null;
        }

        return Point(parts[0], parts[1], name, warnings);
    }

    /// <summary>Adds <paramref name="item"/>, or completes the entry with the same URL (an enclosure repeated as <c>media:content</c>).</summary>
    public static void Add(List<MediaItem> media, MediaItem item)
    {
        var index = media.FindIndex(m => m.Url == item.Url);
        if (index < 0)
        {
            media.Add(item);
            return;
        }

        var known = media[index];
        media[index] = known with
        {
            Kind = known.Kind == MediaKinds.Other ? item.Kind : known.Kind,
            MimeType = known.MimeType ?? item.MimeType,
            Caption = known.Caption ?? item.Caption,
            Credit = known.Credit ?? item.Credit,
            Width = known.Width ?? item.Width,
            Height = known.Height ?? item.Height,
            DurationSeconds = known.DurationSeconds ?? item.DurationSeconds,
            Length = known.Length ?? item.Length,
        };
    }

    /// <summary>Plain text of a caption or credit (HTML removed), or null when empty.</summary>
    public static string? Text(string? value)
    {
        var text = ArticleHtml.ToPlainText(value);
        return text.Length > 0 ? text : null;
    }

    private static void Invalid(List<ParseWarning> warnings, string what, string value) =>
        warnings.Add(new ParseWarning { Code = MediaInvalid, Message = $"The media {what} '{Truncate(value)}' is not a valid number; it was ignored." });

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
