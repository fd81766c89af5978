using Pipeline.Enricher.Clustering;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Contracts.Articles;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Enricher;

/// <summary>How a host (the enricher's worker, the embedded host, tests) composes the enricher stage.</summary>
public static class EnricherStageExtensions
{
    /// <summary>
    /// Registers <see cref="EnricherConsumer"/> on the <c>enricher</c> endpoint (named by the bus's kebab-case
    /// formatter, so <c>Messaging:EndpointPrefix</c> applies),
    /// and the enricher's services with default options when the host did not call <see cref="AddEnricher"/>.
    /// </summary>
    public static IBusRegistrationConfigurator AddEnricherStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddStageConsumer<EnricherConsumer, ArticleNormalized>(StageNames.Enricher); // queue "enricher" (with Messaging:EndpointPrefix) by the kebab-case formatter
        AddEnricherServices(bus);
        return bus;
    }

    /// <summary>The enricher's options (section <c>Enricher</c>, validated at start) and domain services.</summary>
    public static IHostApplicationBuilder AddEnricher(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<EnricherOptions, EnricherOptionsValidator>(EnricherOptions.SectionName);
        builder.AddStoryClustering();
        AddEnricherServices(builder.Services);
        return builder;
    }

    private static void AddEnricherServices(IServiceCollection services)
    {
        services.AddValidatedOptions<EnricherOptions, EnricherOptionsValidator>()
            .WithValidator<EnricherOptions, EnricherLanguagesValidator>();
        services.TryAddSingleton<ArticleEnricher>();
        services.AddStageWarmup<EnricherWarmup>();   // models loaded once, outside any message's budget
        services.AddStoryClustering();
        services.TryAddSingleton(TimeProvider.System);
    }
}
