using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Messaging;

namespace Pipeline.Enricher;

/// <summary>How a host (the enricher's worker, the embedded host, tests) composes the enricher stage.</summary>
public static class EnricherStageExtensions
{
    /// <summary>
    /// Registers <see cref="EnricherConsumer"/> on the <c>enricher</c> endpoint (with the bus's prefix),
    /// and the enricher's services with default options when the host did not call <see cref="AddEnricher"/>.
    /// </summary>
    public static IBusRegistrationConfigurator AddEnricherStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<EnricherConsumer>().Endpoint(endpoint => endpoint.Name = StageNames.Enricher);
        AddEnricherServices(bus);
        return bus;
    }

    /// <summary>The enricher's options (section <c>Enricher</c>, validated at start) and domain services.</summary>
    public static IHostApplicationBuilder AddEnricher(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EnricherOptions>()
            .Bind(builder.Configuration.GetSection(EnricherOptions.SectionName))
            .ValidateOnStart();
        AddEnricherServices(builder.Services);
        return builder;
    }

    private static void AddEnricherServices(IServiceCollection services)
    {
        services.AddOptions<EnricherOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnricherOptions>, EnricherOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnricherOptions>, EnricherLanguagesValidator>());
        services.TryAddSingleton<ArticleEnricher>();
        services.TryAddSingleton(TimeProvider.System);
    }
}
