using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Testing;

/// <summary>Fully populated instances of every message, for golden wire-shape tests and as test data.</summary>
public static class ContractSamples
{
    public static readonly DateTimeOffset Received = new(2025, 8, 13, 9, 30, 0, TimeSpan.Zero);

    public static SourceRef Source { get; } = new() { Id = "prima-notizia-24", Name = "Prima Notizia 24" };

    public static DispatchReceived DispatchReceived { get; } = new()
    {
        DispatchId = "5f0c3a7e9b2d4e21a8f6c1d2e3f4a5b6",
        Source = Source,
        Origin = new DispatchOrigin { Kind = OriginKinds.File, Location = "samples/dispatches/prima-notizia-24-putin-kim.md" },
        ReceivedAt = Received,
        Payload = "## **Esteri - Russia: Putin riceve pieno sostegno da Kim Jong Un**\n\n...",
        FormatHint = DispatchFormats.AgencyText,
        ContentType = "text/markdown",
        Encoding = "utf-8",
        SourceProfile = "prima-notizia-24",
        ItemVersions = new Dictionary<string, int> { ["pn24-2025-08-13-putin-kim"] = 2 },
    };

    public static CanonicalArticle Article { get; } = new()
    {
        ArticleId = "9c1e0d2b7a4f4c3e8d5b6a7f8e9d0c1b",
        Version = 1,
        Source = Source,
        Format = DispatchFormats.AgencyText,
        ItemGuid = "pn24-2025-08-13-putin-kim",
        Headline = new Headline { Main = "Putin riceve pieno sostegno da Kim Jong Un", Sub = "Colloquio telefonico" },
        Sections = ["Esteri"],
        Subjects = ["Russia"],
        Dateline = new Dateline
        {
            Place = "Pyongyang",
            Country = "Nord Corea",
            CountryCode = "KP",
            Date = new DateOnly(2025, 8, 13),
            Agency = "Prima Notizia 24",
            Text = "Pyongyang (Nord Corea) - 13 ago 2025 (Prima Notizia 24)",
        },
        PublishedAt = new DateTimeOffset(2025, 8, 13, 0, 0, 0, TimeSpan.FromHours(2)),
        UpdatedAt = new DateTimeOffset(2025, 8, 13, 10, 0, 0, TimeSpan.FromHours(2)),
        Authors = [new Author { Name = "Renato Narciso", Role = "correspondent", Contact = "mailto:redazione@example.org", Url = new Uri("https://www.primanotizia24.it/autori/renato-narciso") }],
        DeclaredLanguage = "it",
        Lead = "I 2 capi di stato nel corso di un colloquio telefonico hanno ribadito il legame strategico.",
        Body = new ArticleBody
        {
            Paragraphs = ["I 2 capi di stato nel corso di un colloquio telefonico hanno ribadito il legame strategico.", "Vladimir Putin ha ricevuto ufficialmente dal presidente nordcoreano Kim Jong Un il sostegno del suo Paese."],
            Html = "<p>I 2 capi di stato nel corso di un colloquio telefonico hanno ribadito il legame strategico.</p><p>Vladimir Putin ha ricevuto ufficialmente dal presidente nordcoreano Kim Jong Un il sostegno del suo Paese.</p>",
        },
        CanonicalUrl = new Uri("https://www.primanotizia24.it/esteri/putin-kim"),
        ContentHash = "3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a",
        Warnings = [new ParseWarning { Code = "date-yearless", Message = "Dateline without a year; took 2025 from the receive time." }],
        Media =
        [
            new MediaItem
            {
                Url = new Uri("https://www.primanotizia24.it/media/putin-kim.jpg"),
                Kind = MediaKinds.Image,
                MimeType = "image/jpeg",
                Caption = "Vladimir Putin e Kim Jong Un",
                Credit = "Prima Notizia 24",
                Width = 1200,
                Height = 800,
                Length = 245_760,
            },
            new MediaItem { Url = new Uri("https://www.primanotizia24.it/media/putin-kim.mp3"), Kind = MediaKinds.Audio, MimeType = "audio/mpeg", DurationSeconds = 95.5 },
        ],
        Location = new GeoPoint { Latitude = 39.0392, Longitude = 125.7625, Name = "Pyongyang" },
        Urgency = 3,
        IsTeaser = false,
        CommentsUrl = new Uri("https://www.primanotizia24.it/esteri/putin-kim/commenti"),
        OriginalSource = new ItemOrigin { Title = "Prima Notizia 24", Url = new Uri("https://www.primanotizia24.it/") },
    };

    public static ArticleNormalized ArticleNormalized { get; } = new()
    {
        DispatchId = DispatchReceived.DispatchId,
        ReceivedAt = Received,
        NormalizedAt = Received.AddMilliseconds(40),
        Article = Article,
    };

    public static Enrichment Enrichment { get; } = new()
    {
        Language = new LanguageInfo { Code = "it", Detected = "it", Confidence = 0.99, Declared = "it", Conflict = false },
        Entities =
        [
            new Entity
            {
                Name = "Vladimir Putin",
                Type = EntityTypes.Person,
                Count = 2,
                Mentions = ["Putin", "Vladimir Putin"],
                Spans = [new TextSpan { Start = 0, Length = 5 }, new TextSpan { Start = 120, Length = 14 }],
                Id = "pipeline:person:vladimir-putin",
            },
            new Entity { Name = "North Korea", Type = EntityTypes.Place, Count = 1, Mentions = ["Nord Corea"], Spans = [new TextSpan { Start = 60, Length = 10 }], CountryCode = "KP", Id = "geonames:1873107" },
        ],
        Keywords = [new Keyword { Text = "colloquio telefonico", Score = 0.82 }],
        Topics = [new Topic { Code = "medtop:11000000", Label = "politica", Score = 0.9 }],
        Countries = [new CountryRef { Code = "KP", Name = "North Korea", Score = 1.0, Latitude = 39.03, Longitude = 125.75 }],
        Quotes = [new Quote { Text = "hanno ribadito il loro impegno a rafforzare ulteriormente la cooperazione", Speaker = "KCNA", Span = new TextSpan { Start = 300, Length = 72 } }],
        Cluster = new StoryCluster { ClusterId = "c-4f1a2b3c4d5e6f70", Fingerprint = "4f1a2b3c4d5e6f70", Similarity = 1.0 },
    };

    public static ArticleEnriched ArticleEnriched { get; } = new()
    {
        DispatchId = DispatchReceived.DispatchId,
        ReceivedAt = Received,
        EnrichedAt = Received.AddMilliseconds(90),
        Article = Article,
        Enrichment = Enrichment,
    };

    public static ArticleIndexed ArticleIndexed { get; } = new()
    {
        ArticleId = Article.ArticleId,
        DispatchId = DispatchReceived.DispatchId,
        Index = "articles",
        Version = 1,
        Replaced = false,
        IndexedAt = Received.AddMilliseconds(120),
    };

    public static DispatchRejected DispatchRejected { get; } = new()
    {
        DispatchId = DispatchReceived.DispatchId,
        Stage = "normalizer",
        ReasonCode = RejectionReasons.UnknownFormat,
        Message = "The payload is neither a feed nor a known agency layout; pass --format or a source profile.",
        RejectedAt = Received.AddMilliseconds(10),
        Source = Source,
        ArticleId = null,
    };
}
