using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Tests.Entities;

public sealed class EntityRecognizerKnownNamesTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();

    private static Entity? Find(Enrichment enrichment, string type, string mention) =>
        enrichment.Entities.SingleOrDefault(e => e.Type == type && e.Mentions.Contains(mention));

    [Fact]
    public void Enrich_SportsStory_TypesCityNamedClubsAsOrganisations()
    {
        var article = Articles.Build(
            "Serie A, la Roma batte il Milan",
            null,
            ["La Roma ha battuto il Milan per 2-1 nella partita di campionato: decide un gol su rigore nel finale.",
             "I tifosi hanno festeggiato a lungo fuori dallo stadio."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "Roma"));
        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "Milan"));
        Assert.Null(Find(enrichment, EntityTypes.Place, "Roma"));
    }

    [Fact]
    public void Enrich_NewsStoryWithoutSport_KeepsTheCityAPlace()
    {
        var article = Articles.Build(
            "Traffico bloccato a Roma",
            null,
            ["Il sindaco di Roma ha chiesto ai cittadini di lasciare l'auto a casa dopo il guasto alla metropolitana."]);

        var enrichment = Enricher.Enrich(article);

        Assert.Equal("Rome", Find(enrichment, EntityTypes.Place, "Roma")?.Name);
        Assert.Null(Find(enrichment, EntityTypes.Organisation, "Roma"));
    }

    [Fact]
    public void Enrich_LongerOrganisationName_IsPreferredToThePlaceInside()
    {
        var article = Articles.Build(
            "Strong quake in Sumatra",
            null,
            ["The US Geological Survey said the quake struck at a depth of ten kilometres."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "US Geological Survey"));
        Assert.DoesNotContain(enrichment.Entities, e => e.Name == "United States");
        Assert.NotNull(Find(enrichment, EntityTypes.Place, "Sumatra"));
    }

    [Fact]
    public void Enrich_RegionWithAGivenNameInside_IsOnePlace()
    {
        var article = Articles.Build(
            "Allerta meteo",
            null,
            ["Allerta gialla in Friuli Venezia Giulia, Lombardia e Liguria per piogge e temporali."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Place, "Friuli Venezia Giulia"));
        Assert.NotNull(Find(enrichment, EntityTypes.Place, "Lombardia"));
        Assert.NotNull(Find(enrichment, EntityTypes.Place, "Liguria"));
        Assert.DoesNotContain(enrichment.Entities, e => e.Mentions.Contains("Giulia") || e.Mentions.Contains("Venezia"));
    }

    [Fact]
    public void Enrich_PersonFollowedByPartyAcronym_SplitsTheTwo()
    {
        var article = Articles.Build(
            "Fiducia al Senato",
            null,
            ["Il governo ottiene la fiducia al Senato. Tommaso Cerno del Pd ha votato contro, come la Lega."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Person, "Tommaso Cerno"));
        Assert.Equal("Partito Democratico", Find(enrichment, EntityTypes.Organisation, "Pd")?.Name);
        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "Senato"));
        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "Lega"));
    }

    [Fact]
    public void Enrich_Continent_IsAPlaceWithoutCountry()
    {
        var article = Articles.Build("Sales fall", null, ["Sales fell in Europe and Asia during the quarter, the company said."]);

        var enrichment = Enricher.Enrich(article);

        var europe = Find(enrichment, EntityTypes.Place, "Europe");
        Assert.NotNull(europe);
        Assert.Null(europe.CountryCode);
        Assert.DoesNotContain(enrichment.Countries, c => string.IsNullOrEmpty(c.Code));
    }
}
