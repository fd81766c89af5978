using System.Collections.Frozen;
using System.Reflection;

namespace Pipeline.Indexer;

/// <summary>
/// The newsroom page at <c>/</c>: plain HTML, CSS and JavaScript embedded in this assembly (no CDN, works offline),
/// served with a strict Content-Security-Policy — only this origin's script, style and API, no inline code, no frames.
/// </summary>
public static class NewsroomPage
{
    /// <summary>The page's Content-Security-Policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    /// <summary>Maps <c>/</c> (the page) and <c>/newsroom/{file}</c> (its style and script).</summary>
    public static TBuilder MapNewsroomPage<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpContext http) => Serve(http, "index.html")).ExcludeFromDescription();
        endpoints.MapGet("/newsroom/{file}", (HttpContext http, string file) => Serve(http, file)).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(NewsroomPage).Assembly;
        const string prefix = "Newsroom/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[prefix.Length..], name => (Read(assembly, name), ContentType(name)), StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };
}
