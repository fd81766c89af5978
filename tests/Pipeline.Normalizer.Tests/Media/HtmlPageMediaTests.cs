using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Media;

public sealed class HtmlPageMediaTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle Page(string head) => Assert.Single(Normalizer.Normalize(TestDispatches.Create($$"""
        <!DOCTYPE html>
        <html lang="it"><head><meta charset="utf-8"><title>Nuovo ponte a Genova</title>
        <link rel="canonical" href="https://www.cronache.example.it/genova/ponte">
        {{head}}
        </head><body><article><h1>Nuovo ponte a Genova</h1>
        <p>Il ponte collega i due quartieri dopo tre anni di lavori, ha detto il sindaco durante la cerimonia di inaugurazione di questa mattina.</p>
        <p>Alla cerimonia erano presenti centinaia di cittadini, che hanno attraversato il ponte a piedi per la prima volta.</p>
        <p>Il traffico sarà aperto alle auto da lunedì prossimo, secondo quanto comunicato dal Comune in una nota.</p>
        </article></body></html>
        """, formatHint: DispatchFormats.Html)));

    [Fact]
    public void Normalize_OpenGraphImageAndVideo_MappedWithSizeAndAlt()
    {
        var article = Page("""
            <meta property="og:image" content="/media/ponte-1200.jpg">
            <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
            <meta property="og:image:alt" content="Il nuovo ponte visto dal porto">
            <meta property="og:video" content="https://video.cronache.example.it/ponte.mp4"><meta property="og:video:type" content="video/mp4">
            """);

        Assert.Equal(2, article.Media.Count);
        var image = article.Media[0];
        Assert.Equal(new Uri("https://www.cronache.example.it/media/ponte-1200.jpg"), image.Url);
        Assert.Equal((MediaKinds.Image, 1200, 630, "Il nuovo ponte visto dal porto"), (image.Kind, image.Width!.Value, image.Height!.Value, image.Caption));
        Assert.Equal((MediaKinds.Video, "video/mp4"), (article.Media[1].Kind, article.Media[1].MimeType));
    }

    [Fact]
    public void Normalize_TwitterImageOnly_UsedAsImage()
    {
        var article = Page("""<meta name="twitter:image" content="https://img.example.it/ponte.jpg">""");

        Assert.Equal(new Uri("https://img.example.it/ponte.jpg"), Assert.Single(article.Media).Url);
    }

    [Theory]
    [InlineData("""<meta name="geo.position" content="44.4056;8.9463"><meta name="geo.placename" content="Genova">""", "Genova")]
    [InlineData("""<meta name="ICBM" content="44.4056, 8.9463">""", null)]
    [InlineData("""<meta property="place:location:latitude" content="44.4056"><meta property="place:location:longitude" content="8.9463">""", null)]
    public void Normalize_GeoMeta_SetsLocation(string head, string? name) =>
        Assert.Equal(new GeoPoint { Latitude = 44.4056, Longitude = 8.9463, Name = name }, Page(head).Location);

    [Fact]
    public void Normalize_PageWithoutMediaMeta_NoMediaNoLocation()
    {
        var article = Page(string.Empty);

        Assert.Empty(article.Media);
        Assert.Null(article.Location);
    }
}
