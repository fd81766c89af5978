namespace Pipeline.Cli.Evaluation;

/// <summary>One hand-annotated article of the gold set (<c>&lt;gold&gt;/articles/*.json</c>).</summary>
internal sealed record GoldArticle
{
    public required string Id { get; init; }

    /// <summary>ISO 639-1 code of the text (<c>it</c>, <c>en</c>).</summary>
    public required string Language { get; init; }

    /// <summary>The outlet that published the text.</summary>
    public required string Source { get; init; }

    public string? Url { get; init; }

    public string? Licence { get; init; }

    public required string Headline { get; init; }

    public required IReadOnlyList<string> Paragraphs { get; init; }

    /// <summary>The top-level IPTC Media Topic, e.g. <c>medtop:11000000</c>.</summary>
    public required string Topic { get; init; }

    public required IReadOnlyList<GoldEntity> Entities { get; init; }

    /// <summary>Surface forms that are deliberately neither gold nor error (streets, buildings, titles of works, metonyms).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>The file the article was read from.</summary>
    public string File { get; init; } = "";
}

/// <summary>A gold entity: normalized name, type and the surface forms the text uses.</summary>
internal sealed record GoldEntity
{
    public required string Name { get; init; }

    /// <summary><c>person</c>, <c>organisation</c> or <c>place</c>.</summary>
    public required string Type { get; init; }

    public required IReadOnlyList<string> Mentions { get; init; }
}

/// <summary>A labelled pair of articles (<c>&lt;gold&gt;/pairs/*.json</c>).</summary>
internal sealed record GoldPair
{
    public required string Id { get; init; }

    /// <summary>True for <c>duplicate</c> (a republication: the same text), false for <c>rewrite</c> and <c>different</c>.</summary>
    public required bool IsDuplicate { get; init; }

    /// <summary>True for <c>rewrite</c>: the same event written independently by another outlet (maybe in another language).</summary>
    public bool IsRewrite { get; init; }

    /// <summary>The label as written: <c>duplicate</c>, <c>rewrite</c> or <c>different</c>.</summary>
    public string Label => IsDuplicate ? GoldSetLoader.DuplicateLabel : IsRewrite ? GoldSetLoader.RewriteLabel : GoldSetLoader.DifferentLabel;

    public required GoldPairSide A { get; init; }

    public required GoldPairSide B { get; init; }

    public string File { get; init; } = "";
}

/// <summary>One article of a pair.</summary>
internal sealed record GoldPairSide
{
    public required string Headline { get; init; }

    public required IReadOnlyList<string> Paragraphs { get; init; }

    public string? Language { get; init; }

    public string? Source { get; init; }

    public string? Url { get; init; }

    /// <summary>When the article was published (optional <c>published</c>, ISO 8601): the order of the clustering run.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>The gold folder: articles and, when present, pairs.</summary>
internal sealed record GoldSet(IReadOnlyList<GoldArticle> Articles, IReadOnlyList<GoldPair> Pairs);

/// <summary>A gold file that cannot be used, with the file and the problem.</summary>
internal sealed class InvalidGoldException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string FilePath { get; } = file;

    public string Problem { get; } = problem;
}
