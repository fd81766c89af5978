using System.Text.Json;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Parsing;

/// <summary>
/// The one way JSON payloads (JSON Feed, ninjs) are read: depth bounded, comments and trailing commas
/// tolerated, a syntax error turned into a <c>malformed</c> rejection that says where it is.
/// </summary>
internal static class SafeJson
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// A JSON string's value. JSON allows escapes of lone surrogates (<c>"\\ud800"</c>), which
    /// <see cref="JsonElement.GetString"/> refuses with an exception that used to lose the whole document (issue 11):
    /// such a string is decoded by hand and its lone surrogates are dropped (they are no text).
    /// </summary>
    public static string? GetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException) when (value.ValueKind == JsonValueKind.String)
        {
            return Decode(value.GetRawText());
        }
    }

    /// <summary>Decodes a raw JSON string literal (quotes included), lone surrogates dropped.</summary>
    private static string Decode(string raw)
    {
        var builder = new System.Text.StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length - 1; i++)
        {
            var c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length - 1)
            {
                builder.Append(c);
                continue;
            }

            var escape = raw[++i];
            if (escape == 'u' && i + 4 < raw.Length
                && int.TryParse(raw.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 4;
                continue;
            }

            builder.Append(escape switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => escape });
        }

        return Text.TextCleaner.WithoutLoneSurrogates(builder.ToString());
    }

    /// <summary>Parses <paramref name="payload"/>; <paramref name="what"/> names the document in the rejection ("JSON Feed").</summary>
    public static JsonDocument Parse(string payload, string what)
    {
        try
        {
            return JsonDocument.Parse(payload, Options);
        }
        catch (JsonException ex)
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed,
                $"The {what} could not be parsed at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}", ex);
        }
    }
}
