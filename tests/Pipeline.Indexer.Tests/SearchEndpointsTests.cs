using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Indexer.Tests;

/// <summary>The indexer's own Program.cs on a loopback port, in-memory bus, temp index.</summary>
public sealed class SearchEndpointsTests : LoopbackIndexerTests
{
    protected override void Seed(ArticleIndex index)
    {
        index.Upsert(ArticleBuilder.Italian().Id("pn-1").Entity("Vladimir Putin").Build());
        index.Upsert(ArticleBuilder.English().Id("en-1").Build());
    }

    [Fact]
    public async Task Search_ValidQuery_ReturnsHitsWithFacetsAndSnippet()
    {
        var response = await Client.GetFromJsonAsync<SearchResponse>("/search?q=sostegni&lang=it&limit=5", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);

        Assert.NotNull(response);
        Assert.Equal(1, response.Total);
        var hit = Assert.Single(response.Hits);
        Assert.Equal("pn-1", hit.ArticleId);
        Assert.Contains("<mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal([new FacetCount("Vladimir Putin", 1)], response.Facets[SearchResponse.EntityFacet]);
    }

    [Fact]
    public async Task Search_DateOnlyRange_IncludesTheWholeLastDay()
    {
        // The Italian sample is published 2025-08-13 09:30 UTC.
        var inside = await Client.GetFromJsonAsync<SearchResponse>("/search?q=*&from=2025-08-13&to=2025-08-13", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        var before = await Client.GetFromJsonAsync<SearchResponse>("/search?q=*&to=2025-08-12", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);

        Assert.Equal(2, inside!.Total);
        Assert.Equal(0, before!.Total);
    }

    [Theory]
    [InlineData("/search", "q")]
    [InlineData("/search?q=%20", "q")]
    [InlineData("/search?q=putin&limit=0", "limit")]
    [InlineData("/search?q=putin&limit=101", "limit")]
    [InlineData("/search?q=putin&limit=ten", "limit")]
    [InlineData("/search?q=putin&offset=-1", "offset")]
    [InlineData("/search?q=putin&from=yesterday", "from")]
    [InlineData("/search?q=putin&from=2025-08-14&to=2025-08-13", "to")]
    [InlineData("/search?q=putin&lang=it%3Bdrop", "lang")]
    [InlineData("/search?q=putin&urgency=0", "urgency")]
    [InlineData("/search?q=putin&urgency=flash", "urgency")]
    [InlineData("/search?q=putin&sort=oldest", "sort")]
    public async Task Search_BadInput_ReturnsValidationProblem(string url, string field)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.NotNull(problem);
        Assert.Equal(400, problem.Status);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task Search_QueryTooLong_ReturnsValidationProblem()
    {
        using var response = await Client.GetAsync("/search?q=" + new string('a', SearchRequest.MaxQueryLength + 1), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.Contains("q", problem!.Errors.Keys);
    }

    [Fact]
    public async Task Search_SyntaxError_ReturnsOk()
    {
        using var response = await Client.GetAsync("/search?q=%28Putin%20AND", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetArticle_Indexed_ReturnsStoredFields()
    {
        var article = await Client.GetFromJsonAsync<IndexedArticle>("/articles/pn-1", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);

        Assert.NotNull(article);
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", article.Headline);
        Assert.Equal("prima-notizia-24", article.SourceId);
    }

    [Fact]
    public async Task GetArticle_Missing_ReturnsNotFoundProblem()
    {
        using var response = await Client.GetAsync("/articles/nope", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.Equal("Article not found", problem!.Title);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesSearch()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("/search", document, StringComparison.Ordinal);
        Assert.Contains("/articles/{id}", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReady_IndexOpen_ReturnsHealthy()
    {
        using var response = await Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
