namespace Pipeline.Enricher.Tests.Countries;

public sealed class CountryRankerTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();

    [Fact]
    public void Enrich_PrimaNotiziaSample_PutsDatelineCountryFirstWithItsCity()
    {
        var countries = Enricher.Enrich(Articles.PrimaNotizia()).Countries;

        var first = countries[0];
        Assert.Equal("KP", first.Code);
        Assert.Equal("North Korea", first.Name);
        Assert.Equal(1.0, first.Score);
        Assert.Equal(39.03, first.Latitude!.Value, 1);   // Pyongyang
        Assert.Equal(125.75, first.Longitude!.Value, 1);
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_ListsMentionedCountriesByMentions()
    {
        var countries = Enricher.Enrich(Articles.PrimaNotizia()).Countries;

        Assert.Equal(["KP", "RU", "UA", "US"], countries.Select(c => c.Code));
        var russia = countries[1];
        Assert.NotNull(russia.Latitude);   // Kursk, the most mentioned Russian city
        Assert.Equal(51.7, russia.Latitude!.Value, 1);
        Assert.Null(countries[3].Latitude); // only "USA", no city
        Assert.True(countries.Skip(1).Select(c => c.Score).SequenceEqual(countries.Skip(1).Select(c => c.Score).OrderDescending()));
    }

    [Fact]
    public void Enrich_NoPlaces_ReturnsNoCountries()
    {
        var article = Articles.Build("Una giornata tranquilla", "Nessuna novità da segnalare oggi in redazione.", []);

        Assert.Empty(Enricher.Enrich(article).Countries);
    }
}
