using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests;

public sealed class NormalizerStageExtensionsTests
{
    [Fact]
    public void AddNormalizer_BindsSectionsAndRegistersSingleton()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Normalizer:MaxItemsPerDocument"] = "12", [PayloadLimitOptions.Key] = "65536" });

        builder.AddNormalizer();
        using var host = builder.Build();

        Assert.Equal(12, host.Services.GetRequiredService<IOptions<NormalizerOptions>>().Value.MaxItemsPerDocument);
        Assert.Equal(65536, host.Services.GetRequiredService<IOptions<PayloadLimitOptions>>().Value.MaxPayloadBytes);
        Assert.Same(host.Services.GetRequiredService<DispatchNormalizer>(), host.Services.GetRequiredService<DispatchNormalizer>());
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
    }

    [Theory]
    [InlineData(PayloadLimitOptions.Key, "10", "MaxPayloadBytes")]
    [InlineData("Normalizer:MaxPayloadBytes", "65536", PayloadLimitOptions.Key)]   // the key the limit had before it was one setting
    public void AddNormalizer_InvalidPayloadLimit_FailsValidation(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });

        builder.AddNormalizer();
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<PayloadLimitOptions>>().Value);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNormalizer_InvalidOptions_FailValidation()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Normalizer:MaxItemsPerDocument"] = "0" });

        builder.AddNormalizer();
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NormalizerOptions>>().Value);
        Assert.Contains("MaxItemsPerDocument", ex.Message, StringComparison.Ordinal);
    }
}
