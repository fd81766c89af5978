using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Indexer.Tests;

/// <summary>Builds <see cref="ArticleEnriched"/> test messages; defaults form a valid Italian article.</summary>
internal sealed class ArticleBuilder
{
    private string _id = "art-" + Guid.NewGuid().ToString("N");
    private string _dispatchId = Guid.NewGuid().ToString("N");
    private int _version = 1;
    private string _language = "it";
    private string _headline = "Putin riceve pieno sostegno da Kim Jong Un";
    private string? _lead = "Il leader nordcoreano ha ribadito il pieno sostegno alla Russia.";
    private string[] _paragraphs = ["Il presidente russo ha ricevuto il sostegno del leader nordcoreano durante la visita a Pyongyang."];
    private SourceRef _source = new() { Id = "prima-notizia-24", Name = "Prima Notizia 24" };
    private DateTimeOffset? _publishedAt = new DateTimeOffset(2025, 8, 13, 9, 30, 0, TimeSpan.Zero);
    private readonly List<Entity> _entities = [];
    private readonly List<string> _sections = [];
    private readonly List<Topic> _topics = [];
    private readonly List<CountryRef> _countries = [];
    private Uri? _url;
    private int? _urgency;
    private string? _story;

    public static ArticleBuilder Italian() => new();

    public static ArticleBuilder English() => new ArticleBuilder()
        .Language("en")
        .Headline("Markets rally as central banks cut rates")
        .Lead("Stocks climbed on Tuesday after several central banks lowered borrowing costs.")
        .Body("Investors were running towards equities as the banks announced the cuts.", "Analysts expect further easing.")
        .Source("wire-en", "Example Wire");

    public ArticleBuilder Id(string id)
    {
        _id = id;
        return this;
    }

    public ArticleBuilder Dispatch(string dispatchId)
    {
        _dispatchId = dispatchId;
        return this;
    }

    public ArticleBuilder Version(int version)
    {
        _version = version;
        return this;
    }

    public ArticleBuilder Language(string code)
    {
        _language = code;
        return this;
    }

    public ArticleBuilder Headline(string headline)
    {
        _headline = headline;
        return this;
    }

    public ArticleBuilder Lead(string? lead)
    {
        _lead = lead;
        return this;
    }

    public ArticleBuilder Body(params string[] paragraphs)
    {
        _paragraphs = paragraphs;
        return this;
    }

    public ArticleBuilder Source(string id, string? name = null)
    {
        _source = new SourceRef { Id = id, Name = name };
        return this;
    }

    public ArticleBuilder Urgency(int? urgency)
    {
        _urgency = urgency;
        return this;
    }

    public ArticleBuilder Published(DateTimeOffset? publishedAt)
    {
        _publishedAt = publishedAt;
        return this;
    }

    public ArticleBuilder Entity(string name, string type = EntityTypes.Person, int count = 1, string? id = null)
    {
        _entities.Add(new Entity { Name = name, Type = type, Count = count, Mentions = [name], Id = id });
        return this;
    }

    public ArticleBuilder Topic(string code, string label)
    {
        _topics.Add(new Topic { Code = code, Label = label, Score = 0.9 });
        return this;
    }

    public ArticleBuilder Country(string code, string? name = null)
    {
        _countries.Add(new CountryRef { Code = code, Name = name, Score = 0.8 });
        return this;
    }

    public ArticleBuilder Story(string? clusterId)
    {
        _story = clusterId;
        return this;
    }

    public ArticleBuilder Section(string section)
    {
        _sections.Add(section);
        return this;
    }

    public ArticleBuilder Url(string url)
    {
        _url = new Uri(url);
        return this;
    }

    public ArticleEnriched Build()
    {
        var receivedAt = _publishedAt ?? new DateTimeOffset(2025, 8, 13, 10, 0, 0, TimeSpan.Zero);
        return new ArticleEnriched
        {
            DispatchId = _dispatchId,
            ReceivedAt = receivedAt,
            EnrichedAt = receivedAt.AddSeconds(2),
            Article = TestArticles.Canonical(_id, _headline, _lead, _paragraphs, _source) with
            {
                Version = _version,
                Sections = [.. _sections],
                PublishedAt = _publishedAt,
                DeclaredLanguage = _language,
                CanonicalUrl = _url,
                Urgency = _urgency,
            },
            Enrichment = new Enrichment
            {
                Language = new LanguageInfo { Code = _language, Detected = _language, Confidence = 0.99, Declared = _language },
                Entities = [.. _entities],
                Topics = [.. _topics],
                Countries = [.. _countries],
                Cluster = _story is null ? null : new StoryCluster { ClusterId = _story, Similarity = 0.8 },
            },
        };
    }
}
