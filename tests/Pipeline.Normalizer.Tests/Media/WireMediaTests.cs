using Pipeline.Contracts.Articles;

namespace Pipeline.Normalizer.Tests.Media;

/// <summary>Media and geo from JSON Feed, ninjs and NewsML-G2.</summary>
public sealed class WireMediaTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle Single(string payload) => Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

    [Fact]
    public void Normalize_JsonFeedImageBannerAndAttachments_MapsAllResolvedAgainstItemUrl()
    {
        var article = Single(TestDispatches.Fixture("jsonfeed-10.json"));

        Assert.Equal(
            [
                new Uri("https://radio.example.net/news/images/2025-08-13-evening.jpg"),
                new Uri("https://radio.example.net/news/images/banner.png"),
                new Uri("https://media.example.net/news/2025-08-13-evening.mp3"),
                new Uri("https://media.example.net/news/2025-08-13-evening.m4a"),
            ],
            article.Media.Select(m => m.Url));
        Assert.Equal([MediaKinds.Image, MediaKinds.Image, MediaKinds.Audio, MediaKinds.Audio], article.Media.Select(m => m.Kind));
        var mp3 = article.Media[2];
        Assert.Equal(("audio/mpeg", "Evening bulletin (MP3)", 7340032L, 458d), (mp3.MimeType, mp3.Caption, mp3.Length!.Value, mp3.DurationSeconds!.Value));
        Assert.Null(article.Media[3].Length);
        Assert.Equal(458.5, article.Media[3].DurationSeconds);
        Assert.Contains(article.Warnings, w => w.Code == "media-invalid" && w.Message.Contains("size_in_bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_Ninjs1Associations_LargestRenditionOfPictureWithCaptionAndCredit()
    {
        var article = Single(TestDispatches.Fixture("ninjs-1.json"));

        var photo = Assert.Single(article.Media);
        Assert.Equal(new Uri("https://img.example.com/heat/seville-1200.jpg"), photo.Url);
        Assert.Equal(MediaKinds.Image, photo.Kind);
        Assert.Equal("A thermometer in central Seville shows 46 degrees.", photo.Caption);
        Assert.Equal("Carlos Ruiz", photo.Credit);
        Assert.Equal((1200, 800, 301222L), (photo.Width!.Value, photo.Height!.Value, photo.Length!.Value));
    }

    [Fact]
    public void Normalize_Ninjs2AssociationArray_MapsVideoAndSkipsDataUrl()
    {
        var article = Single(TestDispatches.Fixture("ninjs-2.json"));

        var video = Assert.Single(article.Media);
        Assert.Equal(new Uri("https://video.example.de/strike/hd.mp4"), video.Url);
        Assert.Equal(MediaKinds.Video, video.Kind);
        Assert.Equal("video/mp4", video.MimeType);
        Assert.Equal("Leere Bahnsteige in Frankfurt", video.Caption);
        Assert.Equal("Example Wire", video.Credit);
        Assert.Equal((75d, 25400000L), (video.DurationSeconds!.Value, video.Length!.Value));
        Assert.Contains(article.Warnings, w => w.Code == "media-invalid" && w.Message.Contains("data:", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_NewsMlG2SeeAlsoLinksAndPosition_MapsMediaAndLocation()
    {
        var article = Single(TestDispatches.Fixture("newsml-g2-media.xml"));

        Assert.Equal(2, article.Media.Count);
        var video = article.Media[0];
        Assert.Equal(new Uri("https://video.example.com/2025/08/13/quake-perugia.mp4"), video.Url);
        Assert.Equal((MediaKinds.Video, "Damage in the old town of Perugia", 52d, 9100000L), (video.Kind, video.Caption, video.DurationSeconds!.Value, video.Length!.Value));
        var photo = article.Media[1];
        Assert.Equal((MediaKinds.Image, "Firefighters inspect a church façade", 2048, 1365), (photo.Kind, photo.Caption, photo.Width!.Value, photo.Height!.Value));
        Assert.Equal(new GeoPoint { Latitude = 43.1107, Longitude = 12.3908, Name = "Perugia" }, article.Location);
        Assert.Equal("IT", article.Dateline!.CountryCode);
    }

    [Fact]
    public void Normalize_NewsMlG2PictureItem_TakesLargestRemoteContent()
    {
        const string payload = """
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:20250813:photo-1" version="1" standard="NewsML-G2" standardversion="2.33">
              <itemMeta><itemClass qcode="ninat:picture"/><provider qcode="nprov:EXAMPLE"/><versionCreated>2025-08-13T10:00:00Z</versionCreated></itemMeta>
              <contentMeta>
                <headline>Firefighters in Perugia</headline>
                <description role="drol:caption">Firefighters inspect the façade of San Pietro after the quake.</description>
              </contentMeta>
              <contentSet>
                <remoteContent rendition="rnd:thumbnail" href="https://photos.example.com/p1-thumb.jpg" contenttype="image/jpeg" width="200" height="133"/>
                <remoteContent rendition="rnd:highRes" href="https://photos.example.com/p1-high.jpg" contenttype="image/jpeg" width="3000" height="2000" size="2400000"/>
              </contentSet>
            </newsItem>
            """;

        var article = Single(payload);

        var picture = Assert.Single(article.Media);
        Assert.Equal(new Uri("https://photos.example.com/p1-high.jpg"), picture.Url);
        Assert.Equal((MediaKinds.Image, 3000, 2400000L), (picture.Kind, picture.Width!.Value, picture.Length!.Value));
        Assert.Equal("Firefighters inspect the façade of San Pietro after the quake.", picture.Caption);
    }

    [Fact]
    public void Normalize_NewsMlG2InvalidPosition_SkippedWithWarning()
    {
        var payload = TestDispatches.Fixture("newsml-g2-media.xml").Replace("latitude=\"43.1107\"", "latitude=\"43,1107\"", StringComparison.Ordinal);

        var article = Single(payload);

        Assert.Null(article.Location);
        Assert.Contains(article.Warnings, w => w.Code == "geo-invalid");
    }
}
