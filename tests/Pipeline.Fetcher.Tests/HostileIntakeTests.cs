using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;
using Pipeline.Fetcher.Tests.Polling;
using Pipeline.ServiceDefaults;

namespace Pipeline.Fetcher.Tests;

/// <summary>Collects every log entry of a host, formatted, for assertions.</summary>
internal sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception), exception));
    }
}

/// <summary>A fetcher host on loopback with the in-memory test bus, for hostile-input tests (issue 11).</summary>
internal sealed class FetcherHost : IAsyncDisposable
{
    private readonly TempStatePath _state;

    private FetcherHost(WebApplication app, LogSink logs, TempStatePath state)
    {
        _state = state;
        App = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };
    }

    public WebApplication App { get; }

    public LogSink Logs { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static async Task<FetcherHost> StartAsync(Dictionary<string, string?> settings)
    {
        var logs = new LogSink();
        var state = new TempStatePath();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        settings.TryAdd("Fetcher:StatePath", state.Path);

        // Configured feeds are recorded as not due for a day, so the poller stays idle (and offline) during the tests.
        var store = new FeedStateStore(state.Path);
        foreach (var id in settings.Where(s => s.Key.StartsWith("Fetcher:Feeds:", StringComparison.Ordinal) && s.Key.EndsWith(":SourceId", StringComparison.Ordinal)))
        {
            await store.SaveAsync(new FeedState { SourceId = id.Value!, NextDueAt = DateTimeOffset.UtcNow.AddDays(1) }, TestContext.Current.CancellationToken);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFetcher();
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddFetcherStage();
        });
        var app = builder.Build();
        app.MapDispatchEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new FetcherHost(app, logs, state);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        _state.Dispose();
    }
}

