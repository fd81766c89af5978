using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Tests.Entities;

public sealed class EntityRecognizerTests
{
    private static readonly ArticleEnricher Enricher = ArticleEnricher.CreateDefault();
    private static readonly CanonicalArticle Sample = Articles.PrimaNotizia();
    private static readonly Enrichment SampleEnrichment = Enricher.Enrich(Sample);

    private static Entity Find(Enrichment enrichment, string type, string name) =>
        Assert.Single(enrichment.Entities, e => e.Type == type && e.Name == name);

    [Theory]
    [InlineData(EntityTypes.Person, "Vladimir Putin", "Putin")]
    [InlineData(EntityTypes.Person, "Kim Jong Un", "Kim")]
    [InlineData(EntityTypes.Person, "Donald Trump", "Donald Trump")]
    [InlineData(EntityTypes.Organisation, "KCNA", "Agenzia di Stampa Centrale Coreana")]
    [InlineData(EntityTypes.Organisation, "Armata Rossa", "Armata Rossa")]
    [InlineData(EntityTypes.Place, "Russia", "Russia")]
    [InlineData(EntityTypes.Place, "North Korea", "RPDC")]
    [InlineData(EntityTypes.Place, "Ukraine", "Ucraina")]
    [InlineData(EntityTypes.Place, "Kursk", "Kursk")]
    [InlineData(EntityTypes.Place, "Moscow", "Mosca")]
    [InlineData(EntityTypes.Place, "Pyongyang", "Pyongyang")]
    public void Enrich_PrimaNotiziaSample_FindsEntity(string type, string name, string mention)
    {
        var entity = Find(SampleEnrichment, type, name);

        Assert.Contains(mention, entity.Mentions);
        Assert.True(entity.Count >= 1);
    }

