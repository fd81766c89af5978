using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Normalizer.Articles;

/// <summary>
/// The deterministic article id scheme: the first 32 hex characters (128 bits) of SHA-256 over
/// <c>source.Id + "|" + guid</c> when the item has a GUID, else over the canonical URL, else over
/// <c>source.Id + "|" + headline + "|" + yyyy-MM-dd</c>. Redelivering a dispatch always yields the same id.
/// </summary>
public static class ArticleIds
{
    /// <summary>Length of an id in hex characters.</summary>
    public const int Length = 32;

    /// <summary>Chooses the strongest key available and hashes it.</summary>
    public static string Create(string sourceId, string? itemGuid, Uri? canonicalUrl, string headline, DateOnly? date)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        if (!string.IsNullOrWhiteSpace(itemGuid))
        {
            return FromGuid(sourceId, itemGuid);
        }

        return canonicalUrl is not null ? FromUrl(canonicalUrl) : FromContent(sourceId, headline, date);
    }

    /// <summary>Id from the source and the item's own GUID.</summary>
    public static string FromGuid(string sourceId, string itemGuid) => Hash(sourceId + "|" + itemGuid.Trim());

    /// <summary>Id from a canonical URL (the same article from two sources gets one id).</summary>
    public static string FromUrl(Uri canonicalUrl)
    {
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        return Hash(canonicalUrl.AbsoluteUri);
    }

    /// <summary>Id from source, headline and date, for items with neither GUID nor URL.</summary>
    public static string FromContent(string sourceId, string headline, DateOnly? date) =>
        Hash(sourceId + "|" + headline.Trim() + "|" + (date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty));

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..Length];
}
