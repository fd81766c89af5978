using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Agency;

public sealed class AnsaProfileTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private const string Dispatch = """
        Ucraina, Zelensky: pronti a nuovi negoziati
        Il presidente ucraino apre a un incontro entro l'estate
        (ANSA) - ROMA, 01 LUG - Il presidente ucraino Volodymyr Zelensky si è detto pronto a "nuovi negoziati" con Mosca.

        Lo ha annunciato in un videomessaggio serale. (ANSA).
        """;

    [Fact]
    public void Normalize_AnsaWithProfile_ParsesHeadlineSubDatelineAndLead()
    {
        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(Dispatch, sourceId: "ansa", profile: "ansa",
            receivedAt: new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero))));

        Assert.Equal("Ucraina, Zelensky: pronti a nuovi negoziati", article.Headline.Main);
        Assert.Equal("Il presidente ucraino apre a un incontro entro l'estate", article.Headline.Sub);
        Assert.Equal("Roma", article.Dateline!.Place);
        Assert.Equal("ANSA", article.Dateline.Agency);
        Assert.Equal(new DateOnly(2025, 7, 1), article.Dateline.Date);
        Assert.Equal("(ANSA) - ROMA, 01 LUG", article.Dateline.Text);
        Assert.Equal("Il presidente ucraino Volodymyr Zelensky si è detto pronto a \"nuovi negoziati\" con Mosca.", article.Lead);
        Assert.Equal(["Il presidente ucraino Volodymyr Zelensky si è detto pronto a \"nuovi negoziati\" con Mosca.", "Lo ha annunciato in un videomessaggio serale."], article.Body.Paragraphs);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(2)), article.PublishedAt);
        Assert.Equal("it", article.DeclaredLanguage);
        Assert.Equal(DispatchFormats.AgencyText, article.Format);
    }

    [Fact]
    public void Normalize_AnsaWithoutProfile_IsDetected()
    {
        var dispatch = TestDispatches.Create(Dispatch, sourceId: "ansa", receivedAt: new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero));

        var article = Assert.Single(Normalizer.Normalize(dispatch));

        Assert.Equal(DispatchFormats.AgencyText, FormatDetector.Detect(Dispatch, null));
        Assert.Equal("ANSA", article.Dateline!.Agency);
        Assert.Equal("Roma", article.Dateline.Place);
    }

    [Fact]
    public void Normalize_AnsaForeignDatelineWithCountry_ResolvesCountry()
    {
        const string text = """
            Kiev denuncia nuovi attacchi
            (ANSA-AFP) - KIEV (UCRAINA), 3 MAR 2024 - Nuovi attacchi con droni nella notte.
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(text, profile: "ansa")));

        Assert.Equal("Kiev", article.Dateline!.Place);
        Assert.Equal("UCRAINA", article.Dateline.Country);
        Assert.Equal("UA", article.Dateline.CountryCode);
        Assert.Equal("ANSA-AFP", article.Dateline.Agency);
        Assert.Equal(new DateOnly(2024, 3, 3), article.Dateline.Date);
        Assert.Null(article.Headline.Sub);
    }
}
