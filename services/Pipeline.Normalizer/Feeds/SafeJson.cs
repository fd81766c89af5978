using System.Text.Json;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Feeds;

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
