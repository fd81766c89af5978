using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Normalizer;

/// <summary>Registers the normalizer stage, so the embedded host and the worker compose the same code.</summary>
public static class NormalizerStageExtensions
{
    /// <summary>Adds <see cref="NormalizerConsumer"/> (queue <c>normalizer</c> by the kebab-case formatter).</summary>
    public static IBusRegistrationConfigurator AddNormalizerStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddStageConsumer<NormalizerConsumer, DispatchReceived>(StageNames.Normalizer);
        return bus;
    }

    /// <summary>
    /// Binds and validates <see cref="NormalizerOptions"/> (section <c>Normalizer</c>) and the shared payload limit
    /// (section <c>Dispatches</c>), and registers <see cref="DispatchNormalizer"/>.
    /// </summary>
    public static IHostApplicationBuilder AddNormalizer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddNormalizer(builder.Configuration.GetSection(NormalizerOptions.SectionName));
        builder.Services.AddValidatedOptions<PayloadLimitOptions, PayloadLimitOptionsValidator>(builder.Configuration.GetSection(PayloadLimitOptions.SectionName))
            .WithValidator<PayloadLimitOptions, MovedPayloadLimitKeys>();
        return builder;
    }

    /// <summary>The same registrations on a bare service collection (tests, hosts without a builder); the payload limit keeps its default.</summary>
    public static IServiceCollection AddNormalizer(this IServiceCollection services, IConfiguration? section = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<NormalizerOptions, NormalizerOptionsValidator>(section);
        services.AddValidatedOptions<PayloadLimitOptions, PayloadLimitOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DispatchNormalizer>();
        return services;
    }
}
