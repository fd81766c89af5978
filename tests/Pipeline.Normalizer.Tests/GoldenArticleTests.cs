using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// The canonical JSON of one fixture per format, checked in under Fixtures/golden. Set
/// <c>UPDATE_GOLDEN=1</c> to rewrite the files in the source tree after an intended change, then review the diff.
/// </summary>
public sealed class GoldenArticleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        { "samples", Samples.PrimaNotizia, "prima-notizia-24", "prima-notizia-24.json" },
        { "fixtures", "rss2-news.xml", null, "rss2-news.json" },
        { "fixtures", "atom-news.xml", null, "atom-news.json" },
        { "fixtures", "jsonfeed-11.json", null, "jsonfeed-11.json" },
        { "fixtures", "nitf-standalone.xml", null, "nitf-standalone.json" },
        { "samples", "newsml-g2/LISTING_2_NewsML-G2_Text_Document.xml", null, "newsml-g2-text-document.json" },
        { "fixtures", "article-page.html", null, "article-page.json" },
        { "fixtures", "rss091-doctype.xml", null, "rss091.json" },
        { "fixtures", "rss10-rdf.xml", null, "rss10-rdf.json" },
        { "fixtures", "rss2-media.xml", null, "rss2-media.json" },
        { "fixtures", "podcast.xml", null, "podcast.json" },
        { "fixtures", "atom03.xml", null, "atom03.json" },
        { "fixtures", "atom-media.xml", null, "atom-media.json" },
        { "fixtures", "jsonfeed-10.json", null, "jsonfeed-10.json" },
        { "fixtures", "ninjs-1.json", null, "ninjs-1.json" },
        { "fixtures", "ninjs-2.json", null, "ninjs-2.json" },
        { "fixtures", "newsml-g2-media.xml", null, "newsml-g2-media.json" },
        { "samples", "newsml-g2/LISTING_1_A_NewsML-G2_News_Item.xml", null, "newsml-g2-news-item.json" },
        { "samples", "newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml", null, "newsml-g2-sports-nitf.json" },
        { "fixtures", "iptc7901-ap.txt", null, "iptc7901-ap.json" },
        { "fixtures", "iptc7901-ansa.txt", null, "iptc7901-ansa.json" },
        { "fixtures", "ansa.txt", "ansa", "ansa.json" },
        { "fixtures", "newsml1-afp.xml", null, "newsml1-afp.json" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalize_Fixture_MatchesGoldenJson(string origin, string input, string? profile, string golden)
    {
        var payload = origin == "samples" ? Samples.Read(input) : TestDispatches.Fixture(input);
        var dispatch = TestDispatches.Create(payload, sourceId: profile ?? "golden", profile: profile) with { DispatchId = "golden-dispatch" };

        var articles = DispatchNormalizer.CreateDefault().Normalize(dispatch);
        var actual = JsonSerializer.Serialize<IReadOnlyList<CanonicalArticle>>(articles, Json).ReplaceLineEndings("\n") + "\n";

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../Fixtures/golden", golden));
            File.WriteAllText(source, actual);
        }

        var expected = TestDispatches.Fixture(Path.Combine("golden", golden)).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }
}
