using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Messaging;

namespace Pipeline.Fetcher.Tests;

/// <summary>Issue 11: no worker reports usage to MassTransit's tracking host; the option comes from <c>AddPipelineMessaging</c>, shared by every stage and the CLI.</summary>
public sealed class UsageTelemetryTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("RabbitMq")]
    public async Task AddPipelineMessaging_DisablesUsageTelemetry(string transport)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = transport,
            ["Messaging:RabbitMqUri"] = "amqp://guest:guest@localhost:5672/",
        });
        builder.AddPipelineMessaging(bus => bus.AddFetcherStage());
        await using var provider = builder.Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.True(options.Enabled == false, "MassTransit usage telemetry must be disabled.");
    }

    [Fact]
    public async Task MassTransitAlone_LeavesUsageTelemetryOn()
    {
        // The control: without the call, MassTransit's default is on, so the test above can fail.
        var services = new ServiceCollection();
        services.AddMassTransit(bus => bus.UsingInMemory());
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled == false);
    }
}
