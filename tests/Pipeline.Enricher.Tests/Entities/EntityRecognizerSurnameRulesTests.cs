using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Tests.Entities;

public sealed class EntityRecognizerSurnameRulesTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();

    private static Entity? Find(Enrichment enrichment, string type, string mention) =>
        enrichment.Entities.SingleOrDefault(e => e.Type == type && e.Mentions.Contains(mention));

    [Fact]
    public void Enrich_UnknownFullNameWhoseSurnameRepeats_IsOnePerson()
    {
        var article = Articles.Build(
            "Hearing delayed",
            null,
            ["The lawyers of Okonkwo Adebayor asked for more time on Monday.", "The judge agreed, and the case against Adebayor will resume in May."]);

        var enrichment = Enricher.Enrich(article);

        var person = Find(enrichment, EntityTypes.Person, "Okonkwo Adebayor");
        Assert.NotNull(person);
        Assert.Contains("Adebayor", person.Mentions);
        Assert.Equal(2, person.Count);
    }

    [Fact]
    public void Enrich_SportsStory_TypesLoneSurnamesAsPersons()
    {
        var article = Articles.Build(
            "Serie A, vittoria in trasferta",
            null,
            ["Partita decisa nel primo tempo: al 12' Vrsaljkovic serve Mbembe che segna il gol del vantaggio.",
             "L'allenatore ha lodato la squadra, ora terza in classifica."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Person, "Vrsaljkovic"));
        Assert.NotNull(Find(enrichment, EntityTypes.Person, "Mbembe"));
    }

    [Fact]
    public void Enrich_LoneCapitalisedWordOutsideSport_IsNotAPerson()
    {
        var article = Articles.Build(
            "Conti pubblici",
            null,
            ["Il rapporto arriva dopo settimane di attesa. Secondo il documento la spesa di Mbembe cresce."]);

        var enrichment = Enricher.Enrich(article);

        Assert.Null(Find(enrichment, EntityTypes.Person, "Mbembe"));
    }

    [Fact]
    public void Enrich_GovernmentNamedAfterItsHead_FindsThePerson()
    {
        var article = Articles.Build("Fiducia", null, ["Il Senato ha votato la fiducia al secondo governo Conte con 169 voti."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Person, "Conte"));
        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "Senato"));
    }

    [Fact]
    public void Enrich_CamelCaseAndAmpersandNames_AreOrganisations()
    {
        var article = Articles.Build(
            "Analysts react",
            null,
            ["Analysts at PaineWebber cut their forecast, and shares of Johnson & Johnson fell two per cent."]);

        var enrichment = Enricher.Enrich(article);

        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "PaineWebber"));
        Assert.NotNull(Find(enrichment, EntityTypes.Organisation, "Johnson & Johnson"));
        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Person);
    }

    [Fact]
    public void Enrich_SurnameWithInnerCapital_IsNotAnOrganisation()
    {
        var article = Articles.Build("Trial", null, ["Greg McMichael and his son were charged. McMichael said nothing."]);

        var enrichment = Enricher.Enrich(article);

        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Organisation);
    }

    [Fact]
    public void Enrich_AdministrativeAreaByItsLastWord_IsAPlaceMergedWithItsShortName()
    {
        var article = Articles.Build(
            "Outbreak update",
            null,
            ["New cases were reported in North Kivu Province this week.", "Teams in North Kivu traced most contacts."]);

        var enrichment = Enricher.Enrich(article);

        var area = Find(enrichment, EntityTypes.Place, "North Kivu Province");
        Assert.NotNull(area);
        Assert.Contains("North Kivu", area.Mentions);
        Assert.Null(area.CountryCode);
    }

    [Fact]
    public void Enrich_TitleBeforeAnOrganisation_DoesNotMakeItsNameAPerson()
    {
        var article = Articles.Build(
            "Scosse",
            null,
            ["\"Nessun allarme\" dice il direttore dell'Osservatorio nazionale Terremoti, che segue la sequenza."]);

        var enrichment = Enricher.Enrich(article);

        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Person && e.Mentions.Contains("Terremoti"));
    }
}
