using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.Enricher.Tests;

public sealed class EnricherStageExtensionsTests
{
    [Fact]
    public void AddEnricher_BindsTheEnricherSection()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Enricher:MaximumKeywords"] = "4";
        builder.Configuration["Enricher:Languages:0"] = "it";
        builder.Configuration["Enricher:Languages:1"] = "en";

        builder.AddEnricher();
        using var provider = builder.Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EnricherOptions>>().Value;
        Assert.Equal(4, options.MaximumKeywords);
        Assert.Equal(["it", "en"], options.EffectiveLanguages);
        Assert.Same(provider.GetRequiredService<ArticleEnricher>(), provider.GetRequiredService<ArticleEnricher>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddEnricher_InvalidOptions_FailValidation()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Enricher:MaximumKeywords"] = "1000";

        builder.AddEnricher();
        using var provider = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnricherOptions>>().Value);
        Assert.Contains("MaximumKeywords", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("it", null)]
    [InlineData("it", "xx")]
    public void AddEnricher_BadLanguages_FailValidation(string first, string? second)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Enricher:Languages:0"] = first;
        if (second is not null)
        {
            builder.Configuration["Enricher:Languages:1"] = second;
        }

        builder.AddEnricher();
        using var provider = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnricherOptions>>().Value);
        Assert.Contains("Enricher:Languages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveLanguages_NoneConfigured_AreTheDefaults()
    {
        var languages = new EnricherOptions().EffectiveLanguages;

        Assert.Equal(["it", "en"], languages.Take(2));
        Assert.Equal(31, languages.Count);
        Assert.Contains("fi", languages);
        Assert.Contains("nb", languages);
        Assert.Contains("ja", languages);
    }
}
