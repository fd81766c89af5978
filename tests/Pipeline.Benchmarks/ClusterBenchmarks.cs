using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Clustering;
using Pipeline.Normalizer;

namespace Pipeline.Benchmarks;

/// <summary>
/// The story-cluster step of the enricher: fingerprinting alone, a full assignment of a near-duplicate through
/// the SQLite store (the embedded mode's), and the assignment of a new independent report of an event whose
/// story already holds <see cref="StoryArticles"/> articles (the event level: signature, document frequencies,
/// candidate stories, centroid update) — flat cost means the last column does not grow with the story.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ClusterBenchmarks
{
    private static readonly string[] Sentences =
    [
        "Russian President Vladimir Putin received full support from Kim Jong Un in Pyongyang on 13 August.",
        "Kim Jong Un said North Korea stands with Russia and its army, the KCNA agency reported.",
        "The two leaders met for 3 hours and signed 12 documents on cooperation.",
        "Putin thanked Pyongyang for the soldiers sent to the Kursk region.",
        "Analysts in Seoul said the meeting deepened a military partnership worrying Washington.",
        "The Kremlin said Putin would visit Vladivostok after the talks.",
        "Kim promised to help Russia with artillery shells, according to South Korean intelligence.",
        "The summit was the second between the two leaders in 14 months.",
        "State television showed a parade of 10,000 soldiers in Kim Il Sung Square.",
        "Western governments condemned the agreement as a breach of UN sanctions.",
        "Putin invited Kim to Moscow for the next round of talks in 2026.",
        "Russian diplomats said trade between the countries grew by 9.4 per cent.",
    ];

    private static readonly Enrichment StoryEnrichment = new()
    {
        Language = new LanguageInfo { Code = "en" },
        Entities =
        [
            new Entity { Name = "Vladimir Putin", Type = EntityTypes.Person, Count = 3, Mentions = ["Vladimir Putin", "Putin"] },
            new Entity { Name = "Kim Jong Un", Type = EntityTypes.Person, Count = 3, Mentions = ["Kim Jong Un", "Kim"] },
            new Entity { Name = "Pyongyang", Type = EntityTypes.Place, Count = 2, Mentions = ["Pyongyang"] },
            new Entity { Name = "Russia", Type = EntityTypes.Place, Count = 2, Mentions = ["Russia"] },
        ],
    };

    private CanonicalArticle _article = null!;
    private StoryClusterer _clusterer = null!;
    private string _folder = null!;
    private int _next;

    /// <summary>Articles of the story before the measured one arrives.</summary>
    [Params(1, 100, 1000)]
    public int StoryArticles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _article = DispatchNormalizer.CreateDefault().Normalize(BenchmarkInputs.Dispatch("dispatches/prima-notizia-24-putin-kim.md", "prima-notizia-24", "prima-notizia-24"))[0];
        _folder = Path.Combine(Path.GetTempPath(), "pipeline-cluster-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new SqliteStoryClusterStore(Path.Combine(_folder, "clusters.db"));
        _clusterer = new StoryClusterer(store, Options.Create(new ClusteringOptions()), TimeProvider.System, NullLogger<StoryClusterer>.Instance);
        for (var i = 0; i < StoryArticles; i++)
        {
            _clusterer.AssignAsync(Report(i), StoryEnrichment, CancellationToken.None).GetAwaiter().GetResult();
        }

        _next = StoryArticles;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public ulong Fingerprint() => NearDuplicates.Fingerprint(_article);

    [Benchmark]
    public async Task<string> AssignCopyThroughSqlite() =>
        (await _clusterer.AssignAsync(_article with { ArticleId = $"copy-{Interlocked.Increment(ref _next)}" }, CancellationToken.None)).ClusterId;

    [Benchmark]
    public async Task<string> AssignReportToGrownStory() =>
        (await _clusterer.AssignAsync(Report(Interlocked.Increment(ref _next)), StoryEnrichment, CancellationToken.None)).ClusterId;

    /// <summary>Report <paramref name="n"/> of the event: four of the twelve sentences, chosen by <paramref name="n"/>, and a line of its own.</summary>
    private static CanonicalArticle Report(int n)
    {
        var random = new Random(n);
        var paragraphs = Sentences.OrderBy(_ => random.Next()).Take(4).Append($"Outlet {n} reported the story at {n % 24}:{n % 60:00}.").ToList();
        return new CanonicalArticle
        {
            ArticleId = $"report-{n}",
            Source = new Pipeline.Contracts.Dispatches.SourceRef { Id = $"outlet-{n}", Name = $"Outlet {n}" },
            Format = Pipeline.Contracts.Dispatches.DispatchFormats.Html,
            Headline = new Headline { Main = $"Putin and Kim meet in Pyongyang ({n})" },
            Body = new ArticleBody { Paragraphs = paragraphs, Html = string.Empty },
            ContentHash = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
