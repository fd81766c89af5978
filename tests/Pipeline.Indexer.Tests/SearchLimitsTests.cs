using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lucene.Net.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// Hostile searches (issue 11) over the real indexer host on loopback: regex, wide expansions, out-of-range dates,
/// cancellation. Each answers quickly with 200 or a 400 problem, never a 500.
/// </summary>
public sealed class SearchLimitsTests : LoopbackIndexerTests
{
    protected override void Seed(ArticleIndex index)
    {
        index.Upsert(ArticleBuilder.Italian().Id("pn-1").Build());

        // 1,100 distinct words starting with "zq": a prefix query over them passes the 1,024-clause limit.
        var words = new StringBuilder();
        for (var i = 0; i < 1_100; i++)
        {
            words.Append("zq").Append(i.ToString("D4", CultureInfo.InvariantCulture)).Append(' ');
        }

        index.Upsert(ArticleBuilder.English().Id("zq").Body(words.ToString()).Build());
        index.Upsert(ArticleBuilder.English().Id("ab").Body("ab ba aab " + string.Concat(Enumerable.Repeat("ab", 30))).Build());
    }

    [Fact]
    public async Task Search_ExplodingRegex_IsSearchedLiterally()
    {
        using var response = await Client.GetAsync("/search?q=" + Uri.EscapeDataString("/[ab]*a[ab]{20}/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/[ab]*a[ab]{20}/")]
    [InlineData("title_std:/[ab]*a[ab]{20}/")]
    [InlineData("putin OR /(a|b)*c{30}/")]
    public void ParseQuery_Regex_HasNoRegexpQuery(string text)
    {
        using var analyzers = new ArticleAnalyzers();

        var (query, _) = SearchEngine.ParseQuery(text, analyzers, NullLogger.Instance);

        Assert.NotNull(query);
        Assert.DoesNotContain("/", query.ToString(), StringComparison.Ordinal);
        Assert.False(ContainsRegexp(query));
    }

    [Fact]
    public async Task Search_PrefixOverClauseLimit_ReturnsHitWithSnippet()
    {
        var response = await Client.GetFromJsonAsync<SearchResponse>("/search?q=zq*", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);

        var hit = Assert.Single(response!.Hits);
        Assert.Equal("zq", hit.ArticleId);
        Assert.Contains("<mark>zq", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WildcardAndFuzzyOverClauseLimit_DoNotFail()
    {
        foreach (var q in new[] { "zq??*", "zq0*", "zq0000~2", "z*" })
        {
            using var response = await Client.GetAsync("/search?q=" + Uri.EscapeDataString(q), TestContext.Current.CancellationToken);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{q}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("x*a??????????????????????", "wildcards")]
    [InlineData("a* b* c* d* e* f* g* h* i*", "wildcard, prefix or fuzzy")]
    public async Task Search_TooManyWildcards_ReturnsProblemWithReason(string q, string reason)
    {
        using var response = await Client.GetAsync("/search?q=" + Uri.EscapeDataString(q), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.Equal(400, problem!.Status);
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("from=9999-12-31", "from")]
    [InlineData("to=9999-12-31T23:59:59Z", "to")]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("to=9999-12-31T23:59:59-14:00", "to")]
    [InlineData("from=10000-01-01", "from")]
    public async Task Search_DateOutOfRange_ReturnsValidationProblem(string parameter, string field)
    {
        using var response = await Client.GetAsync("/search?q=putin&" + parameter, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.Contains(field, problem!.Errors.Keys);
    }

    [Fact]
    public async Task Search_LatestAcceptedDate_ReturnsOk()
    {
        var response = await Client.GetFromJsonAsync<SearchResponse>("/search?q=*&from=0001-01-02&to=9998-12-31", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);

        Assert.Equal(3, response!.Total);
    }

    [Fact]
    public void Search_CancelledToken_Stops()
    {
        var index = Services.GetRequiredService<ArticleIndex>();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => index.SearchBounded(new SearchRequest { Query = "*" }, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => index.SearchBounded(new SearchRequest { Query = "zq*" }, cancelled.Token));
    }

    [Fact]
    public void Searcher_CancelledToken_Stops()
    {
        using var searcher = ArticleSearcher.OpenReadOnly(Folder.IndexPath);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => searcher.SearchBounded(new SearchRequest { Query = "zq*" }, cancelled.Token));
    }

    private static bool ContainsRegexp(Query query) => query switch
    {
        RegexpQuery => true,
        BooleanQuery boolean => boolean.Clauses.Any(c => ContainsRegexp(c.Query)),
        _ => false,
    };
}
