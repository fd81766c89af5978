using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;

namespace Pipeline.Enricher;

/// <summary>
/// Loads the enricher's word lists, gazetteers and language models by enriching one built-in article, in the background
/// from the host's start (<see cref="StageWarmup"/>): the bus starts at once, so the enricher's queue is declared and
/// bound before anything is published to it; readiness waits for the warm-up, and a message that arrives meanwhile
/// waits for it before its per-dispatch budget (<c>Messaging:DispatchBudgetSeconds</c>) starts.
/// </summary>
internal sealed class EnricherWarmup(ArticleEnricher enricher, ILogger<EnricherWarmup> logger) : StageWarmup(logger)
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

    protected override void Warm(CancellationToken cancellationToken) => enricher.EnrichWithin(Article, cancellationToken);
}