/// <summary>Issue 11, HTTP intake without API keys: body limits, slow clients, log injection, source ids, feed credentials.</summary>
public sealed class HostileIntakeTests : IAsyncLifetime
{
    private const int FiveMiB = 5 * 1024 * 1024;
    private FetcherHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await FetcherHost.StartAsync(new()
    {
        [PayloadLimitOptions.Key] = FiveMiB.ToString(CultureInfo.InvariantCulture),
        ["Fetcher:Feeds:0:SourceId"] = "private",
        ["Fetcher:Feeds:0:Url"] = "https://reader:s3cr3t-pw@example.org/private/feed.xml?x=1",
        ["Fetcher:Feeds:0:IntervalSeconds"] = "86400",
    });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ChunkedUpload_JustUnderTheLimit_IsAccepted()
    {
        const int size = 5_242_500;
        using var content = new StreamContent(new ChunkedSource(size, 64 * 1024), 64 * 1024);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");

        using var response = await _host.Client.PostAsync("/dispatches?source=bulk-test&format=agency-text", content, TestContext.Current.CancellationToken);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task ChunkedUpload_OverTheLimit_Is413()
    {
        using var content = new StreamContent(new ChunkedSource(FiveMiB + 1, 64 * 1024), 64 * 1024);

        using var response = await _host.Client.PostAsync("/dispatches?source=bulk-test&format=agency-text", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task SlowClient_IsOneInformationLine_NotAnError()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.BaseAddress.Host, _host.BaseAddress.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        var head = $"POST /dispatches?source=slow-client HTTP/1.1\r\nHost: {_host.BaseAddress.Authority}\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);

        // One byte a second until the server gives up (Kestrel's minimum data rate: 240 B/s after a 5 s grace).
        var answer = new byte[4096];
        var reading = stream.ReadAsync(answer, TestContext.Current.CancellationToken).AsTask();
        var ceiling = DateTime.UtcNow.AddSeconds(90);
        while (!reading.IsCompleted && DateTime.UtcNow < ceiling)
        {
            try
            {
                await stream.WriteAsync("x"u8.ToArray(), TestContext.Current.CancellationToken);
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        }

        var read = await reading.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Contains("408", Encoding.ASCII.GetString(answer, 0, read), StringComparison.Ordinal);
        await WaitForAsync(() => _host.Logs.Entries.Any(e => e.Id.Id == 32 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal)));
        var line = Assert.Single(_host.Logs.Entries, e => e.Id.Id == 32 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData("rss%0Acrit: forged line", "good-source")]
    [InlineData("rss%0D%0A%1B[31mcrit%1B[0m: forged", "good-source")]
    [InlineData(null, "bad%0Acrit: forged")]
    public async Task NewlineInQueryValues_CannotForgeALogLine(string? format, string source)
    {
        var url = "/dispatches?source=" + source + (format is null ? "" : "&format=" + format);
        using var content = new StringContent("<rss version=\"2.0\"><channel><title>t</title></channel></rss>");

        using var response = await _host.Client.PostAsync(url, content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await WaitForAsync(() => _host.Logs.Entries.Any(e => e.Id.Id == 2 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal)));
        Assert.All(_host.Logs.Entries.Where(e => e.Category.StartsWith("Pipeline.", StringComparison.Ordinal)), e => Assert.DoesNotMatch("[\r\n\u001b]", e.Message));
        Assert.Contains(_host.Logs.Entries, e => e.Id.Id == 2 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal) && e.Message.Contains("\\u000A", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("a b")]
    [InlineData("%E2%80%AEevil")]
    [InlineData("zero%E2%80%8Bwidth")]
    [InlineData("-leading-dash")]
    public async Task SourceId_OutsideTheCharacterSet_Is400Problem(string source)
    {
        using var content = new StringContent("hello");

        using var response = await _host.Client.PostAsync("/dispatches?source=" + source, content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        Assert.Equal(DispatchFactory.SourceIdRule, problem!.Detail);
    }

    [Theory]
    [InlineData("prima-notizia-24")]
    [InlineData("ansa.it:politica_2")]
    public void SourceId_InTheCharacterSet_IsValid(string source) => Assert.True(DispatchFactory.IsValidSourceId(source));

    [Theory]
    [InlineData("../x", OriginKinds.Amqp)]
    [InlineData("<script>", OriginKinds.File)]
    public void DispatchFactory_SharesTheRuleWithAmqpAndCli(string source, string origin)
    {
        var factory = _host.App.Services.GetRequiredService<DispatchFactory>();

        var error = Assert.Throws<PermanentDispatchException>(() => factory.Create(new RawDispatch
        {
            Body = "hello"u8.ToArray(),
            SourceId = source,
            OriginKind = origin,
        }));

        Assert.Equal(RejectionReasons.InvalidMessage, error.ReasonCode);
    }

    [Fact]
    public async Task Feeds_NeverShowUrlCredentials()
    {
        var text = await _host.Client.GetStringAsync("/feeds", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("s3cr3t-pw", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reader", text, StringComparison.Ordinal);
        Assert.Contains("https://example.org/private/feed.xml?x=1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeysConfigured_OneWarningAtStart()
    {
        var warning = Assert.Single(_host.Logs.Entries, e => e.Id.Id == 30 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var ceiling = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < ceiling)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A non-seekable stream of ASCII text handed out in fixed-size reads, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedSource(long length, int chunk) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(Math.Min(count, chunk), length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (_position + i) % 64 == 63 ? (byte)'\n' : (byte)'a';
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Issue 11, authentication: with keys configured, POST /dispatches and GET /feeds need one.</summary>
public sealed class FetcherAuthTests : IAsyncLifetime
{
    private const string Key = "fetcher-key-91c2";
    private FetcherHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await FetcherHost.StartAsync(new()
    {
        ["Fetcher:Auth:ApiKeys:0"] = ApiKeys.Hash("another-key"),
        ["Fetcher:Auth:ApiKeys:1"] = ApiKeys.Hash(Key).ToUpperInvariant(),
    });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "/dispatches?source=auth-test")]
    [InlineData("GET", "/feeds")]
    public async Task WithoutKey_Is401Problem(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? new StringContent("hello") : null };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer not-the-key");

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithBearerKey_PostIsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dispatches?source=auth-test&format=agency-text") { Content = new StringContent("Headline\n\nA body of text.") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Key);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task WithXApiKey_FeedsAreListed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds");
        request.Headers.TryAddWithoutValidation(ApiKeys.HeaderName, Key);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void KeysConfigured_NoWarning()
    {
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Id.Id == 30 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal));
        Assert.Contains(_host.Logs.Entries, e => e.Id.Id == 31 && e.Category.StartsWith("Pipeline.", StringComparison.Ordinal));
    }

    [Fact]
    public void MalformedKeyHash_FailsAtStart() =>
        Assert.Throws<InvalidOperationException>(() => new ApiKeys(["not-a-hash"]));
}
