using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// The one API-key check every Pipeline HTTP host shares. Keys are configured as the lower- or upper-case hex SHA-256
/// of the key (never the key itself), under <c>{section}:ApiKeys</c> as a list (<c>ApiKeys:0</c>, <c>ApiKeys:1</c>, … or
/// environment variables <c>…__ApiKeys__0</c> from a Secret) or one comma-separated value. A client sends the key as
/// <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>. With no key configured every request passes.
/// </summary>
public sealed class ApiKeys
{
    /// <summary>The header a client may send the key in instead of <c>Authorization: Bearer</c>.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>Longest key accepted from a client (a longer one is refused without hashing).</summary>
    public const int MaxKeyLength = 512;

    private readonly byte[][] _hashes;

    public ApiKeys(IEnumerable<string> sha256Hashes)
    {
        ArgumentNullException.ThrowIfNull(sha256Hashes);
        _hashes = [.. sha256Hashes
            .SelectMany(h => h.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(Parse)];
    }

    /// <summary>True when at least one key is configured, i.e. requests must carry one.</summary>
    public bool Required => _hashes.Length > 0;

    /// <summary>Number of configured keys.</summary>
    public int Count => _hashes.Length;

    /// <summary>The keys configured under <c>{section}:ApiKeys</c>.</summary>
    public static ApiKeys FromConfiguration(IConfiguration configuration, string section)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = configuration.GetSection(section + ":ApiKeys");
        var values = keys.Value is { Length: > 0 } single ? [single] : keys.GetChildren().Select(c => c.Value ?? "");
        return new ApiKeys(values.Where(v => !string.IsNullOrWhiteSpace(v)).ToList());
    }

    /// <summary>The hex SHA-256 of a key, as it goes into configuration.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>True when no key is required or the request carries a configured key.</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Required)
        {
            return true;
        }

        var key = Presented(request);
        if (key is null || key.Length == 0 || key.Length > MaxKeyLength)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var match = false;
        foreach (var expected in _hashes)
        {
            // Constant time, and every configured key compared, so timing tells nothing about which key nearly matched.
            match |= CryptographicOperations.FixedTimeEquals(hash, expected);
        }

        return match;
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out StringValues header) && header.Count == 1)
        {
            return header[0]?.Trim();
        }

        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value["Bearer ".Length..].Trim();
        }

        return null;
    }

    private static byte[] Parse(string hex)
    {
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new InvalidOperationException(
                "An API key must be configured as its SHA-256 hash: 64 hex characters (e.g. `printf %s \"$KEY\" | sha256sum`).");
        }

        return Convert.FromHexString(hex);
    }
}

/// <summary>Endpoint conventions for <see cref="ApiKeys"/>.</summary>
public static class ApiKeyEndpointExtensions
{
    /// <summary>
    /// Answers 401 with an RFC 9457 problem (and <c>WWW-Authenticate: Bearer</c>) unless the request carries one of
    /// <paramref name="keys"/>; passes everything when none is configured.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeys keys)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.Required)
        {
            return builder;
        }

        builder.AddEndpointFilter(async (context, next) =>
        {
            if (keys.IsAuthorized(context.HttpContext.Request))
            {
                return await next(context).ConfigureAwait(false);
            }

            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "An API key is required",
                detail: string.Create(CultureInfo.InvariantCulture, $"Send a configured key as 'Authorization: Bearer <key>' or '{ApiKeys.HeaderName}: <key>'."));
        });
        return builder;
    }
}
