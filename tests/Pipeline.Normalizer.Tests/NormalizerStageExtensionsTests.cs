using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.Normalizer.Tests;

public sealed class NormalizerStageExtensionsTests
{
    [Fact]
    public void AddNormalizer_BindsSectionAndRegistersSingleton()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Normalizer:MaxPayloadBytes"] = "65536" });

        builder.AddNormalizer();
        using var host = builder.Build();

        Assert.Equal(65536, host.Services.GetRequiredService<IOptions<NormalizerOptions>>().Value.MaxPayloadBytes);
        Assert.Same(host.Services.GetRequiredService<DispatchNormalizer>(), host.Services.GetRequiredService<DispatchNormalizer>());
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddNormalizer_InvalidOptions_FailValidation()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Normalizer:MaxPayloadBytes"] = "10" });

        builder.AddNormalizer();
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NormalizerOptions>>().Value);
        Assert.Contains("MaxPayloadBytes", ex.Message, StringComparison.Ordinal);
    }
}
