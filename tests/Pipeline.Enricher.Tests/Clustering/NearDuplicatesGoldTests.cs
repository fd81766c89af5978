using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Enricher.Clustering;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests.Clustering;

/// <summary>
/// Duplicate-pair precision and recall on the gold pairs (real published copy, see
/// tests/gold/enrichment/pairs/SOURCES.md) at <see cref="NearDuplicates.DefaultThreshold"/>.
/// </summary>
public sealed class NearDuplicatesGoldTests(ITestOutputHelper output)
{
    internal static string PairsFolder => Path.Combine(RepositoryLayout.Root, "tests", "gold", "enrichment", "pairs");

    [Fact]
    public void GoldPairs_AreEnoughAndMixItalianAndEnglish()
    {
        var pairs = GoldPair.Load(PairsFolder);

        Assert.True(pairs.Count(p => p.Duplicate) >= 20, "at least 20 near-duplicate pairs");
        Assert.True(pairs.Count(p => !p.Duplicate) >= 20, "at least 20 different-but-similar pairs (different events, or rewrites of one event)");
        Assert.Contains(pairs, p => p.Language == "it" && p.Duplicate);
        Assert.Contains(pairs, p => p.Language == "en" && p.Duplicate);
        Assert.Contains(pairs, p => p.Language == "it" && !p.Duplicate);
        Assert.Contains(pairs, p => p.Language == "en" && !p.Duplicate);
        Assert.All(pairs, p => Assert.NotEqual(p.A.CanonicalUrl, p.B.CanonicalUrl));
    }

    [Fact]
    public void AreNearDuplicates_GoldPairsAtDefaultThreshold_MeetPrecisionAndRecallTargets()
    {
        var pairs = GoldPair.Load(PairsFolder);
        int truePositives = 0, falsePositives = 0, falseNegatives = 0;
        foreach (var pair in pairs.OrderBy(p => NearDuplicates.Resemblance(p.A, p.B)))
        {
            var predicted = NearDuplicates.AreNearDuplicates(pair.A, pair.B);
            var resemblance = NearDuplicates.Resemblance(pair.A, pair.B);
            var simHash = NearDuplicates.Similarity(NearDuplicates.Fingerprint(pair.A), NearDuplicates.Fingerprint(pair.B));
            output.WriteLine($"{resemblance:0.000} {simHash:0.000} {(pair.Duplicate ? "duplicate" : "different"),-9} {(predicted == pair.Duplicate ? "ok " : "ERR")} {pair.Id}");
            if (predicted && pair.Duplicate)
            {
                truePositives++;
            }
            else if (predicted)
            {
                falsePositives++;
            }
            else if (pair.Duplicate)
            {
                falseNegatives++;
            }
        }

        var precision = truePositives + falsePositives == 0 ? 0 : (double)truePositives / (truePositives + falsePositives);
        var recall = (double)truePositives / (truePositives + falseNegatives);
        output.WriteLine($"threshold {NearDuplicates.DefaultThreshold}: precision {precision:0.000}, recall {recall:0.000} ({pairs.Count} pairs)");

        Assert.True(precision >= 0.95, $"precision {precision:0.000} < 0.95");
        Assert.True(recall >= 0.90, $"recall {recall:0.000} < 0.90");
    }

    /// <summary>One gold pair file.</summary>
    internal sealed record GoldPair(string Id, bool Duplicate, string Language, CanonicalArticle A, CanonicalArticle B)
    {
        public static List<GoldPair> Load(string folder) =>
            [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Read)];

        private static GoldPair Read(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString()!;
            var label = root.GetProperty("label").GetString();
            // "rewrite" (the same event written independently by another outlet) is not a near-duplicate.
            Assert.True(label is "duplicate" or "different" or "rewrite", $"{path}: label '{label}'");
            var a = Article(id + "/a", root.GetProperty("a"));
            var b = Article(id + "/b", root.GetProperty("b"));
            return new GoldPair(id, label == "duplicate", a.DeclaredLanguage!, a, b);
        }

        private static CanonicalArticle Article(string id, JsonElement side)
        {
            var paragraphs = side.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToList();
            Assert.NotEmpty(paragraphs);
            return TestArticles.Canonical(id, side.GetProperty("headline").GetString()!, null, paragraphs, new SourceRef { Id = side.GetProperty("source").GetString()! }) with
            {
                DeclaredLanguage = side.GetProperty("language").GetString(),
                CanonicalUrl = new Uri(side.GetProperty("url").GetString()!),
            };
        }
    }
}
