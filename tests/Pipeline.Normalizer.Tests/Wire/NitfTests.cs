using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

public sealed class NitfTests
{
    [Fact]
    public void Normalize_StandaloneNitf_MapsHeadBylineDatelineAndBody()
    {
        var payload = TestDispatches.Fixture("nitf-standalone.xml");

        var article = Assert.Single(DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(payload, sourceId: "agi")));

        Assert.Equal(DispatchFormats.Nitf, DispatchNormalizer.DetectFormat(payload, null));
        Assert.Equal(DispatchFormats.Nitf, article.Format);
        Assert.Equal("Scossa di magnitudo 4.2 in Umbria", article.Headline.Main);
        Assert.Equal("Nessun danno a persone", article.Headline.Sub);
        Assert.Equal("agi-2024-0042", article.ItemGuid);
        Assert.Equal(2, article.Version);
        Assert.Equal(new DateTimeOffset(2024, 3, 3, 10, 15, 0, TimeSpan.FromHours(1)), article.PublishedAt);
        var author = Assert.Single(article.Authors);
        Assert.Equal("Paolo Bianchi", author.Name);
        Assert.Equal("inviato", author.Role);
        Assert.Equal("Perugia", article.Dateline!.Place);
        Assert.Equal("IT", article.Dateline.CountryCode);
        Assert.Equal(new DateOnly(2024, 3, 3), article.Dateline.Date);
        Assert.Equal("Perugia Italia, 3 marzo", article.Dateline.Text);
        Assert.Equal(["Una scossa di terremoto è stata avvertita questa mattina.", "La protezione civile segue la situazione."], article.Body.Paragraphs);
        Assert.Equal(["cronaca"], article.Subjects);
        Assert.Equal("it", article.DeclaredLanguage);
    }
}
