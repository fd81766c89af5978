using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Enricher;

/// <summary>
/// Loads the enricher's word lists, gazetteers and language models before the bus starts (in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, which runs before every hosted service's start), so the first
/// message is not charged with loading them against its per-dispatch budget (<c>Messaging:DispatchBudgetSeconds</c>)
/// and readiness means able to work.
/// </summary>
internal sealed class EnricherWarmup(ArticleEnricher enricher) : IHostedLifecycleService
{
    private static readonly CanonicalArticle Article = new()
    {
        ArticleId = "warm-up",
        Source = new SourceRef { Id = "warm-up" },
        Format = DispatchFormats.AgencyText,
        Headline = new Headline { Main = "Il presidente ha incontrato il ministro a Roma" },
        Body = new ArticleBody
        {
            Paragraphs = ["The minister met the president in Rome on Monday, officials said.", "Il ministro ha detto che l'accordo sarà firmato a Bruxelles."],
            Html = "<p>warm-up</p>",
        },
        ContentHash = "0",
    };

    public Task StartingAsync(CancellationToken cancellationToken) => Task.Run(() => enricher.EnrichWithin(Article, cancellationToken), cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
