using System.Text.Json;

namespace Pipeline.Enricher.Tests;

public sealed class ExploreTests
{
    [Fact]
    public void Dump()
    {
        var enricher = ArticleEnricher.CreateDefault();
        var o = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText("/tmp/enr/it.json", JsonSerializer.Serialize(enricher.Enrich(Articles.PrimaNotizia()), o));
        File.WriteAllText("/tmp/enr/en.json", JsonSerializer.Serialize(enricher.Enrich(Articles.EnglishStory()), o));
        Assert.True(true);
    }
}
public sealed class PerfTests
{
    [Fact]
    public void Measure()
    {
        var before = Environment.WorkingSet;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var enricher = ArticleEnricher.CreateDefault();
        var it = Articles.PrimaNotizia();
        var en = Articles.EnglishStory();
        enricher.Enrich(it);
        enricher.Enrich(en);
        var first = sw.Elapsed;
        sw.Restart();
        for (var i = 0; i < 200; i++) { enricher.Enrich(it); enricher.Enrich(en); }
        var warm = sw.Elapsed;
        sw.Restart();
        for (var i = 0; i < 200; i++) { Pipeline.Enricher.Text.Tokenizer.Tokenize(ArticleEnricher.PlainText(it)); }
        var tok = sw.Elapsed;
        var text = ArticleEnricher.PlainText(it);
        var tokens = Pipeline.Enricher.Text.Tokenizer.Tokenize(text);
        var lang = new Pipeline.Enricher.Languages.LanguageIdentifier(Microsoft.Extensions.Options.Options.Create(new EnricherOptions()));
        lang.Identify(text, null);
        sw.Restart();
        for (var i = 0; i < 100; i++) { lang.Identify(text, null); }
        var tLang = sw.Elapsed.TotalMilliseconds / 100;
        var rec = new Pipeline.Enricher.Entities.EntityRecognizer(Pipeline.Enricher.Lexicons.Lexicon.Default, Pipeline.Enricher.Lexicons.Gazetteer.Default);
        sw.Restart();
        IReadOnlyList<Pipeline.Enricher.Entities.RecognizedEntity> ents = [];
        for (var i = 0; i < 100; i++) { ents = rec.Recognize(text, tokens, it); }
        var tEnt = sw.Elapsed.TotalMilliseconds / 100;
        var kw = new Pipeline.Enricher.Keywords.KeywordExtractor(Pipeline.Enricher.Lexicons.Lexicon.Default);
        sw.Restart();
        for (var i = 0; i < 100; i++) { kw.Extract(tokens, "it", ents.SelectMany(e => e.Entity.Spans), 10, 3); }
        var tKw = sw.Elapsed.TotalMilliseconds / 100;
        sw.Restart();
        for (var i = 0; i < 100; i++) { Pipeline.Enricher.Topics.TopicClassifier.Default.Classify(it, tokens, "it", 3); }
        var tTop = sw.Elapsed.TotalMilliseconds / 100;
        sw.Restart();
        for (var i = 0; i < 100; i++) { Pipeline.Enricher.Quotes.QuoteFinder.Find(text, ents); }
        var tQ = sw.Elapsed.TotalMilliseconds / 100;
        File.WriteAllText("/tmp/enr/perf2.txt", $"lang {tLang} ent {tEnt} kw {tKw} topics {tTop} quotes {tQ}");
        GC.Collect();
        File.WriteAllText("/tmp/enr/perf.txt", $"first {first.TotalMilliseconds} ms; warm {warm.TotalMilliseconds / 400} ms/article; tokenize {tok.TotalMilliseconds / 200} ms; ws before {before / 1e6} MB after {Environment.WorkingSet / 1e6} MB; managed {GC.GetTotalMemory(true) / 1e6} MB; textlen {ArticleEnricher.PlainText(it).Length}");
        Assert.True(true);
    }
}
