using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Pipeline.ServiceDefaults;

namespace Pipeline.Indexer.Tests;

/// <summary>Issue 11: search can be made private (<c>Indexer:Auth:PublicSearch=false</c>) with the shared API-key check.</summary>
public sealed class SearchAuthTests : LoopbackIndexerTests
{
    private const string Key = "test-key-7f3a9c";
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Indexer:Auth:PublicSearch"] = "false",
        ["Indexer:Auth:ApiKeys:0"] = ApiKeys.Hash(Key),
    };

    [Theory]
    [InlineData(null, null)]
    [InlineData("Authorization", "Bearer wrong-key")]
    [InlineData("X-Api-Key", "wrong-key")]
    [InlineData("Authorization", "Basic dGVzdC1rZXktN2YzYTljOg==")]
    public async Task Search_WithoutTheKey_Returns401Problem(string? header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=*");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.Equal(401, problem!.Status);
    }

    [Theory]
    [InlineData("Authorization", "Bearer " + Key)]
    [InlineData("X-Api-Key", Key)]
    public async Task Search_WithTheKey_ReturnsOk(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=*");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_StaysOpen()
    {
        using var response = await Client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
