using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Linking;

namespace Pipeline.Enricher.Tests.Linking;

public sealed class EntityLinkerTests
{
    private static readonly EntityLinker Linker = EntityLinker.Default;

    private static RecognizedEntity Recognized(string name, string type, params string[] mentions)
    {
        var forms = mentions.Length == 0 ? [name] : mentions;
        return new RecognizedEntity(
            new Entity { Name = name, Type = type, Count = forms.Length, Mentions = forms, Spans = [] },
            Place: null,
            InDateline: false);
    }

    private static string IdOf(string name, string type) => Assert.Single(Linker.Link([Recognized(name, type)])).Entity.Id!;

    [Theory]
    [InlineData("Mosca", "Moscow")]
    [InlineData("Stati Uniti", "USA")]
    [InlineData("Stati Uniti", "United States")]
    [InlineData("Stati Uniti", "U.S.")]
    [InlineData("Regno Unito", "UK")]
    [InlineData("Regno Unito", "Gran Bretagna")]
    [InlineData("Regno Unito", "United Kingdom")]
    public void Link_ItalianAndEnglishPlaceNames_GiveOneId(string italian, string english)
    {
        var a = IdOf(italian, EntityTypes.Place);
        var b = IdOf(english, EntityTypes.Place);

        Assert.Equal(a, b);
        Assert.StartsWith("geonames:", a, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unione europea", "EU")]
    [InlineData("Unione europea", "European Union")]
    [InlineData("Unione europea", "Ue")]
    [InlineData("Nazioni Unite", "ONU")]
    [InlineData("Nazioni Unite", "UN")]
    [InlineData("Nazioni Unite", "United Nations")]
    [InlineData("Inter", "Internazionale")]
    public void Link_OrganisationAliases_GiveOneId(string one, string other)
    {
        var a = IdOf(one, EntityTypes.Organisation);
        var b = IdOf(other, EntityTypes.Organisation);

        Assert.Equal(a, b);
        Assert.StartsWith("pipeline:organisation:", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_AliasesInOneArticle_MergeIntoOneEntityWithAllMentions()
    {
        var entities = Linker.Link(
        [
            Recognized("ONU", EntityTypes.Organisation),
            Recognized("Stati Uniti", EntityTypes.Place),
            Recognized("Nazioni Unite", EntityTypes.Organisation),
            Recognized("USA", EntityTypes.Place),
            Recognized("U.S.", EntityTypes.Place),
        ]);

        Assert.Equal(2, entities.Count);
        var us = Assert.Single(entities, e => e.Entity.Type == EntityTypes.Place).Entity;
        Assert.Equal("United States", us.Name);
        Assert.Equal("US", us.CountryCode);
        Assert.Equal(3, us.Count);
        Assert.Equal(["Stati Uniti", "USA", "U.S."], us.Mentions);
        var un = Assert.Single(entities, e => e.Entity.Type == EntityTypes.Organisation).Entity;
        Assert.Equal("ONU", un.Name); // organisations keep the article's name, its acronym first
        Assert.Equal("pipeline:organisation:united-nations", un.Id);
        Assert.Equal(["ONU", "Nazioni Unite"], un.Mentions);
    }

    [Fact]
    public void Link_SurnameAndFullName_MergeIntoThePersonWithAStableId()
    {
        var entities = Linker.Link([Recognized("Putin", EntityTypes.Person), Recognized("Vladimir Putin", EntityTypes.Person)]);

        var putin = Assert.Single(entities).Entity;
        Assert.Equal("Vladimir Putin", putin.Name);
        Assert.Equal("pipeline:person:vladimir-putin", putin.Id);
        Assert.Equal(2, putin.Count);
        Assert.Contains("Putin", putin.Mentions);
    }

    [Fact]
    public void Link_SurnameSharedByTwoPersons_StaysApart()
    {
        var entities = Linker.Link(
        [
            Recognized("Kim Jong Un", EntityTypes.Person),
            Recognized("Kim Yo Jong", EntityTypes.Person),
            Recognized("Kim", EntityTypes.Person),
        ]);

        Assert.Equal(3, entities.Count);
    }

    [Fact]
    public void Link_PlaceKnownToTheGazetteer_HasItsGeoNamesId()
    {
        // GeoNames: Moscow 524901, Italy 3175395 (countryInfo), Russia 2017370 (countryInfo).
        Assert.Equal("geonames:524901", IdOf("Moscow", EntityTypes.Place));
        Assert.Equal("geonames:524901", IdOf("Mosca", EntityTypes.Place));
        Assert.Equal("geonames:3175395", IdOf("Italia", EntityTypes.Place));
        Assert.Equal("geonames:2017370", IdOf("Russia", EntityTypes.Place));
        Assert.Equal("geonames:2017370", IdOf("Federazione Russa", EntityTypes.Place));
    }

    [Fact]
    public void Link_PlaceRecognizedWithItsGazetteerEntry_UsesThatEntry()
    {
        var moscow = Gazetteer.Default.Find("Mosca")!;
        var recognized = new RecognizedEntity(
            new Entity { Name = "Moscow", Type = EntityTypes.Place, Count = 1, Mentions = ["Mosca"] }, moscow, InDateline: true);

        var entity = Assert.Single(Linker.Link([recognized]));

        Assert.Equal("geonames:524901", entity.Entity.Id);
        Assert.Equal("RU", entity.Entity.CountryCode);
        Assert.Same(moscow, entity.Place);
        Assert.True(entity.InDateline);
    }

    [Fact]
    public void Link_CountryNamedInAnotherLanguage_LinksThroughTheAliasTable()
    {
        Assert.Equal("geonames:2017370", IdOf("Russland", EntityTypes.Place));
        Assert.Equal("geonames:2017370", IdOf("Россия", EntityTypes.Place));
        Assert.Equal("geonames:2921044", IdOf("Deutschland", EntityTypes.Place));
    }

    [Fact]
    public void Link_UnknownEntities_GetDeterministicPipelineIds()
    {
        Assert.Equal("pipeline:person:jean-luc-melenchon", IdOf("Jean-Luc Mélenchon", EntityTypes.Person));
        Assert.Equal("pipeline:organisation:acme-widgets-s-p-a", IdOf("Acme Widgets S.p.A.", EntityTypes.Organisation));
        Assert.Equal("pipeline:place:lombardy", IdOf("Lombardia", EntityTypes.Place));
        Assert.Equal(IdOf("Jean-Luc Mélenchon", EntityTypes.Person), IdOf("Jean-Luc Mélenchon", EntityTypes.Person));
    }

    [Fact]
    public void Link_SameNameDifferentTypes_DoNotMerge()
    {
        var entities = Linker.Link([Recognized("Roma", EntityTypes.Organisation), Recognized("Roma", EntityTypes.Place)]);

        Assert.Equal(2, entities.Count);
        Assert.NotEqual(entities[0].Entity.Id, entities[1].Entity.Id);
    }

    [Fact]
    public void Enrich_ItalianAndEnglishArticlesOnOnePlace_GiveTheSameIds()
    {
        var enricher = ArticleEnricher.CreateDefault();
        var italian = Articles.Build(
            "Mosca, vertice al Cremlino con l'inviato degli Stati Uniti",
            null,
            ["Il presidente russo Vladimir Putin ha ricevuto a Mosca l'inviato degli Stati Uniti. Putin ha detto che il dialogo con gli USA continua."]);
        var english = Articles.Build(
            "Moscow summit at the Kremlin with the United States envoy",
            null,
            ["Russian President Vladimir Putin received the United States envoy in Moscow. Putin said the dialogue with the U.S. goes on."]);

        var it = enricher.Enrich(italian).Entities;
        var en = enricher.Enrich(english).Entities;

        string Id(IReadOnlyList<Entity> entities, string name) => Assert.Single(entities, e => e.Name == name).Id!;
        Assert.Equal("geonames:524901", Id(it, "Moscow"));
        Assert.Equal(Id(it, "Moscow"), Id(en, "Moscow"));
        Assert.Equal(Id(it, "United States"), Id(en, "United States"));
        Assert.Equal("pipeline:person:vladimir-putin", Id(it, "Vladimir Putin"));
        Assert.Equal(Id(it, "Vladimir Putin"), Id(en, "Vladimir Putin"));
        Assert.All(it.Concat(en), e => Assert.False(string.IsNullOrEmpty(e.Id)));
        Assert.Equal(it.Count, it.Select(e => e.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("Vladimir Putin", "vladimir-putin")]
    [InlineData("  Côte d'Ivoire ", "cote-d-ivoire")]
    [InlineData("AT&T", "at-t")]
    [InlineData("...", "unnamed")]
    public void Slug_FoldsAndJoinsWithHyphens(string name, string slug) => Assert.Equal(slug, EntityLinker.Slug(name));
}
