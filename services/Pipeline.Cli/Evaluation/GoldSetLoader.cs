using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;

namespace Pipeline.Cli.Evaluation;

/// <summary>
/// Reads and checks a gold folder: <c>articles/*.json</c> (required, at least one) and <c>pairs/*.json</c>
/// (optional). Every problem names its file: malformed JSON, a missing or empty field, an unknown entity
/// type or topic code, a duplicate id, or a surface form that does not occur in the article's text.
/// </summary>
internal static partial class GoldSetLoader
{
    public const string ArticlesFolder = "articles";
    public const string PairsFolder = "pairs";
    public const string DuplicateLabel = "duplicate";
    public const string RewriteLabel = "rewrite";
    public const string DifferentLabel = "different";

    private static readonly HashSet<string> EntityTypeNames = new(StringComparer.Ordinal)
    {
        EntityTypes.Person, EntityTypes.Organisation, EntityTypes.Place,
    };

    /// <summary>Loads <paramref name="folder"/>; throws <see cref="InvalidGoldException"/> naming the first bad file.</summary>
    public static GoldSet Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var articlesFolder = Path.Combine(folder, ArticlesFolder);
        if (!Directory.Exists(articlesFolder))
        {
            throw new InvalidGoldException(folder, $"no '{ArticlesFolder}' folder (expected {ArticlesFolder}/*.json, one hand-annotated article per file).");
        }

        var articleFiles = Directory.GetFiles(articlesFolder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (articleFiles.Count == 0)
        {
            throw new InvalidGoldException(articlesFolder, "no *.json article files.");
        }

        var articles = new List<GoldArticle>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in articleFiles)
        {
            var article = ReadArticle(file);
            if (!ids.TryAdd(article.Id, file))
            {
                throw new InvalidGoldException(file, $"id '{article.Id}' is already used by {ids[article.Id]}.");
            }

            articles.Add(article);
        }

