using Pipeline.Contracts.Articles;

namespace Pipeline.Normalizer.Tests.Media;

public sealed class FeedMediaTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static IReadOnlyList<CanonicalArticle> Normalize(string fixture) =>
        Normalizer.Normalize(TestDispatches.Create(TestDispatches.Fixture(fixture)));

    [Fact]
    public void Normalize_MediaRssGroup_MapsContentsWithOwnOrGroupCaptionAndCredit()
    {
        var etna = Normalize("rss2-media.xml")[0];

        Assert.Equal(
            [
                new Uri("https://cdn.example.com/photos/etna-1600.jpg"),
                new Uri("https://news.example.com/photos/etna-800.jpg"),
                new Uri("https://cdn.example.com/video/etna.mp4"),
                new Uri("https://cdn.example.com/video/etna-poster.jpg"),
            ],
            etna.Media.Select(m => m.Url));
        var main = etna.Media[0];
        Assert.Equal(MediaKinds.Image, main.Kind);
        Assert.Equal("image/jpeg", main.MimeType);
        Assert.Equal("Lava fountains over the south-east crater of Mount Etna, seen from Nicolosi.", main.Caption);
        Assert.Equal("Salvatore Allegra / Example Wire", main.Credit);
        Assert.Equal((1600, 900, 482113L), (main.Width!.Value, main.Height!.Value, main.Length!.Value));
        Assert.Equal("Etna at dawn", etna.Media[1].Caption);
        Assert.Equal("Salvatore Allegra / Example Wire", etna.Media[1].Credit);
    }

    [Fact]
    public void Normalize_MediaRssVideoWithThumbnail_MapsVideoAndPosterImage()
    {
        var etna = Normalize("rss2-media.xml")[0];

        var video = etna.Media[2];
        Assert.Equal(MediaKinds.Video, video.Kind);
        Assert.Equal(94, video.DurationSeconds);
        Assert.Equal(18233014L, video.Length);
        Assert.Equal("Ash cloud over Catania", video.Caption);
        Assert.Null(video.Credit);
        var poster = etna.Media[3];
        Assert.Equal(MediaKinds.Image, poster.Kind);
        Assert.Equal((640, 360), (poster.Width!.Value, poster.Height!.Value));
        Assert.Equal("Ash cloud over Catania", poster.Caption);
    }

    [Fact]
    public void Normalize_GeoRssPoint_SetsLocationWithFeatureName()
    {
        var etna = Normalize("rss2-media.xml")[0];

        Assert.Equal(new GeoPoint { Latitude = 37.751, Longitude = 14.993, Name = "Mount Etna" }, etna.Location);
        Assert.Empty(etna.Warnings);
    }

    [Fact]
    public void Normalize_EnclosureAndW3cGeo_MapsAndSkipsInvalidValuesWithWarnings()
    {
        var genoa = Normalize("rss2-media.xml")[1];

        Assert.Equal([new Uri("https://cdn.example.com/photos/genoa.jpg"), new Uri("https://cdn.example.com/photos/genoa-wide.jpg")], genoa.Media.Select(m => m.Url));
        Assert.All(genoa.Media, m => Assert.Equal(MediaKinds.Image, m.Kind));
        Assert.Null(genoa.Media[0].Length);
        Assert.Null(genoa.Media[1].Width);
        Assert.Equal(720, genoa.Media[1].Height);
        Assert.Equal(new GeoPoint { Latitude = 44.4056, Longitude = 8.9463 }, genoa.Location);
        Assert.Equal(2, genoa.Warnings.Count(w => w.Code == "media-invalid"));
        Assert.Contains(genoa.Warnings, w => w.Message.Contains("javascript:", StringComparison.Ordinal));
        Assert.Contains(genoa.Warnings, w => w.Message.Contains("'wide'", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_PodcastEpisode_ResolvesEnclosureAndAppliesItunesDurationImageAndAuthor()
    {
        var episode = Normalize("podcast.xml")[0];

        var audio = episode.Media[0];
        Assert.Equal(new Uri("https://audio.example.org/briefing/episodes/2025-08-13.mp3"), audio.Url);
        Assert.Equal(MediaKinds.Audio, audio.Kind);
        Assert.Equal("audio/mpeg", audio.MimeType);
        Assert.Equal(926, audio.DurationSeconds);
        Assert.Equal(14823040L, audio.Length);
        Assert.Equal(new Uri("https://audio.example.org/briefing/2025-08-13.jpg"), episode.Media[1].Url);
        Assert.Equal(MediaKinds.Image, episode.Media[1].Kind);
        Assert.Equal("Example Radio News", Assert.Single(episode.Authors).Name);
    }

    [Fact]
    public void Normalize_PodcastEpisodeWithOwnAuthorAndBadDuration_KeepsAuthorAndWarns()
    {
        var episode = Normalize("podcast.xml")[1];

        Assert.Equal("Helen Marsh", Assert.Single(episode.Authors).Name);
        Assert.Null(Assert.Single(episode.Media).DurationSeconds);
        Assert.Contains(episode.Warnings, w => w.Code == "media-invalid" && w.Message.Contains("duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_AtomEnclosureLinksThumbnailAndGml_MapsAgainstXmlBase()
    {
        var entry = Assert.Single(Normalize("atom-media.xml"));

        var audio = entry.Media[0];
        Assert.Equal(new Uri("https://info.example.fr/regions/2025/08/audio/lyon-maire.mp3"), audio.Url);
        Assert.Equal(MediaKinds.Audio, audio.Kind);
        Assert.Equal("Interview du maire", audio.Caption);
        Assert.Equal(2405100L, audio.Length);
        var thumbnail = entry.Media[1];
        Assert.Equal(new Uri("https://img.example.fr/lyon-320.jpg"), thumbnail.Url);
        Assert.Equal("Photo : J. Martin", thumbnail.Credit);
        Assert.Equal(2, entry.Media.Count);
        Assert.Contains(entry.Warnings, w => w.Code == "media-invalid" && w.Message.Contains("ftp://", StringComparison.Ordinal));
        Assert.Equal(new GeoPoint { Latitude = 45.764, Longitude = 4.8357 }, entry.Location);
    }

    [Fact]
    public void Normalize_EnclosureRepeatedAsMediaContent_MergedIntoOneItem()
    {
        const string payload = """
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title><link>https://e.example/</link>
            <item><title>Clip</title><link>https://e.example/clip</link><description>Text.</description>
            <enclosure url="https://e.example/clip.mp4" length="1000" type="video/mp4"/>
            <media:content url="https://e.example/clip.mp4" duration="12.5" width="640" height="360"><media:credit>Agency</media:credit></media:content>
            </item></channel></rss>
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

        var clip = Assert.Single(article.Media);
        Assert.Equal((MediaKinds.Video, 1000L, 12.5, 640, "Agency"), (clip.Kind, clip.Length!.Value, clip.DurationSeconds!.Value, clip.Width!.Value, clip.Credit));
    }

    [Fact]
    public void Normalize_GeoRssPointOutOfRange_SkippedWithWarning()
    {
        const string payload = """
            <rss version="2.0" xmlns:georss="http://www.georss.org/georss"><channel><title>t</title>
            <item><title>Somewhere</title><description>Text.</description><georss:point>145.2 12.0</georss:point></item></channel></rss>
            """;

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Null(article.Location);
        Assert.Contains(article.Warnings, w => w.Code == "geo-invalid");
    }

    [Fact]
    public void Normalize_ItemWithoutMedia_HasEmptyMediaAndNoLocation()
    {
        var article = Normalize("rss2-news.xml")[0];

        Assert.Empty(article.Media);
        Assert.Null(article.Location);
    }
}
