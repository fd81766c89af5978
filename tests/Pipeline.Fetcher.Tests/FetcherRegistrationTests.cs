using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Amqp;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;
using Pipeline.Messaging;

namespace Pipeline.Fetcher.Tests;

public sealed class FetcherRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The state store creates its folder when constructed: keep it out of the test's working directory.
        settings.TryAdd("Fetcher:StatePath", Path.Combine(Path.GetTempPath(), "pipeline-fetcher-tests", Guid.NewGuid().ToString("N"), "fetcher.db"));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPipelineMessaging(bus => bus.AddFetcherStage());
        builder.AddFetcher();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddFetcher_NoFeedsInMemory_RegistersNoBackgroundServices()
    {
        await using var provider = Build([]);

        Assert.DoesNotContain(provider.GetServices<IHostedService>(), s => s is FeedPollingService or RawIngestService);
        Assert.Equal(PayloadLimitOptions.DefaultMaxPayloadBytes, provider.GetRequiredService<DispatchFactory>().Limit.MaxPayloadBytes);
    }

    [Fact]
    public async Task AddFetcher_FeedsAndRabbitMq_RegistersPollerAndRawIngest()
    {
        await using var provider = Build(new()
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = "amqp://guest:guest@localhost:5672/",
            [PayloadLimitOptions.Key] = "4096",
            ["Fetcher:Feeds:0:SourceId"] = "ansa",
            ["Fetcher:Feeds:0:Url"] = "https://www.ansa.it/sito/ansait_rss.xml",
        });

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Contains(hosted, s => s is FeedPollingService);
        Assert.Contains(hosted, s => s is RawIngestService);
        Assert.Equal(4096, provider.GetRequiredService<DispatchFactory>().Limit.MaxPayloadBytes);
        var feed = Assert.Single(provider.GetRequiredService<IOptions<FetcherOptions>>().Value.Feeds);
        Assert.Equal(300, feed.IntervalSeconds);
    }

    [Theory]
    [InlineData("Fetcher:Feeds:1:SourceId", "ansa", "more than one feed")]
    [InlineData("Fetcher:Feeds:1:Url", "ftp://example.org/feed", "http or https")]
    [InlineData("Fetcher:Feeds:1:Format", "docx", "unknown")]
    [InlineData("Fetcher:Feeds:1:IntervalSeconds", "0", "IntervalSeconds")]
    public async Task Options_InvalidFeed_FailValidation(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fetcher:Feeds:0:SourceId"] = "ansa",
            ["Fetcher:Feeds:0:Url"] = "https://www.ansa.it/feed.xml",
            ["Fetcher:Feeds:1:SourceId"] = "other",
            ["Fetcher:Feeds:1:Url"] = "https://example.org/feed.xml",
        };
        settings[key] = value;
        await using var provider = Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FetcherOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_FeedWithTheKeyItHadBefore_FailValidation_NamingSourceId()
    {
        await using var provider = Build(new() { ["Fetcher:Feeds:0:Id"] = "ansa", ["Fetcher:Feeds:0:Url"] = "https://www.ansa.it/feed.xml" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FetcherOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("SourceId", StringComparison.Ordinal) && f.Contains("the key was Id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_PayloadLimitUnderTheFetchersOldKey_FailValidation_NamingTheSharedKey()
    {
        await using var provider = Build(new() { ["Fetcher:MaxPayloadBytes"] = "4096" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PayloadLimitOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains(PayloadLimitOptions.Key, StringComparison.Ordinal) && f.Contains("Fetcher:MaxPayloadBytes", StringComparison.Ordinal));
    }
}
