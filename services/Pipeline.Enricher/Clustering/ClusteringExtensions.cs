using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.ServiceDefaults;

namespace Pipeline.Enricher.Clustering;

/// <summary>Registration of the story clustering.</summary>
public static class ClusteringExtensions
{
    /// <summary>
    /// Options (section <c>Enricher:Clustering</c>, validated at start), the store chosen by
    /// <see cref="ClusteringOptions.Store"/> and <see cref="StoryClusterer"/> as singletons, and a hosted
    /// service that creates the store's schema at start.
    /// </summary>
    public static IHostApplicationBuilder AddStoryClustering(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<ClusteringOptions, ClusteringOptionsValidator>(ClusteringOptions.SectionName);
        builder.Services.AddStoryClustering();
        return builder;
    }

    /// <summary>
    /// The same services without binding configuration (defaults, or options configured by the caller):
    /// what <c>AddEnricherStage</c> registers when a host did not call <c>AddEnricher</c>.
    /// </summary>
    public static IServiceCollection AddStoryClustering(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<ClusteringOptions, ClusteringOptionsValidator>()
            .WithValidator<ClusteringOptions, ClusteringStoreValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStoryClusterStore>(CreateStore);
        services.TryAddSingleton<StoryClusterer>();
        services.AddHostedService<StoryClusterStoreInitializer>();
        services.AddHostedService<StoryClusterPruner>();
        return services;
    }

    private static IStoryClusterStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ClusteringOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<StoryClusterer>();
        if (options.Store == ClusteringOptions.PostgresStore)
        {
            var connectionString = options.PostgresConnectionString
                ?? throw new InvalidOperationException("Enricher:Clustering:PostgresConnectionString is required for the postgres store.");
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            var server = $"{builder.Host}:{builder.Port}/{builder.Database}";
            Log.StoreReady(logger, "PostgreSQL", server);

            return new PostgresStoryClusterStore(connectionString, options.CommandTimeoutSeconds);
        }

        var file = Path.GetFullPath(options.SqlitePath);
        Log.StoreReady(logger, "SQLite", file);

        return new SqliteStoryClusterStore(options.SqlitePath, options.CommandTimeoutSeconds);
    }
}

/// <summary>Creates the cluster store's schema when the host starts, so a wrong connection fails fast.</summary>
internal sealed class StoryClusterStoreInitializer(IStoryClusterStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
