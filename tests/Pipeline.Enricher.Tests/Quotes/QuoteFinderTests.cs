namespace Pipeline.Enricher.Tests.Quotes;

public sealed class QuoteFinderTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();

    [Fact]
    public void Enrich_PrimaNotiziaSample_FindsTheQuotedPassages()
    {
        var article = Articles.PrimaNotizia();
        var text = ArticleEnricher.PlainText(article);

        var quotes = Enricher.Enrich(article).Quotes;

        Assert.Equal(4, quotes.Count);
        Assert.StartsWith("Vladimir Putin ha apprezzato molto", quotes[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("ha espresso sincera gratitudine", quotes[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("hanno elogiato", quotes[2].Text, StringComparison.Ordinal);
        Assert.StartsWith("hanno ribadito il loro impegno", quotes[3].Text, StringComparison.Ordinal);
        Assert.All(quotes, q => Assert.Equal(q.Text, text.Substring(q.Span!.Start, q.Span.Length)));
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_AttributesSpeakers()
    {
        var quotes = Enricher.Enrich(Articles.PrimaNotizia()).Quotes;

        Assert.Equal("KCNA", quotes[0].Speaker);          // "… - si legge ancora", after "secondo la KCNA"
        Assert.Equal("Kim Jong Un", quotes[1].Speaker);   // Kim, a sua volta, "…"
        Assert.Null(quotes[2].Speaker);                   // "entrambi i leader": no one named
    }

    [Fact]
    public void Enrich_TypographicQuoteWithSaid_AttributesTheSpeakerAfter()
    {
        var article = Articles.Build(
            "Rates on hold",
            null,
            ["“We are not pre-committing to any particular rate path,” said Christine Lagarde on Thursday. Markets were “calm”."]);

        var quote = Assert.Single(Enricher.Enrich(article).Quotes);

        Assert.Equal("We are not pre-committing to any particular rate path,", quote.Text);
        Assert.Equal("Christine Lagarde", quote.Speaker);
    }

    [Fact]
    public void Enrich_GuillemetsWithSpeakerBefore_AttributesTheSpeaker()
    {
        var article = Articles.Build(
            "Governo",
            null,
            ["Il ministro Giancarlo Giorgetti ha dichiarato: «I conti pubblici sono in ordine e lo resteranno»."]);

        var quote = Assert.Single(Enricher.Enrich(article).Quotes);

        Assert.Equal("I conti pubblici sono in ordine e lo resteranno", quote.Text);
        Assert.Equal("Giancarlo Giorgetti", quote.Speaker);
    }
}
