using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;
using Pipeline.Fetcher.Tests.Polling;
using Pipeline.Testing;

namespace Pipeline.Fetcher.Tests;

public sealed class DispatchEndpointsTests : IAsyncLifetime
{
    private const int MaxPayloadBytes = 64 * 1024;

    private readonly TempStatePath _state = new();
    private WebApplication _app = null!;
    private ITestHarness _harness = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        // Feeds whose recorded state says they are not due for a day, so the poller stays idle (and offline) during the tests.
        var store = new FeedStateStore(_state.Path);
        await store.SaveAsync(new FeedState { SourceId = "quiet", NextDueAt = DateTimeOffset.UtcNow.AddDays(1) }, TestContext.Current.CancellationToken);
        await store.SaveAsync(new FeedState
        {
            SourceId = "ansa",
            LastOutcome = PollOutcome.Failed,
            LastStatus = 500,
            LastError = "HTTP 500 Internal Server Error",
            ConsecutiveFailures = 3,
            NextDueAt = DateTimeOffset.UtcNow.AddDays(1),
        }, TestContext.Current.CancellationToken);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PayloadLimitOptions.Key] = MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fetcher:StatePath"] = _state.Path,
            ["Fetcher:Feeds:0:SourceId"] = "ansa",
            ["Fetcher:Feeds:0:Name"] = "ANSA",
            ["Fetcher:Feeds:0:Url"] = "https://www.ansa.it/sito/ansait_rss.xml",
            ["Fetcher:Feeds:0:IntervalSeconds"] = "600",
            ["Fetcher:Feeds:1:SourceId"] = "quiet",
            ["Fetcher:Feeds:1:Url"] = "https://example.org/feed.xml",
            ["Fetcher:Feeds:1:IntervalSeconds"] = "86400",
        });
        builder.AddFetcher();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddFetcherStage());
        _app = builder.Build();
        _app.MapDispatchEndpoints();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _harness = _app.Services.GetRequiredService<ITestHarness>();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task PostDispatch_Sample_PublishesDispatchReceivedAndAnswersAccepted()
    {
        var body = Samples.ReadBytes(Samples.PrimaNotizia);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/markdown; charset=utf-8");

        using var response = await _client.PostAsync("/dispatches?source=prima-notizia-24&sourceName=Prima%20Notizia%2024&format=agency-text&profile=prima-notizia",
            content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var dispatchId = answer.GetProperty("dispatchId").GetString();
        Assert.Equal("accepted", answer.GetProperty("status").GetString());
        Assert.Equal(dispatchId, response.Headers.GetValues(DispatchEndpoints.DispatchIdHeader).Single());

        var published = Assert.Single(await _harness.Published.WaitForAsync<DispatchReceived>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(dispatchId, published.DispatchId);
        Assert.Equal("prima-notizia-24", published.Source.Id);
        Assert.Equal("Prima Notizia 24", published.Source.Name);
        Assert.Equal(OriginKinds.Http, published.Origin.Kind);
        Assert.Equal(DispatchFormats.AgencyText, published.FormatHint);
        Assert.Equal("prima-notizia", published.SourceProfile);
        Assert.Equal("text/markdown; charset=utf-8", published.ContentType);
        Assert.Equal(Samples.Read(Samples.PrimaNotizia), published.Payload);
    }

    [Fact]
    public async Task PostDispatch_MissingSource_Returns400ProblemDetails()
    {
        using var content = new StringContent("<rss/>", Encoding.UTF8, "application/rss+xml");

        using var response = await _client.PostAsync("/dispatches", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("source", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(RejectionReasons.InvalidMessage, problem.GetProperty("reasonCode").GetString());
        Assert.Empty(_harness.Published.SoFar<DispatchReceived>());
    }

    [Fact]
    public async Task PostDispatch_OverLimit_Returns413ProblemDetails()
    {
        using var content = new ByteArrayContent(Enumerable.Repeat((byte)'a', MaxPayloadBytes + 1).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await _client.PostAsync("/dispatches?source=wire", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(RejectionReasons.TooLarge, problem.GetProperty("reasonCode").GetString());
        Assert.Empty(_harness.Published.SoFar<DispatchReceived>());
    }

    [Fact]
    public async Task PostDispatch_ChunkedOverLimit_Returns413()
    {
        using var content = new StreamContent(new MemoryStream(new byte[MaxPayloadBytes * 2].Select(_ => (byte)'z').ToArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dispatches?source=wire") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostDispatch_BinaryBody_Returns415()
    {
        using var content = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x00, 0x0D, 0x00, 0x01]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _client.PostAsync("/dispatches?source=wire", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(RejectionReasons.Binary, problem.GetProperty("reasonCode").GetString());
    }

    [Theory]
    [InlineData("text", DispatchFormats.AgencyText)]
    [InlineData("Markdown", DispatchFormats.AgencyText)]
    [InlineData("7901", DispatchFormats.Iptc7901)]
    [InlineData(" g2 ", DispatchFormats.NewsMlG2)]
    [InlineData("json-feed", DispatchFormats.JsonFeed)]
    public async Task PostDispatch_FormatAlias_PublishesTheCanonicalFormatName(string alias, string canonical)
    {
        using var content = new StringContent("testo", Encoding.UTF8, "text/plain");

        using var response = await _client.PostAsync($"/dispatches?source=wire&format={Uri.EscapeDataString(alias)}", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var published = Assert.Single(await _harness.Published.WaitForAsync<DispatchReceived>(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(canonical, published.FormatHint);
    }

    [Fact]
    public async Task PostDispatch_UnknownFormat_Returns400()
    {
        using var content = new StringContent("testo", Encoding.UTF8, "text/plain");

        using var response = await _client.PostAsync("/dispatches?source=wire&format=docx", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostDispatch_BusDown_Returns503WithRetryAfter()
    {
        using var state = new TempStatePath();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fetcher:StatePath"] = state.Path });
        var publisher = new RecordingPublisher { Fail = true };
        builder.Services.AddSingleton<IDispatchPublisher>(publisher);
        builder.AddFetcher();
        await using var app = builder.Build();
        app.MapDispatchEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var content = new StringContent("Testo", Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync("/dispatches?source=wire", content, TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task ListFeeds_ConfiguredFeeds_ReturnsRecordedHealth()
    {
        var feeds = await _client.GetFromJsonAsync<List<FeedHealth>>("/feeds", TestContext.Current.CancellationToken);

        Assert.NotNull(feeds);
        Assert.Equal(["ansa", "quiet"], feeds.Select(f => f.SourceId));
        var ansa = feeds[0];
        Assert.Equal("ANSA", ansa.Name);
        Assert.Equal(600, ansa.IntervalSeconds);
        Assert.Equal(PollOutcome.Failed, ansa.LastOutcome);
        Assert.Equal(3, ansa.ConsecutiveFailures);
        Assert.Equal("HTTP 500 Internal Server Error", ansa.LastError);
        Assert.NotNull(ansa.NextDueAt);
        Assert.Null(feeds[1].LastOutcome);
        Assert.Equal(0, feeds[1].ConsecutiveFailures);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesPostDispatches()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/dispatches\"", document, StringComparison.Ordinal);
        Assert.Contains("PostDispatch", document, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(document);
        var post = json.RootElement.GetProperty("paths").GetProperty("/dispatches").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("*/*", out _));
        var source = post.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "source");
        Assert.True(source.GetProperty("required").GetBoolean());
    }
}
