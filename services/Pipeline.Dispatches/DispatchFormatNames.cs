using System.Collections.Frozen;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Dispatches;

/// <summary>
/// The one table of format names and their aliases. Every entry point (<c>POST /dispatches?format=</c>, raw AMQP,
/// <c>pipeline publish|run|normalize --format</c>) and the normalizer resolve a format hint here, so a name one of
/// them accepts, every one accepts. Names are case-insensitive; surrounding white space is ignored.
/// </summary>
public static class DispatchFormatNames
{
    /// <summary>The canonical names (<see cref="DispatchFormats"/> values), in the order they are listed to people.</summary>
    public static IReadOnlyList<string> Canonical { get; } =
    [
        DispatchFormats.Rss, DispatchFormats.Atom, DispatchFormats.JsonFeed, DispatchFormats.NewsMlG2, DispatchFormats.NewsMl,
        DispatchFormats.Nitf, DispatchFormats.Ninjs, DispatchFormats.Iptc7901, DispatchFormats.AgencyText, DispatchFormats.Html,
    ];

    /// <summary>Alternative spellings people and other systems use, each mapped to its canonical name.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["rdf"] = DispatchFormats.Rss,
        ["rss2"] = DispatchFormats.Rss,
        ["json"] = DispatchFormats.JsonFeed,
        ["json-feed"] = DispatchFormats.JsonFeed,
        ["newsml1"] = DispatchFormats.NewsMl,
        ["newsml-1"] = DispatchFormats.NewsMl,
        ["newsml-1.2"] = DispatchFormats.NewsMl,
        ["newsml12"] = DispatchFormats.NewsMl,
        ["newsmlg2"] = DispatchFormats.NewsMlG2,
        ["g2"] = DispatchFormats.NewsMlG2,
        ["7901"] = DispatchFormats.Iptc7901,
        ["iptc-7901"] = DispatchFormats.Iptc7901,
        ["iptc 7901"] = DispatchFormats.Iptc7901,
        ["anpa"] = DispatchFormats.Iptc7901,
        ["text"] = DispatchFormats.AgencyText,
        ["plain"] = DispatchFormats.AgencyText,
        ["markdown"] = DispatchFormats.AgencyText,
        ["agency"] = DispatchFormats.AgencyText,
        ["htm"] = DispatchFormats.Html,
        ["xhtml"] = DispatchFormats.Html,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> Lookup = Canonical.Select(c => KeyValuePair.Create(c, c))
        .Concat(Aliases)
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical name of a format name or alias; false for an unknown name (and for a blank one).</summary>
    public static bool TryResolve(string? name, out string format)
    {
        format = string.Empty;
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !Lookup.TryGetValue(trimmed, out var found))
        {
            return false;
        }

        format = found;
        return true;
    }

    /// <summary>For messages: the canonical names, then the aliases with what they stand for.</summary>
    public static string Describe() =>
        $"{string.Join(", ", Canonical)} (aliases: {string.Join(", ", Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} = {a.Value}"))})";
}
