using System.Globalization;
using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Pipeline.Contracts.Articles;
using Pipeline.TextRules;

namespace Pipeline.Indexer;

/// <summary>Maps an <see cref="ArticleEnriched"/> to a Lucene document and a stored document back to an <see cref="IndexedArticle"/>.</summary>
internal static class ArticleDocuments
{
    private const string ParagraphSeparator = "\n\n";

    /// <summary>How the whole message is stored: the same camelCase JSON subscribers receive under <c>message</c>.</summary>
    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    public static Document ToDocument(ArticleEnriched message, DateTimeOffset indexedAt)
    {
        var article = message.Article;
        var language = LanguageTags.Primary(message.Enrichment.Language.Code) ?? LanguageTags.Undetermined;
        var key = IndexFields.AnalyzerKey(language);
        var body = string.Join(ParagraphSeparator, article.Body.Paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)));
        var headline = article.Headline.Sub is { Length: > 0 } sub ? article.Headline.Main + "\n" + sub : article.Headline.Main;
        var date = article.PublishedAt ?? message.ReceivedAt;
        var dateMillis = date.ToUnixTimeMilliseconds();

        var doc = new Document
        {
            new StringField(IndexFields.Id, message.ArticleId, Field.Store.YES),
            new SortedDocValuesField(IndexFields.Id, new BytesRef(message.ArticleId)),
            new Int32Field(IndexFields.Version, article.Version, Field.Store.YES),
            new StringField(IndexFields.DispatchId, message.DispatchId, Field.Store.YES),
            new StoredField(IndexFields.Headline, article.Headline.Main),
            new StringField(IndexFields.SourceId, article.Source.Id, Field.Store.YES),
            new SortedSetDocValuesField(IndexFields.SourceId, new BytesRef(article.Source.Id)),
            new StringField(IndexFields.Language, language, Field.Store.YES),
            new SortedSetDocValuesField(IndexFields.Language, new BytesRef(language)),
            new Int64Field(IndexFields.Date, dateMillis, Field.Store.NO),
            new NumericDocValuesField(IndexFields.DateSort, dateMillis),
            new StoredField(IndexFields.IndexedAt, indexedAt.ToString("O", CultureInfo.InvariantCulture)),
            new StoredField(IndexFields.Body, body),
            new StoredField(IndexFields.Message, JsonSerializer.Serialize(message, MessageJson)),
        };

        if (article.Urgency is int urgency)
        {
            doc.Add(new Int32Field(IndexFields.Urgency, urgency, Field.Store.YES));
        }

        AddStored(doc, IndexFields.SubHeadline, article.Headline.Sub);
        AddStored(doc, IndexFields.SourceName, article.Source.Name);
        AddStored(doc, IndexFields.PublishedAt, article.PublishedAt?.ToString("O", CultureInfo.InvariantCulture));
        AddStored(doc, IndexFields.CanonicalUrl, article.CanonicalUrl?.ToString());
        AddStored(doc, IndexFields.Lead, article.Lead);

        foreach (var section in Distinct(article.Sections))
        {
            doc.Add(new StringField(IndexFields.Section, section, Field.Store.YES));
        }

        foreach (var author in Distinct(article.Authors.Select(a => a.Name)))
        {
            doc.Add(new StringField(IndexFields.Author, author, Field.Store.YES));
        }

        foreach (var entity in Distinct(message.Enrichment.Entities.Select(e => e.Name)))
        {
            doc.Add(new StoredField(IndexFields.Entity, entity));
            doc.Add(new StringField(IndexFields.EntityKey, entity.ToLowerInvariant(), Field.Store.NO));
        }

        AddFacet(doc, IndexFields.EntityFacet, message.Enrichment.Entities.Select(e => (e.Id ?? e.Name, (string?)e.Name)));
        foreach (var topic in Distinct(message.Enrichment.Topics.Select(t => t.Code)))
        {
            doc.Add(new StringField(IndexFields.Topic, topic.ToLowerInvariant(), Field.Store.NO));
        }

        AddFacet(doc, IndexFields.TopicFacet, message.Enrichment.Topics.Select(t => (t.Code.ToLowerInvariant(), (string?)t.Label)));
        foreach (var country in Distinct(message.Enrichment.Countries.Select(c => c.Code)))
        {
            doc.Add(new StringField(IndexFields.Country, country.ToUpperInvariant(), Field.Store.NO));
        }

        AddFacet(doc, IndexFields.CountryFacet, message.Enrichment.Countries.Select(c => (c.Code.ToUpperInvariant(), c.Name)));
        if (message.Enrichment.Cluster?.ClusterId is { Length: > 0 and <= MaxValueLength } story)
        {
            doc.Add(new StringField(IndexFields.Story, story, Field.Store.YES));
            doc.Add(new SortedSetDocValuesField(IndexFields.Story, new BytesRef(story)));
        }

        foreach (var id in Distinct(message.Enrichment.Entities.Select(e => e.Id).OfType<string>()))
        {
            doc.Add(new StringField(IndexFields.EntityKey, id.ToLowerInvariant(), Field.Store.NO));
        }

        foreach (var keyword in Distinct(message.Enrichment.Keywords.Select(k => k.Text)))
        {
            doc.Add(new StringField(IndexFields.Keyword, keyword, Field.Store.YES));
        }

        // Searchable text: once with the language's analyzer, once plain (std) so exact words match whatever the language.
        var text = string.Join(ParagraphSeparator, new[] { headline, article.Lead, body }.Where(t => !string.IsNullOrWhiteSpace(t)));
        var labels = string.Join(' ', article.Sections.Concat(article.Subjects).Concat(message.Enrichment.Keywords.Select(k => k.Text)));
        doc.Add(new TextField(IndexFields.Title(key), headline, Field.Store.NO));
        doc.Add(new TextField(IndexFields.Text(key), text, Field.Store.NO));
        if (key != IndexFields.Standard)
        {
            doc.Add(new TextField(IndexFields.Title(IndexFields.Standard), headline, Field.Store.NO));
            doc.Add(new TextField(IndexFields.Text(IndexFields.Standard), text, Field.Store.NO));
        }

        if (labels.Length > 0)
        {
            doc.Add(new TextField(IndexFields.Text(IndexFields.Standard), labels, Field.Store.NO));
        }

        return doc;
    }

    public static IndexedArticle ToArticle(Document doc) => new()
    {
        ArticleId = doc.Get(IndexFields.Id, CultureInfo.InvariantCulture),
        Version = StoredVersion(doc),
        DispatchId = doc.Get(IndexFields.DispatchId, CultureInfo.InvariantCulture) ?? "",
        Headline = doc.Get(IndexFields.Headline, CultureInfo.InvariantCulture) ?? "",
        SubHeadline = doc.Get(IndexFields.SubHeadline, CultureInfo.InvariantCulture),
        SourceId = doc.Get(IndexFields.SourceId, CultureInfo.InvariantCulture) ?? "",
        SourceName = doc.Get(IndexFields.SourceName, CultureInfo.InvariantCulture),
        PublishedAt = ParseDate(doc.Get(IndexFields.PublishedAt, CultureInfo.InvariantCulture)),
        IndexedAt = ParseDate(doc.Get(IndexFields.IndexedAt, CultureInfo.InvariantCulture)),
        Language = doc.Get(IndexFields.Language, CultureInfo.InvariantCulture) ?? LanguageTags.Undetermined,
        Sections = doc.GetValues(IndexFields.Section, CultureInfo.InvariantCulture),
        Authors = doc.GetValues(IndexFields.Author, CultureInfo.InvariantCulture),
        Entities = doc.GetValues(IndexFields.Entity, CultureInfo.InvariantCulture),
        Keywords = doc.GetValues(IndexFields.Keyword, CultureInfo.InvariantCulture),
        CanonicalUrl = doc.Get(IndexFields.CanonicalUrl, CultureInfo.InvariantCulture),
        Lead = doc.Get(IndexFields.Lead, CultureInfo.InvariantCulture),
        Body = doc.Get(IndexFields.Body, CultureInfo.InvariantCulture) ?? "",
        Enriched = StoredMessage(doc),
    };

    /// <summary>The stored message; null for documents indexed before it was stored (reindex to fill it).</summary>
    private static ArticleEnriched? StoredMessage(Document doc) =>
        doc.Get(IndexFields.Message, CultureInfo.InvariantCulture) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<ArticleEnriched>(json, MessageJson)
            : null;

    public static int StoredVersion(Document doc) => doc.GetField(IndexFields.Version)?.GetInt32Value() ?? 1;

    public static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;

    /// <summary>Facet doc values: each distinct value once, with its label (<see cref="FacetValues.Encode"/>).</summary>
    private static void AddFacet(Document doc, string field, IEnumerable<(string Value, string? Label)> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, label) in values)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxValueLength || !seen.Add(value.Trim()))
            {
                continue;
            }

            var cleanLabel = label is { Length: <= MaxValueLength } ? label.Trim() : null;
            doc.Add(new SortedSetDocValuesField(field, new BytesRef(FacetValues.Encode(value.Trim(), cleanLabel))));
        }
    }

    private static void AddStored(Document doc, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            doc.Add(new StoredField(field, value));
        }
    }

    // Lucene rejects terms over 32766 UTF-8 bytes; names and labels that long are garbage anyway.
    private const int MaxValueLength = 1000;

    private static IEnumerable<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v) && v.Length <= MaxValueLength).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal);
}
