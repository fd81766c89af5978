using Pipeline.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Mutated real inputs (truncated, bytes flipped, markup injected) must end as articles or as a
/// <see cref="PermanentDispatchException"/> — never as any other exception.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    public static TheoryData<string> Inputs => new()
    {
        "fixtures:rss2-news.xml",
        "fixtures:atom-news.xml",
        "fixtures:jsonfeed-11.json",
        "fixtures:nitf-standalone.xml",
        "fixtures:article-page.html",
        "fixtures:rss-repairable.xml",
        "samples:" + Samples.PrimaNotizia,
        "samples:newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
        "samples:feeds/small_atom.xml",
        "samples:feeds/rdf_UTF8.xml",
        "fixtures:rss2-media.xml",
        "fixtures:podcast.xml",
        "fixtures:atom-media.xml",
        "fixtures:jsonfeed-10.json",
        "fixtures:ninjs-1.json",
        "fixtures:ninjs-2.json",
        "fixtures:newsml-g2-media.xml",
        "fixtures:iptc7901-ap.txt",
        "fixtures:iptc7901-ansa.txt",
    };

    [Fact]
    public void Normalize_Iptc7901HostileShapes_ArticlesOrPermanentRejection()
    {
        string[] payloads =
        [
            "\u0001\u0002\u0003",
            "\u0001" + new string('\u0002', 500) + "\u0003",
            "\u0001A0001 1 POL\r\n\u0002" + new string('X', 200_000) + "\u0003",
            "\u0001A0001 1 POL\r\n\u0002" + string.Concat(Enumerable.Repeat("ROMA (ANSA) - ", 5_000)) + "\u0003",
            string.Concat(Enumerable.Repeat("\u0001A0001 1 POL\r\n\u0002Titolo\r\n\r\nTesto.\u0003", 3_000)),
            "\u0001" + new string(' ', 100_000) + "\u0002By " + new string('A', 5_000) + "\u0003",
        ];

        foreach (var payload in payloads)
        {
            try
            {
                var articles = Normalizer.Normalize(TestDispatches.Create(payload, formatHint: "iptc7901"));
                Assert.InRange(articles.Count, 1, new NormalizerOptions().MaxItemsPerDocument);
            }
            catch (PermanentDispatchException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.ReasonCode));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Normalize_MutatedInput_ArticlesOrPermanentRejection(string input)
    {
        var origin = input[..input.IndexOf(':', StringComparison.Ordinal)];
        var name = input[(origin.Length + 1)..];
        var text = origin == "samples" ? Samples.Read(name) : TestDispatches.Fixture(name);
        var random = new Random(20250813);
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 60; i++)
        {
            var mutated = Mutate(text, random, i % 4);
            try
            {
                var articles = Normalizer.Normalize(TestDispatches.Create(mutated));
                Assert.NotEmpty(articles);
                Assert.All(articles, a => Assert.Matches("^[0-9a-f]{32}$", a.ArticleId));
                Count(outcomes, "ok");
            }
            catch (PermanentDispatchException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                Count(outcomes, ex.ReasonCode);
            }
        }

        Assert.Equal(60, outcomes.Values.Sum());
    }

    private static string Mutate(string text, Random random, int kind)
    {
        var position = random.Next(text.Length);
        return kind switch
        {
            0 => text[..position],
            1 => string.Concat(text.AsSpan(0, position), "<", text.AsSpan(position)),
            2 => string.Concat(text.AsSpan(0, position), "&bogus;\"'</p>]]>", text.AsSpan(position)),
            _ => string.Concat(text.AsSpan(0, position), new string((char)random.Next(0x20, 0x2FFF), 1), text.AsSpan(Math.Min(text.Length, position + 1))),
        };
    }

    private static void Count(Dictionary<string, int> outcomes, string key) => outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
}
