using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// Filters and facets for topic, country, entity id, story and date; <c>collapse=story</c>; cursor pagination — on the
/// real indexer host over loopback HTTP, against a real index.
/// </summary>
public sealed class JournalistSearchTests : LoopbackIndexerTests
{
    private const string Putin = "pipeline:person:vladimir-putin";
    private const string Politics = "medtop:11000000";
    private const string Economy = "medtop:04000000";
    private static readonly DateTimeOffset Day = new(2025, 8, 13, 0, 0, 0, TimeSpan.Zero);

    protected override void Seed(ArticleIndex index)
    {
        index.Upsert(ArticleBuilder.Italian().Id("kim-it").Headline("Putin incontra Kim a Pyongyang").Published(Day.AddHours(9))
            .Topic(Politics, "politica").Country("RU", "Russia").Country("KP", "North Korea").Story("c-aaaa000000000001")
            .Entity("Vladimir Putin", id: Putin).Build());
        index.Upsert(ArticleBuilder.English().Id("kim-en").Headline("Putin meets Kim in Pyongyang").Lead("The Russian president was in Pyongyang.")
            .Published(Day.AddHours(10)).Topic(Politics, "politics").Country("RU", "Russia").Story("c-aaaa000000000001")
            .Entity("Vladimir Putin", id: Putin).Build());
        index.Upsert(ArticleBuilder.Italian().Id("borsa").Headline("Borsa di Milano in rialzo").Lead("Piazza Affari chiude in rialzo a Pyongyang? No, a Milano.")
            .Published(Day.AddHours(-20)).Topic(Economy, "economia").Country("IT", "Italy").Story("c-bbbb000000000002").Build());
        index.Upsert(ArticleBuilder.English().Id("recent").Headline("Harvest figures published").Lead("Grain output rose.")
            .Published(DateTimeOffset.UtcNow.AddHours(-2)).Topic(Economy, "economy").Country("IT", "Italy").Build());

        // 23 articles about a summit: some share a publication time, so the id decides their order.
        for (var i = 0; i < 23; i++)
        {
            index.Upsert(ArticleBuilder.English().Id($"summit-{i:00}").Headline($"Summit day {i}: leaders talk")
                .Lead(string.Join(' ', Enumerable.Repeat("summit", 1 + (i % 4))) + " news.")
                .Published(Day.AddDays(-(i / 3))).Story(i % 2 == 0 ? $"c-summit{i % 5:00000000000}" : null).Build());
        }
    }

    [Fact]
    public async Task Search_Facets_CountTopicsCountriesEntityIdsStoriesAndDates_WithLabels()
    {
        var response = await SearchAsync("/search?q=*&limit=1");

        Assert.Equal(27, response.Total);
        Assert.Equal(new FacetCount(Politics, 2) { Label = "politica" }, response.Facets[SearchResponse.TopicFacet][1]);
        Assert.Equal(new FacetCount(Economy, 2) { Label = "economia" }, response.Facets[SearchResponse.TopicFacet][0]);
        Assert.Equal([new FacetCount("IT", 2) { Label = "Italy" }, new FacetCount("RU", 2) { Label = "Russia" }, new FacetCount("KP", 1) { Label = "North Korea" }],
            response.Facets[SearchResponse.CountryFacet]);
        Assert.Equal([new FacetCount(Putin, 2) { Label = "Vladimir Putin" }], response.Facets[SearchResponse.EntityFacet]);
        var story = Assert.Single(response.Facets[SearchResponse.StoryFacet], f => f.Value == "c-aaaa000000000001");
        Assert.Equal(2, story.Count);
        Assert.Equal("Putin incontra Kim a Pyongyang", story.Label); // the story's earliest headline

        // The date facet counts back from now: only the recent article is in the last day; its value is the 'from' to filter by.
        var lastDay = response.Facets[SearchResponse.DateFacet][0];
        Assert.Equal(("last 24 hours", 1), (lastDay.Label, lastDay.Count));
        var filtered = await SearchAsync("/search?q=*&from=" + Uri.EscapeDataString(lastDay.Value));
        Assert.Equal(["recent"], filtered.Hits.Select(h => h.ArticleId));
    }

