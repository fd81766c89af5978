using BenchmarkDotNet.Attributes;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher;
using Pipeline.Normalizer;

namespace Pipeline.Benchmarks;

/// <summary>
/// One ~2 KB article through <see cref="ArticleEnricher.Enrich"/> with every enrichment on (language
/// models warm). Articles per second per core = 1 / mean time.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class EnricherBenchmarks
{
    private ArticleEnricher _enricher = null!;
    private CanonicalArticle _article = null!;

    [Params("it: prima-notizia-24", "en: world-wire ECB")]
    public string Article { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var normalizer = DispatchNormalizer.CreateDefault();
        _article = Article.StartsWith("it", StringComparison.Ordinal)
            ? normalizer.Normalize(BenchmarkInputs.Dispatch("dispatches/prima-notizia-24-putin-kim.md", "prima-notizia-24", "prima-notizia-24"))[0]
            : normalizer.Normalize(BenchmarkInputs.Dispatch("news/world-wire.rss.xml", "world-wire"))[0];
        _enricher = ArticleEnricher.CreateDefault();
        _enricher.Enrich(_article);
        var text = string.Join("\n\n", _article.Body.Paragraphs);
        Console.WriteLine($"// {Article}: {text.Length:N0} characters of body text");
    }

    [Benchmark]
    public int Enrich() => _enricher.Enrich(_article).Entities.Count;
}
