using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Enricher;
using Pipeline.Fetcher;
using Pipeline.Indexer;
using Pipeline.Messaging;
using Pipeline.Normalizer;
using Pipeline.ServiceDefaults;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// The embedded mode: all four stages in one process on MassTransit's in-memory bus, the index and
/// the fetcher's state under one data folder. The same registrations the workers use.
/// </summary>
internal static class EmbeddedPipeline
{
    public static HostApplicationBuilder CreateBuilder(string dataFolder, Action<IBusRegistrationConfigurator>? observers = null)
    {
        var data = Path.GetFullPath(dataFolder);
        Directory.CreateDirectory(data);
        var builder = CliHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = nameof(TransportKind.InMemory),
            ["Indexer:IndexPath"] = Path.Combine(data, "index"),
            ["Fetcher:StatePath"] = Path.Combine(data, "fetcher.db"),
            ["Enricher:Clustering:SqlitePath"] = Path.Combine(data, "clusters.db"),
        });

        builder.AddServiceDefaults();
        builder.AddPipelineMessaging(bus =>
        {
            bus.AddFetcherStage();
            bus.AddNormalizerStage();
            bus.AddEnricherStage();
            bus.AddIndexerStage();
            observers?.Invoke(bus);
        });
        builder.AddFetcher();
        builder.AddNormalizer();
        builder.AddEnricher();
        builder.AddIndexer();
        return builder;
    }

    /// <summary>Where the embedded pipeline keeps its index.</summary>
    public static string IndexFolder(string dataFolder) => Path.Combine(Path.GetFullPath(dataFolder), "index");

    /// <summary>Where the embedded fetcher keeps its state.</summary>
    public static string StateFile(string dataFolder) => Path.Combine(Path.GetFullPath(dataFolder), "fetcher.db");

    /// <summary>Documents in the running pipeline's index.</summary>
    public static int IndexedDocuments(IServiceProvider services) => services.GetRequiredService<ArticleIndex>().Count;
}
