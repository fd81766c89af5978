using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Enricher;
using Pipeline.Indexer;
using Pipeline.Testing;

namespace Pipeline.Benchmarks;

/// <summary>
/// <c>search-p99 [articles] [index folder] [queries]</c>: builds an index of <c>articles</c> (default 100,000) articles
/// from the real article texts of the development corpus (<c>corpus/*.json</c>, each enriched once by the real
/// enricher) with variations — paragraphs of two articles of the same language recombined, publication times spread
/// over a year, ten sources, urgencies, stories of a few articles each — then times <c>queries</c> (default 2,000)
/// searches of two words from the corpus's headlines with two filters (language and a date range) and every facet,
/// after a warm-up, and prints the percentiles with the machine's load. A measurement, never a test.
/// </summary>
internal static class SearchP99
{
    private static readonly DateTimeOffset Newest = new(2025, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sources = ["ansa", "agi", "adnkronos", "prima-notizia-24", "reuters", "ap", "afp", "bbc", "guardian", "corriere"];

    public static async Task<int> RunAsync(string[] args)
    {
        var articles = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var folder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"pipeline-search-p99-{articles}");
        var queries = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2_000;
        var corpus = Corpus();
        Console.WriteLine($"corpus: {corpus.Count} real articles ({string.Join(", ", corpus.GroupBy(a => a.Language).Select(g => $"{g.Key} {g.Count()}"))})");

        using var index = new ArticleIndex(folder, commitDelay: TimeSpan.FromMilliseconds(200));
        if (index.Count < articles)
        {
            await BuildAsync(index, corpus, articles);
        }

        Console.WriteLine($"index: {index.Count:N0} articles in {folder} ({DirectorySize(folder) / 1024 / 1024:N0} MB)");
        var random = new Random(7);
        var words = corpus.Select(a => (a.Language, Words: a.Headline.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(',', '.', ':', ';', '"', '\'', '‘', '’', '“', '”', '(', ')')).Where(w => w.Length >= 4).ToArray()))
            .Where(a => a.Words.Length >= 2).ToArray();
        SearchRequest NextRequest()
        {
            var (language, pool) = words[random.Next(words.Length)];
            var first = pool[random.Next(pool.Length)];
            var second = pool[random.Next(pool.Length)];
            return new SearchRequest
            {
                Query = first + " " + second,
                Language = language,
                From = Newest.AddDays(-random.Next(30, 300)),
                Limit = 10,
            };
        }

        for (var i = 0; i < 200; i++)
        {
            index.Search(NextRequest()); // warm-up: JIT, caches, doc values
        }

        var times = new double[queries];
        var matches = 0L;
        for (var i = 0; i < queries; i++)
        {
            var request = NextRequest();
            var started = Stopwatch.GetTimestamp();
            var response = index.Search(request);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            matches += response.Total;
            if (response.Facets.Count != SearchResponse.FacetNames.Count)
            {
                throw new InvalidOperationException("Facets missing from the response.");
            }
        }

        Array.Sort(times);
        double Percentile(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p / 100 * times.Length) - 1)];
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine($"{queries:N0} searches (two words, lang + date range filters, 7 facets; {matches / queries:N0} matches on average):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"p50 {Percentile(50):0.0} ms, p90 {Percentile(90):0.0} ms, p99 {Percentile(99):0.0} ms, max {times[^1]:0.0} ms"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {load}");
        return 0;
    }

    private sealed record CorpusArticle(string Language, string Headline, string[] Paragraphs, Enrichment Enrichment);

    /// <summary>The development corpus's articles, each enriched once by the real enricher.</summary>
    private static List<CorpusArticle> Corpus()
    {
        var enricher = ArticleEnricher.CreateDefault();
        var folder = Path.Combine(AppContext.BaseDirectory, "corpus");
        return [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            var headline = root.GetProperty("headline").GetString()!;
            var paragraphs = root.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToArray();
            var canonical = TestArticles.Canonical(Path.GetFileNameWithoutExtension(file), headline, null, paragraphs);
            return new CorpusArticle(root.GetProperty("language").GetString()!, headline, paragraphs, enricher.Enrich(canonical));
        })];
    }

    private static async Task BuildAsync(ArticleIndex index, List<CorpusArticle> corpus, int count)
    {
        var random = new Random(11);
        var byLanguage = corpus.GroupBy(a => a.Language).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        const int Batch = 2_000;
        for (var start = index.Count; start < count; start += Batch)
        {
            var writes = new List<Task>(Batch);
            for (var n = start; n < Math.Min(count, start + Batch); n++)
            {
                writes.Add(index.UpsertAsync(Variation(n, corpus, byLanguage, random)));
            }

            await Task.WhenAll(writes);
            Console.Write($"\rindexed {Math.Min(count, start + Batch):N0} / {count:N0} ({clock.Elapsed.TotalSeconds:0} s)");
        }

        Console.WriteLine();
    }

    /// <summary>Article <paramref name="n"/>: a corpus article's headline and enrichment, its paragraphs mixed with another's of the same language.</summary>
    private static ArticleEnriched Variation(int n, List<CorpusArticle> corpus, Dictionary<string, CorpusArticle[]> byLanguage, Random random)
    {
        var basis = corpus[n % corpus.Count];
        var sameLanguage = byLanguage[basis.Language];
        var other = sameLanguage[random.Next(sameLanguage.Length)];
        var paragraphs = basis.Paragraphs.Concat(other.Paragraphs.Take(1 + random.Next(other.Paragraphs.Length))).OrderBy(_ => random.Next()).ToArray();
        var published = Newest.AddMinutes(-random.Next(0, 365 * 24 * 60));
        var source = Sources[random.Next(Sources.Length)];
        var id = $"bench-{n:0000000}";
        var article = TestArticles.Canonical(id, basis.Headline, paragraphs[0], paragraphs, new SourceRef { Id = source, Name = source }) with
        {
            PublishedAt = published,
            Urgency = random.Next(4) == 0 ? null : 1 + random.Next(9),
        };
        return new ArticleEnriched
        {
            DispatchId = id,
            ReceivedAt = published,
            EnrichedAt = published.AddSeconds(1),
            Article = article,
            Enrichment = basis.Enrichment with
            {
                // Stories of about five articles: the same corpus article's variations published close together.
                Cluster = new StoryCluster { ClusterId = $"c-{n / (corpus.Count * 5):x8}{n % corpus.Count:x8}", Similarity = 0.8 },
            },
        };
    }

    private static long DirectorySize(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
