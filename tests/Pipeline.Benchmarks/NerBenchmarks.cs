using BenchmarkDotNet.Attributes;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher;
using Pipeline.Enricher.Entities.Tagging;
using Pipeline.Enricher.Text;
using Pipeline.Normalizer;

namespace Pipeline.Benchmarks;

/// <summary>
/// The statistical named-entity tagger alone over one ~2 KB article (tokens ready): the cost the tagger adds to
/// <see cref="EnricherBenchmarks"/>. Articles per second per core = 1 / mean time.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class NerBenchmarks
{
    private IReadOnlyList<Token> _tokens = null!;
    private readonly HashSet<string> _lowerCase = new(StringComparer.Ordinal);

    [Params("it: prima-notizia-24", "en: world-wire ECB")]
    public string Article { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var normalizer = DispatchNormalizer.CreateDefault();
        CanonicalArticle article = Article.StartsWith("it", StringComparison.Ordinal)
            ? normalizer.Normalize(BenchmarkInputs.Dispatch("dispatches/prima-notizia-24-putin-kim.md", "prima-notizia-24", "prima-notizia-24"))[0]
            : normalizer.Normalize(BenchmarkInputs.Dispatch("news/world-wire.rss.xml", "world-wire"))[0];
        var text = ArticleEnricher.PlainText(article);
        _tokens = Tokenizer.Tokenize(text);
        _lowerCase.UnionWith(_tokens.Where(t => t.IsWord && char.IsLower(t.Text[0])).Select(t => t.Folded));
        NerTagger.Default.Tag(_tokens, _lowerCase);
        Console.WriteLine($"// {Article}: {text.Length:N0} characters, {_tokens.Count:N0} tokens");
    }

    [Benchmark]
    public int Tag() => NerTagger.Default.Tag(_tokens, _lowerCase).Count;
}
