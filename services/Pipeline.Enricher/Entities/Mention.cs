using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Entities;

/// <summary>One occurrence of a name in the plain text (or in the dateline, with no token range).</summary>
internal sealed record Mention
{
    /// <summary>Index of the first word token, or -1 for a dateline mention.</summary>
    public required int First { get; init; }

    /// <summary>Index of the last word token (inclusive), or -1 for a dateline mention.</summary>
    public required int Last { get; init; }

    /// <summary>The text as written.</summary>
    public required string Surface { get; init; }

    /// <summary>Offset in the plain text, or null for a dateline mention.</summary>
    public int? Start { get; init; }

    /// <summary>Folded words of the name (lower case, no diacritics).</summary>
    public required IReadOnlyList<string> Words { get; init; }

    /// <summary>The type the local evidence gives, or null when it says nothing.</summary>
    public string? Type { get; init; }

    /// <summary>The place the gazetteer matched.</summary>
    public Place? Place { get; init; }

    /// <summary>The known organisation (<c>organisations.tsv</c>) the name is a form of.</summary>
    public Organisation? Known { get; init; }

    /// <summary>A single all-caps token such as <c>KCNA</c>.</summary>
    public bool IsAcronym { get; init; }

    /// <summary>The statistical tagger's type for a name the rules found but could not type (used when nothing else types it).</summary>
    public string? TaggedType { get; init; }

    public string Key => string.Join(' ', Words);
}