    [Theory]
    [InlineData("topic=" + Politics, "kim-en,kim-it")]
    [InlineData("topic=MEDTOP:04000000&country=it", "borsa,recent")]
    [InlineData("country=KP", "kim-it")]
    [InlineData("entity=" + Putin, "kim-en,kim-it")]
    [InlineData("story=c-aaaa000000000001&lang=en", "kim-en")]
    [InlineData("topic=" + Politics + "&country=IT", "")]
    public async Task Search_Filters_KeepOnlyMatchingArticles(string filters, string expected)
    {
        var response = await SearchAsync("/search?q=*&limit=100&" + filters);

        Assert.Equal(expected, string.Join(',', response.Hits.Select(h => h.ArticleId).Order(StringComparer.Ordinal)));
        Assert.Equal(response.Hits.Count, response.Total);
    }

    [Fact]
    public async Task Search_CollapseStory_ReturnsOneHitPerStory_WithTheCountOfTheOthers()
    {
        var plain = await SearchAsync("/search?q=pyongyang&limit=10");
        var collapsed = await SearchAsync("/search?q=pyongyang&collapse=story&limit=10");

        Assert.Equal(3, plain.Total);
        Assert.Equal(3, collapsed.Total); // matches, before collapsing
        Assert.Equal(2, collapsed.Groups);
        var kim = Assert.Single(collapsed.Hits, h => h.StoryId == "c-aaaa000000000001");
        Assert.Equal(1, kim.OthersInStory);
        Assert.Equal(0, Assert.Single(collapsed.Hits, h => h.ArticleId == "borsa").OthersInStory);
        Assert.All(plain.Hits, h => Assert.Null(h.OthersInStory));
    }

    [Theory]
    [InlineData("sort=newest")]
    [InlineData("sort=relevance")]
    [InlineData("sort=newest&collapse=story")]
    [InlineData("sort=relevance&collapse=story")]
    public async Task Search_Cursor_WalksEveryHitOnce_InTheOrderOfOnePage(string order)
    {
        var all = await SearchAsync($"/search?q=summit&{order}&limit=100");
        Assert.True(all.Hits.Count > 7);
        Assert.Null(all.NextCursor);

        var walked = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync($"/search?q=summit&{order}&limit=5" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(all.Total, page.Total);
            walked.AddRange(page.Hits.Select(h => h.ArticleId));
            cursor = page.NextCursor;
            Assert.True(++pages < 50, "The cursor does not end.");
        }
        while (cursor is not null);

        Assert.Equal(all.Hits.Select(h => h.ArticleId), walked);
    }

    [Fact]
    public async Task Search_Cursor_ArticleIndexedBetweenPages_NeitherRepeatsNorSkipsAnother()
    {
        var first = await SearchAsync("/search?q=summit&sort=newest&limit=5");
        Services.GetRequiredService<ArticleIndex>().Upsert(ArticleBuilder.English().Id("summit-late").Headline("Summit: a late addition")
            .Published(DateTimeOffset.UtcNow).Build());

        var rest = new List<string>();
        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await SearchAsync("/search?q=summit&sort=newest&limit=5&cursor=" + Uri.EscapeDataString(cursor));
            rest.AddRange(page.Hits.Select(h => h.ArticleId));
            cursor = page.NextCursor;
        }

        var seen = first.Hits.Select(h => h.ArticleId).Concat(rest).ToList();
        Assert.Equal(23, seen.Count);
        Assert.Equal(23, seen.Distinct().Count());
        Assert.DoesNotContain("summit-late", seen); // newer than the cursor: it belongs to the first page of a new search
    }

    [Theory]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("cursor=AAAA")]
    public async Task Search_BadCursor_Is400WithAReason(string query)
    {
        using var response = await Client.GetAsync("/search?q=summit&" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cursor", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Search_CursorOfAnotherSearch_OrWithAnOffset_Is400()
    {
        var first = await SearchAsync("/search?q=summit&sort=newest&limit=5");
        var cursor = Uri.EscapeDataString(first.NextCursor!);

        using var otherQuery = await Client.GetAsync("/search?q=leaders&sort=newest&limit=5&cursor=" + cursor, TestContext.Current.CancellationToken);
        using var otherSort = await Client.GetAsync("/search?q=summit&limit=5&cursor=" + cursor, TestContext.Current.CancellationToken);
        using var withOffset = await Client.GetAsync("/search?q=summit&sort=newest&offset=5&cursor=" + cursor, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, otherQuery.StatusCode);
        Assert.Contains("different search", await otherQuery.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, otherSort.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withOffset.StatusCode);
    }

    [Fact]
    public async Task Search_BadCollapse_Is400()
    {
        using var response = await Client.GetAsync("/search?q=summit&collapse=source", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<SearchResponse> SearchAsync(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<SearchResponse>(body, JsonSerializerOptions.Web)!;
    }
}
