
namespace Pipeline.Indexer;

/// <summary>Opens the index when the host starts, so a locked or unwritable index fails the start, not the first message.</summary>
internal sealed class IndexOpener(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ArticleIndex>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
