using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Agency;
using Pipeline.Normalizer.Geo;

namespace Pipeline.Normalizer.Tests.Agency;

/// <summary>The Italian layout from any outlet, read by shape (no profile, no format hint), and its rejections.</summary>
public sealed class ItalianLayoutTests
{
    private const string Body = "\n\nSecondo paragrafo del pezzo, con altri dettagli.\n\n";

    private static CanonicalArticle Normalize(string payload, string? profile = null) =>
        Assert.Single(DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(payload, profile: profile)));

    [Fact]
    public void Normalize_OtherAgencyWithRegion_KeepsRegionAndCountryApart()
    {
        var article = Normalize("## **Cronaca - Roma: titolo del pezzo**\n\n**Roma (Lazio) - 13 ago 2025 (ANSA)** Il lead del pezzo." + Body + "di Mario Rossi Mercoledì 13 Agosto 2025\n");

        Assert.Equal(DispatchFormats.AgencyText, article.Format);
        Assert.Equal(["Cronaca"], article.Sections);
        Assert.Equal(["Roma"], article.Subjects);
        Assert.Equal("titolo del pezzo", article.Headline.Main);
        var dateline = Assert.IsType<Dateline>(article.Dateline);
        Assert.Equal("Roma", dateline.Place);
        Assert.Equal("Lazio", dateline.Region);
        Assert.Null(dateline.Country);
        Assert.Equal("IT", dateline.CountryCode);
        Assert.Equal("ANSA", dateline.Agency);
        Assert.Equal(new DateOnly(2025, 8, 13), dateline.Date);
        Assert.Equal("Il lead del pezzo.", article.Lead);
        Assert.Equal(["Mario Rossi"], article.Authors.Select(a => a.Name));
    }

    [Theory]
    [InlineData("## Esteri – Russia: titolo\n\nMosca (Russia) – 13 agosto (Adnkronos) – Il lead.", "Esteri", "Russia", "Mosca", "RU", "Adnkronos")]
    [InlineData("**Politica Interna — titolo senza soggetto**\n\n**MILANO - Mercoledì 13 Agosto 2025 (askanews)** Il lead.", "Politica Interna", null, "Milano", null, "Askanews")]
    [InlineData("## **Economia - Borsa: titolo**\n\n**Londra (Regno Unito) - 13 ago. (Il Sole 24 Ore)**\n\nIl lead.", "Economia", "Borsa", "Londra", "GB", "Il Sole 24 Ore")]
    public void Normalize_HeadingAndDatelineVariants_Read(string head, string section, string? subject, string place, string? countryCode, string agency)
    {
        var article = Normalize(head + Body + "di Anna Bianchi e Marco Verdi\n");

        Assert.Equal([section], article.Sections);
        Assert.Equal(subject is null ? [] : [subject], article.Subjects);
        Assert.Equal(place, article.Dateline?.Place);
        Assert.Equal(countryCode, article.Dateline?.CountryCode);
        Assert.Equal(agency, article.Dateline?.Agency);
        Assert.Equal(new DateOnly(2025, 8, 13), article.Dateline?.Date);
        Assert.Equal("Il lead.", article.Lead);
        Assert.Equal(["Anna Bianchi", "Marco Verdi"], article.Authors.Select(a => a.Name));
        Assert.Equal(2, article.Body.Paragraphs.Count);
    }

    [Theory]
    [InlineData("# Esteri - Corea: titolo\n\nPyongyang (Corea del Nord) - mercoledì 13 agosto 2025 (Askanews)\nIl lead.", "Pyongyang", null, "KP")]
    [InlineData("## **Esteri - Usa: titolo**\n\n**Austin (Texas) - 13 Ago 2025 (AGI)** - Il lead.", "Austin", "Texas", "US")]
    [InlineData("## **Cronaca - Trento: titolo**\n\n**TRENTO (Trentino-Alto Adige) – 13 ago (Dire)**: Il lead.", "Trento", "Trentino-Alto Adige", "IT")]
    [InlineData("## **Cronaca - Aosta: titolo**\n\nUn sommario sotto il titolo.\n\n**Aosta (Valle d'Aosta) - 13 ago 2025 (ANSA)** Il lead.", "Aosta", "Valle d'Aosta", "IT")]
    public void Normalize_DatelineShapes_PlaceRegionCountryCode(string head, string place, string? region, string countryCode)
    {
        var article = Normalize(head + Body + "di Luca Neri\n");

        Assert.Equal(place, article.Dateline?.Place);
        Assert.Equal(region, article.Dateline?.Region);
        Assert.Equal(countryCode, article.Dateline?.CountryCode);
        Assert.Equal(new DateOnly(2025, 8, 13), article.Dateline?.Date);
        Assert.Equal("Il lead.", article.Lead);
        Assert.Equal(["Luca Neri"], article.Authors.Select(a => a.Name));
    }

    [Theory]
    [InlineData("a cura di Luca Neri", new[] { "Luca Neri" })]
    [InlineData("di Luca Neri, Sara Galli - 13/08/2025", new[] { "Luca Neri", "Sara Galli" })]
    [InlineData("di Luca Neri\n\nMercoledì 13 Agosto 2025", new[] { "Luca Neri" })]
    [InlineData("di No-Data-Available", new string[0])]
    public void Normalize_BylineVariants_Authors(string byline, string[] authors)
    {
        var article = Normalize("## **Cronaca - Roma: titolo**\n\n**Roma - 13 ago 2025 (AGI)** Il lead." + Body + byline + "\n");

        Assert.Equal(authors, article.Authors.Select(a => a.Name));
        Assert.Equal(2, article.Body.Paragraphs.Count);
    }

    [Fact]
    public void Normalize_PlaceholderPlace_NotEmitted()
    {
        var article = Normalize("## **Cronaca - Roma: titolo**\n\n**No-Data-Available (Lazio) - 13 ago 2025 (AGI)** Il lead." + Body);

        Assert.Null(article.Dateline?.Place);
        Assert.Equal("Lazio", article.Dateline?.Region);
    }

    [Theory]
    [InlineData("## **Esteri - Russia: Putin riceve pieno sostegno da Kim Jong Un**\n")]
    [InlineData("## **Esteri - Russia: Putin riceve pieno sostegno da Kim Jong Un**\n\n**Pyongyang (Nord Corea) - 13 ago 2025 (Prima Notizia 24)**\n")]
    [InlineData("## **Esteri - Russia:**\n\n**Pyongyang (Nord Corea) - 13 ago 2025 (AGI)**\n")]
    [InlineData("## **Esteri - Russia: Putin riceve pie")]
    public void Normalize_HeadingWithoutArticle_Rejected(string payload)
    {
        var error = Assert.Throws<PermanentDispatchException>(() => DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(payload, contentType: "text/markdown")));

        Assert.Contains(error.ReasonCode, new[] { RejectionReasons.NoContent, RejectionReasons.Malformed });
        Assert.Contains("not an article", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_HeadingAloneAsMarkdown_RejectedAsNotAnArticle()
    {
        var error = Assert.Throws<PermanentDispatchException>(() => DispatchNormalizer.CreateDefault().Normalize(
            TestDispatches.Create("## **Esteri - Russia: Putin riceve pieno sostegno da Kim Jong Un**\n", contentType: "text/markdown")));

        Assert.Equal(RejectionReasons.NoContent, error.ReasonCode);
        Assert.Contains("a heading is not an article", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_SampleWithOtherAgency_SameArticleButAgency()
    {
        var payload = Pipeline.Testing.Samples.Read(Pipeline.Testing.Samples.PrimaNotizia).Replace("(Prima Notizia 24)", "(LaPresse)", StringComparison.Ordinal);

        var article = Normalize(payload);

        Assert.Equal("Pyongyang", article.Dateline?.Place);
        Assert.Equal("Nord Corea", article.Dateline?.Country);
        Assert.Equal("KP", article.Dateline?.CountryCode);
        Assert.Null(article.Dateline?.Region);
        Assert.Equal("LaPresse", article.Dateline?.Agency);
        Assert.StartsWith("I 2 capi di stato", article.Lead, StringComparison.Ordinal);
        Assert.Equal(["Renato Narciso"], article.Authors.Select(a => a.Name));
    }

    [Theory]
    [InlineData("Ill.", "Illinois", "US")]
    [InlineData("Lombardia", "Lombardia", "IT")]
    [InlineData("LAZIO", "Lazio", "IT")]
    [InlineData("Baviera", "Baviera", "DE")]
    [InlineData("N.Y.", "New York", "US")]
    public void Regions_Resolve_NameAndCountry(string written, string name, string country)
    {
        var region = Assert.IsType<Regions.Region>(Regions.Resolve(written));

        Assert.Equal(name, region.Name);
        Assert.Equal(country, region.CountryCode);
    }

    [Fact]
    public void Regions_Country_IsNotARegion()
    {
        Assert.Null(Regions.Resolve("Ucraina"));
        Assert.Null(Regions.Resolve("No-Data-Available"));
    }

    [Theory]
    [InlineData("SAN DONÀ DI PIAVE", "San Donà di Piave")]
    [InlineData("L'AQUILA", "L'Aquila")]
    [InlineData("FRANKFURT AM MAIN", "Frankfurt am Main")]
    [InlineData("Reggio Emilia", "Reggio Emilia")]
    public void PlaceName_UpperCase_TitleCasedWithParticles(string written, string expected)
    {
        Assert.Equal(expected, AgencyDatelines.PlaceName(written));
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("null")]
    [InlineData("-")]
    [InlineData("No-Data-Available")]
    public void Clean_Placeholder_IsNull(string value)
    {
        Assert.Null(AgencyDatelines.Clean(value));
    }
}
