using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

public sealed class NitfTests
{
    [Fact]
    public void Normalize_StandaloneNitf_MapsHeadBylineDatelineAndBody()
    {
        var payload = TestDispatches.Fixture("nitf-standalone.xml");

        var article = Assert.Single(DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(payload, sourceId: "agi")));

        Assert.Equal(DispatchFormats.Nitf, FormatDetector.Detect(payload, null));
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

    [Fact]
    public void Normalize_NitfMediaBlock_LargestReferenceWithCaptionAndCreditNotInParagraphs()
    {
        const string payload = """
            <nitf><head><title>Frana in Valtellina</title></head>
            <body><body.head><hedline><hl1>Frana in Valtellina, strada chiusa</hl1></hedline></body.head>
            <body.content>
              <p>Una frana ha bloccato la statale 38 nella notte.</p>
              <media media-type="image">
                <media-reference source="https://foto.example.it/frana-small.jpg" mime-type="image/jpeg" width="320" height="213"/>
                <media-reference source="https://foto.example.it/frana-large.jpg" mime-type="image/jpeg" width="1920" height="1280" data-size="845112"/>
                <media-caption><p>La statale 38 invasa dal fango a Sondrio.</p></media-caption>
                <media-producer>Vigili del Fuoco</media-producer>
              </media>
              <p>I tecnici sono al lavoro per la riapertura.</p>
            </body.content></body></nitf>
            """;

        var article = Assert.Single(DispatchNormalizer.CreateDefault().Normalize(TestDispatches.Create(payload)));

        var photo = Assert.Single(article.Media);
        Assert.Equal(new Uri("https://foto.example.it/frana-large.jpg"), photo.Url);
        Assert.Equal((MediaKinds.Image, 1920, 845112L), (photo.Kind, photo.Width!.Value, photo.Length!.Value));
        Assert.Equal(("La statale 38 invasa dal fango a Sondrio.", "Vigili del Fuoco"), (photo.Caption, photo.Credit));
        Assert.Equal(["Una frana ha bloccato la statale 38 nella notte.", "I tecnici sono al lavoro per la riapertura."], article.Body.Paragraphs);
    }
}
