using System.Globalization;

namespace Pipeline.Normalizer.Articles;

/// <summary>
/// News urgency on the IPTC scale, 1 (flash) to 9 (least urgent): as NewsML-G2 <c>urgency</c>, NITF
/// <c>urgency/@ed-urg</c> and ninjs <c>urgency</c> give it, and mapped from IPTC 7901 / ANPA priorities.
/// </summary>
internal static class Urgencies
{
    /// <summary>A number 1–9, or null for anything else.</summary>
    public static int? FromNumber(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 9 ? value : null;

    /// <summary>
    /// An IPTC 7901 priority digit (1 flash … 6 deferred, kept as is) or an ANPA priority letter:
    /// <c>f</c> flash 1, <c>b</c> bulletin 2, <c>u</c> urgent 3, <c>r</c> regular 5, <c>d</c> deferred 7.
    /// </summary>
    public static int? FromIptc7901Priority(string? priority) => priority?.Trim() switch
    {
        null or "" => null,
        { Length: 1 } p when char.IsAsciiDigit(p[0]) => FromNumber(p),
        "f" or "F" => 1,
        "b" or "B" => 2,
        "u" or "U" => 3,
        "r" or "R" => 5,
        "d" or "D" => 7,
        _ => null,
    };
}