        var pairs = new List<GoldPair>();
        var pairsFolder = Path.Combine(folder, PairsFolder);
        if (Directory.Exists(pairsFolder))
        {
            var pairIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(pairsFolder, "*.json").Order(StringComparer.Ordinal))
            {
                var pair = ReadPair(file);
                if (!pairIds.TryAdd(pair.Id, file))
                {
                    throw new InvalidGoldException(file, $"pair id '{pair.Id}' is already used by {pairIds[pair.Id]}.");
                }

                pairs.Add(pair);
            }
        }

        return new GoldSet(articles, pairs);
    }

    /// <summary>Reads one article file.</summary>
    public static GoldArticle ReadArticle(string file)
    {
        using var document = Parse(file);
        var root = Object(document.RootElement, file, "the file");
        var headline = RequiredString(root, "headline", file);
        var paragraphs = StringList(root, "paragraphs", file, required: true);
        var text = headline + "\n" + string.Join("\n", paragraphs);

        var language = RequiredString(root, "language", file);
        if (!LanguageCode().IsMatch(language))
        {
            throw new InvalidGoldException(file, $"language '{language}' is not an ISO 639-1 code such as 'it' or 'en'.");
        }

        var topic = RequiredString(root, "topic", file);
        if (!TopLevelTopic().IsMatch(topic))
        {
            throw new InvalidGoldException(file, $"topic '{topic}' is not one of the 17 top-level IPTC Media Topics (medtop:01000000 … medtop:17000000).");
        }

        var entities = new List<GoldEntity>();
        if (!root.TryGetProperty("entities", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidGoldException(file, "'entities' must be an array (it may be empty).");
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"entities[{index++}]";
            var entity = Object(item, file, where);
            var name = RequiredString(entity, "name", file, where);
            var type = RequiredString(entity, "type", file, where);
            if (!EntityTypeNames.Contains(type))
            {
                throw new InvalidGoldException(file, $"{where} ({name}): type '{type}' is not person, organisation or place.");
            }

            var mentions = StringList(entity, "mentions", file, required: true, where);
            foreach (var mention in mentions)
            {
                if (!text.Contains(mention, StringComparison.Ordinal))
                {
                    throw new InvalidGoldException(file, $"{where} ({name}): mention '{mention}' does not occur in the headline or paragraphs.");
                }
            }

            if (entities.Any(e => e.Type == type && EntityMatcher.Key(e.Name) == EntityMatcher.Key(name)))
            {
                throw new InvalidGoldException(file, $"{where}: {type} '{name}' is annotated twice; merge the two entries.");
            }

            entities.Add(new GoldEntity { Name = name, Type = type, Mentions = mentions });
        }

        var ignored = StringList(root, "ignored", file, required: false);
        foreach (var surface in ignored)
        {
            if (!text.Contains(surface, StringComparison.Ordinal))
            {
                throw new InvalidGoldException(file, $"ignored '{surface}' does not occur in the headline or paragraphs.");
            }
        }

        return new GoldArticle
        {
            Id = RequiredString(root, "id", file),
            Language = language,
            Source = RequiredString(root, "source", file),
            Url = OptionalString(root, "url"),
            Licence = OptionalString(root, "licence"),
            Headline = headline,
            Paragraphs = paragraphs,
            Topic = topic,
            Entities = entities,
            Ignored = ignored,
            File = file,
        };
    }

    /// <summary>Reads one pair file.</summary>
    public static GoldPair ReadPair(string file)
    {
        using var document = Parse(file);
        var root = Object(document.RootElement, file, "the file");
        var label = RequiredString(root, "label", file);
        if (label is not (DuplicateLabel or RewriteLabel or DifferentLabel))
        {
            throw new InvalidGoldException(file, $"label '{label}' must be 'duplicate' (republication), 'rewrite' (same event, another outlet's text) or 'different'.");
        }

        return new GoldPair
        {
            Id = RequiredString(root, "id", file),
            IsDuplicate = label == DuplicateLabel,
            IsRewrite = label == RewriteLabel,
            A = ReadSide(root, "a", file),
            B = ReadSide(root, "b", file),
            File = file,
        };
    }

    private static GoldPairSide ReadSide(JsonElement root, string name, string file)
    {
        if (!root.TryGetProperty(name, out var side))
        {
            throw new InvalidGoldException(file, $"'{name}' is missing (each pair has articles 'a' and 'b').");
        }

        var element = Object(side, file, $"'{name}'");
        return new GoldPairSide
        {
            Headline = RequiredString(element, "headline", file, name),
            Paragraphs = StringList(element, "paragraphs", file, required: true, name),
            Language = OptionalString(element, "language"),
            Source = OptionalString(element, "source"),
            Url = OptionalString(element, "url"),
            PublishedAt = OptionalDate(element, "published", file, name),
        };
    }

    private static DateTimeOffset? OptionalDate(JsonElement element, string name, string file, string where)
    {
        var text = OptionalString(element, name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new InvalidGoldException(file, $"'{where}.{name}' is not an ISO 8601 date ('{text}').");
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidGoldException(file, $"not valid JSON: {e.Message}");
        }
        catch (IOException e)
        {
            throw new InvalidGoldException(file, $"cannot be read: {e.Message}");
        }
    }

    private static JsonElement Object(JsonElement element, string file, string what) => element.ValueKind == JsonValueKind.Object
        ? element
        : throw new InvalidGoldException(file, $"{what} must be a JSON object.");

    private static string RequiredString(JsonElement element, string name, string file, string? where = null)
    {
        var prefix = where is null ? "" : where + ".";
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidGoldException(file, $"'{prefix}{name}' is missing or not a string.");
        }

        var text = value.GetString()!;
        return string.IsNullOrWhiteSpace(text)
            ? throw new InvalidGoldException(file, $"'{prefix}{name}' is empty.")
            : text;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> StringList(JsonElement element, string name, string file, bool required, string? where = null)
    {
        var prefix = where is null ? "" : where + ".";
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidGoldException(file, $"'{prefix}{name}' is missing.") : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidGoldException(file, $"'{prefix}{name}' must be an array of strings.");
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new InvalidGoldException(file, $"'{prefix}{name}' must hold non-empty strings only.");
            }

            items.Add(item.GetString()!);
        }

        return required && items.Count == 0
            ? throw new InvalidGoldException(file, $"'{prefix}{name}' is empty.")
            : items;
    }

    [GeneratedRegex("^[a-z]{2}$", RegexOptions.NonBacktracking)]
    private static partial Regex LanguageCode();

    [GeneratedRegex("^medtop:(0[1-9]|1[0-7])000000$", RegexOptions.NonBacktracking)]
    private static partial Regex TopLevelTopic();
}
