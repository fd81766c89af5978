namespace Pipeline.Dispatches;

/// <summary>The one binary check for payload text, used where input enters (the fetcher) and again by the normalizer.</summary>
public static class PayloadText
{
    /// <summary>How much of a payload the check reads.</summary>
    public const int SampleLength = 64 * 1024;

    /// <summary>Largest share of control characters (outside <see cref="IsTextControl"/>) a text may have.</summary>
    public const double MaxControlCharacterRatio = 0.05;

    /// <summary>
    /// True when the text is binary or was decoded with the wrong encoding: a NUL, or more than 5 % control characters
    /// or replacement characters (U+FFFD), in its first 64 KB. Tab, line ends, form feed and the framing characters of
    /// IPTC 7901 / ANPA wires (SOH, STX, ETX, EOT, BEL, SYN) are text; so are C1 controls (a windows-1252 artefact).
    /// </summary>
    public static bool LooksBinary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sample = text.AsSpan(0, Math.Min(text.Length, SampleLength));
        if (sample.IsEmpty)
        {
            return false;
        }

        var suspicious = 0;
        foreach (var c in sample)
        {
            if (c == '\0')
            {
                return true;
            }

            if ((char.IsControl(c) && !IsTextControl(c) && c is < '\u0080' or > '\u009F') || c == '\uFFFD')
            {
                suspicious++;
            }
        }

        return suspicious > sample.Length * MaxControlCharacterRatio;
    }

    /// <summary>Control characters that occur in text: white space and the framing characters of agency wires.</summary>
    public static bool IsTextControl(char c) =>
        c is '\t' or '\n' or '\r' or '\f' or '\v' or '\u0001' or '\u0002' or '\u0003' or '\u0004' or '\u0007' or '\u0016';
}