    [Theory]
    [InlineData("North Korea", "KP")]
    [InlineData("Russia", "RU")]
    [InlineData("Ukraine", "UA")]
    [InlineData("Kursk", "RU")]
    [InlineData("Moscow", "RU")]
    [InlineData("Pyongyang", "KP")]
    public void Enrich_PrimaNotiziaSample_PlacesCarryCountryCode(string name, string code)
    {
        Assert.Equal(code, Find(SampleEnrichment, EntityTypes.Place, name).CountryCode);
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_MergesPutinAliases()
    {
        var putin = Find(SampleEnrichment, EntityTypes.Person, "Vladimir Putin");

        Assert.Equal(["Putin", "Vladimir Putin"], putin.Mentions.Order(StringComparer.Ordinal));
        Assert.Equal(7, putin.Count);
        Assert.Equal(putin.Count, putin.Spans.Count);
        Assert.DoesNotContain(SampleEnrichment.Entities, e => e.Name == "Putin");
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_MergesKoreaNamesIntoOnePlace()
    {
        var korea = Find(SampleEnrichment, EntityTypes.Place, "North Korea");

        Assert.Contains("Corea del Nord", korea.Mentions);
        Assert.Contains("Nord Corea", korea.Mentions);   // from the dateline
        Assert.Contains("RPDC", korea.Mentions);
        Assert.Single(SampleEnrichment.Entities, e => e.CountryCode == "KP" && e.Name != "Pyongyang");
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_MergesAgencyNameWithItsAcronym()
    {
        var kcna = Find(SampleEnrichment, EntityTypes.Organisation, "KCNA");

        Assert.Contains("Agenzia di Stampa Centrale Coreana", kcna.Mentions);
        Assert.Equal(3, kcna.Count);
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_DoesNotReportTheBylineAuthor()
    {
        var withAuthorInBody = Sample with { Body = Sample.Body with { Paragraphs = [.. Sample.Body.Paragraphs, "di Renato Narciso Mercoledì 13 Agosto 2025"] } };

        var enrichment = Enricher.Enrich(withAuthorInBody);

        Assert.DoesNotContain(enrichment.Entities, e => e.Mentions.Any(m => m.Contains("Narciso", StringComparison.Ordinal) || m.Contains("Renato", StringComparison.Ordinal)));
        Assert.Contains(enrichment.Entities, e => e.Name == "Vladimir Putin");
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_SpansPointAtTheMentions()
    {
        var text = ArticleEnricher.PlainText(Sample);

        foreach (var entity in SampleEnrichment.Entities)
        {
            foreach (var span in entity.Spans)
            {
                Assert.Contains(text.Substring(span.Start, span.Length), entity.Mentions);
            }
        }

        var trump = Find(SampleEnrichment, EntityTypes.Person, "Donald Trump");
        Assert.Equal("Donald Trump", text.Substring(trump.Spans[0].Start, trump.Spans[0].Length));
        Assert.Equal(0, Find(SampleEnrichment, EntityTypes.Person, "Vladimir Putin").Spans[0].Start);
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_SkipsCapitalisedCommonWords()
    {
        string[] notEntities = ["Paesi", "Paese", "Stato", "Operazione Militare Speciale", "Tale", "Sempre", "Mentre", "Lo", "La", "I", "Vladimir"];

        Assert.DoesNotContain(SampleEnrichment.Entities, e => notEntities.Contains(e.Name));
    }

    [Fact]
    public void Enrich_PrimaNotiziaSample_OrdersByMentions()
    {
        var counts = SampleEnrichment.Entities.Select(e => e.Count).ToList();

        Assert.Equal(counts.OrderDescending(), counts);
        Assert.Equal("Vladimir Putin", SampleEnrichment.Entities[0].Name);
    }

    [Fact]
    public void Enrich_EnglishStory_FindsPersonsOrganisationsAndPlaces()
    {
        var enrichment = Enricher.Enrich(Articles.EnglishStory());

        var lagarde = Find(enrichment, EntityTypes.Person, "Christine Lagarde");
        Assert.Contains("Lagarde", lagarde.Mentions);
        Assert.Equal(2, lagarde.Count);
        Find(enrichment, EntityTypes.Person, "Lars Klingbeil");
        Find(enrichment, EntityTypes.Organisation, "European Central Bank");
        // A known company followed by its group word is that company, named by its list name.
        Assert.Contains("Goldman Sachs Group", Find(enrichment, EntityTypes.Organisation, "Goldman Sachs").Mentions);
        Assert.Contains("International Monetary Fund", Find(enrichment, EntityTypes.Organisation, "IMF").Mentions);
        Assert.Equal("DE", Find(enrichment, EntityTypes.Place, "Germany").CountryCode);
        Assert.Equal("FR", Find(enrichment, EntityTypes.Place, "France").CountryCode);
        Assert.Equal("IT", Find(enrichment, EntityTypes.Place, "Rome").CountryCode);
        Assert.Contains("Frankfurt", Find(enrichment, EntityTypes.Place, "Frankfurt am Main").Mentions);
        Assert.DoesNotContain(enrichment.Entities, e => e.Name is "Italian" or "Central" or "Analysts" or "Thursday" or "German");
    }

    [Fact]
    public void Enrich_TitlesInitialsAndAbbreviations_MakePersons()
    {
        var article = Articles.Build(
            "Talks resume",
            null,
            ["Officials met on Monday. Later, Mr. Okonkwo spoke with Senator Tammy Baldwin about the memo written by John F. Kennedy in 1962."]);

        var enrichment = Enricher.Enrich(article);

        Find(enrichment, EntityTypes.Person, "Okonkwo");
        Find(enrichment, EntityTypes.Person, "Tammy Baldwin");
        Find(enrichment, EntityTypes.Person, "John F. Kennedy");
        Assert.DoesNotContain(enrichment.Entities, e => e.Name is "Officials" or "Later" or "Senator Tammy Baldwin");
    }

    [Fact]
    public void Enrich_CityNameInsidePersonName_IsNotAPlace()
    {
        var article = Articles.Build("Sport", null, ["Fans remembered how Michael Jordan and Paris Hilton visited Chicago in 1998."]);

        var enrichment = Enricher.Enrich(article);

        Find(enrichment, EntityTypes.Person, "Michael Jordan");
        Find(enrichment, EntityTypes.Place, "Chicago");
        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Place && e.Name is "Paris" or "Amman");
        Assert.DoesNotContain(enrichment.Entities, e => e.CountryCode == "JO");
    }

    [Fact]
    public void Enrich_AcronymsAndShouting_AreHandled()
    {
        var article = Articles.Build(
            "NATO ALLIES MEET IN BRUSSELS",
            null,
            ["The CEO of the company said NATO and the USA would reply, while the WHO stayed silent."]);

        var enrichment = Enricher.Enrich(article);

        var nato = Find(enrichment, EntityTypes.Organisation, "NATO");
        Assert.Equal(1, nato.Count); // the all-caps headline says nothing
        Find(enrichment, EntityTypes.Organisation, "WHO");
        Assert.Equal("US", Find(enrichment, EntityTypes.Place, "United States").CountryCode);
        Assert.DoesNotContain(enrichment.Entities, e => e.Name == "CEO");
    }

    [Fact]
    public void Enrich_UntypedNameFollowedBySpeechVerb_IsAPerson()
    {
        var article = Articles.Build("Vote count", null, ["The count went on overnight. Okafor said the result would stand."]);

        var enrichment = Enricher.Enrich(article);

        Find(enrichment, EntityTypes.Person, "Okafor");
    }

    [Fact]
    public void Enrich_CityNamesThatAreCommonWords_AreNotPlacesAtSentenceStart()
    {
        var article = Articles.Build(
            "Notizie",
            null,
            ["Ho visto il ministro a Sofia. Nice weather in Nice today, said the mayor of Split."]);

        var enrichment = Enricher.Enrich(article);

        Assert.Equal("BG", Find(enrichment, EntityTypes.Place, "Sofia").CountryCode);
        Assert.Equal(1, Find(enrichment, EntityTypes.Place, "Nice").Count);
        Find(enrichment, EntityTypes.Place, "Split");
        Assert.DoesNotContain(enrichment.Entities, e => e.CountryCode == "GH");
    }

    [Fact]
    public void Enrich_EmptyArticle_ReturnsNoEntities()
    {
        var enrichment = Enricher.Enrich(Articles.Build("Breve", null, []));

        Assert.Empty(enrichment.Entities);
        Assert.Empty(enrichment.Quotes);
        Assert.Equal("und", enrichment.Language.Code);
    }

    [Fact]
    public void Enrich_ItalianPoliticalStory_SeparatesTitlesFromNames()
    {
        var article = Articles.Build(
            "Meloni a Bruxelles per il Consiglio europeo",
            "La presidente del Consiglio Giorgia Meloni è arrivata a Bruxelles per il vertice dei leader.",
            [
                "Secondo fonti di Palazzo Chigi, la premier incontrerà Ursula von der Leyen. Il ministro degli Esteri Antonio Tajani ha visto il collega. "
                + "Il ministro dell'Economia Giorgetti ha dichiarato che \"i conti pubblici sono sotto controllo\". "
                + "La Banca Centrale Europea (BCE) ha lasciato invariati i tassi. Il Partito Democratico di Elly Schlein ha criticato il governo.",
            ]);

        var enrichment = Enricher.Enrich(article);

        Assert.Contains("Meloni", Find(enrichment, EntityTypes.Person, "Giorgia Meloni").Mentions);
        Find(enrichment, EntityTypes.Person, "Ursula von der Leyen");
        Find(enrichment, EntityTypes.Person, "Antonio Tajani");
        Find(enrichment, EntityTypes.Person, "Giorgetti");
        Find(enrichment, EntityTypes.Person, "Elly Schlein");
        Find(enrichment, EntityTypes.Organisation, "Partito Democratico");
        Assert.Contains("Banca Centrale Europea", Find(enrichment, EntityTypes.Organisation, "BCE").Mentions);
        Assert.Equal("BE", Find(enrichment, EntityTypes.Place, "Brussels").CountryCode);
        Assert.DoesNotContain(enrichment.Entities, e => e.Name is "Consiglio" or "Esteri" or "Economia" || e.Name.StartsWith("Consiglio ", StringComparison.Ordinal));
        Assert.Equal("Giorgetti", Assert.Single(enrichment.Quotes).Speaker);
    }

    [Fact]
    public void Enrich_EnglishDisasterStory_TypesOrganisationsAndPersons()
    {
        var article = Articles.Build(
            "Storm hits Florida coast",
            "Hurricane Milton made landfall near Tampa on Wednesday night, the National Hurricane Center said.",
            [
                "Governor Ron DeSantis urged residents to evacuate. The White House said the Federal Emergency Management Agency (FEMA) has sent teams. "
                + "Shares in Allstate Corp. fell on Wall Street. In London, the Bank of England kept rates on hold.",
            ]);

        var enrichment = Enricher.Enrich(article);

        Find(enrichment, EntityTypes.Person, "Ron DeSantis");
        Find(enrichment, EntityTypes.Organisation, "National Hurricane Center");
        Find(enrichment, EntityTypes.Organisation, "White House");
        Find(enrichment, EntityTypes.Organisation, "Bank of England");
        Find(enrichment, EntityTypes.Organisation, "Allstate Corp");
        Assert.Contains("Federal Emergency Management Agency", Find(enrichment, EntityTypes.Organisation, "FEMA").Mentions);
        Assert.Equal("US", Find(enrichment, EntityTypes.Place, "Tampa").CountryCode);
        Assert.Equal("GB", Find(enrichment, EntityTypes.Place, "London").CountryCode);
        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Person && e.Name is "Wall Street" or "Hurricane Milton" or "Governor Ron DeSantis");
    }

    [Fact]
    public void Enrich_TitlesBeforeNames_AreStrippedAndPlacesWinOverOrganisationWords()
    {
        var article = Articles.Build(
            "Gaza talks stall",
            "U.S. President Donald Trump said talks were close to a deal.",
            [
                "Prime Minister Benjamin Netanyahu spoke to the Knesset. Chinese President Xi Jinping and French President Emmanuel Macron called for a ceasefire. "
                + "Moscow's envoy Vassily Nebenzia backed the plan. The West Bank city of Ramallah saw protests.",
            ]);

        var enrichment = Enricher.Enrich(article);

        Find(enrichment, EntityTypes.Person, "Donald Trump");
        Find(enrichment, EntityTypes.Person, "Benjamin Netanyahu");
        Find(enrichment, EntityTypes.Person, "Xi Jinping");
        Find(enrichment, EntityTypes.Person, "Emmanuel Macron");
        Find(enrichment, EntityTypes.Person, "Vassily Nebenzia");
        Assert.Equal("PS", Find(enrichment, EntityTypes.Place, "Palestine").CountryCode);   // "West Bank", not a bank
        Assert.Equal("RU", Find(enrichment, EntityTypes.Place, "Moscow").CountryCode);
        Assert.Equal("US", Find(enrichment, EntityTypes.Place, "United States").CountryCode);
        Assert.DoesNotContain(enrichment.Entities, e => e.Name.Contains("President", StringComparison.Ordinal) || e.Name.Contains("Minister", StringComparison.Ordinal));
        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Organisation && e.Name == "West Bank");
    }

    [Fact]
    public void Enrich_SurnameParticlesAffiliationsAndShoutedWords_AreHandled()
    {
        var article = Articles.Build(
            "Calcio e ricerca",
            null,
            [
                "Ieri l'allenatore Eusebio Di Francesco ha parlato con Marco Gamba dell'Università di Torino e con Tommaso Cerno del Pd. "
                + "In SICILIA la protesta continua, ha detto Paolo.",
            ]);

        var enrichment = Enricher.Enrich(article);

        Find(enrichment, EntityTypes.Person, "Eusebio Di Francesco");
        Find(enrichment, EntityTypes.Person, "Marco Gamba");
        Find(enrichment, EntityTypes.Organisation, "Università di Torino");
        Find(enrichment, EntityTypes.Person, "Tommaso Cerno");
        Assert.DoesNotContain(enrichment.Entities, e => e.Name is "SICILIA" or "Eusebio Di" or "Francesco" or "Tommaso Cerno del Pd");
    }

    [Fact]
    public void Enrich_GivenNameAlone_IsNotReported()
    {
        var article = Articles.Build("Festa", null, ["La festa di San Paolo si è svolta ieri sera in piazza con Giulia e i suoi amici."]);

        var enrichment = Enricher.Enrich(article);

        Assert.DoesNotContain(enrichment.Entities, e => e.Type == EntityTypes.Person);
    }
}
