using Pipeline.Contracts.Articles;
using Pipeline.Normalizer.Media;

namespace Pipeline.Normalizer.Tests.Media;

public sealed class MediaValuesTests
{
    private static readonly Uri Base = new("https://news.example.com/world/story.html");

    [Theory]
    [InlineData("https://cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg")]
    [InlineData("HTTP://CDN.example.com/a.jpg?w=800&sig=Ab", "http://cdn.example.com/a.jpg?w=800&sig=Ab")]
    [InlineData("/img/a.jpg", "https://news.example.com/img/a.jpg")]
    [InlineData("img/a.jpg", "https://news.example.com/world/img/a.jpg")]
    [InlineData("//static.example.net/a.png", "https://static.example.net/a.png")]
    public void Url_HttpOrRelative_ResolvedAgainstBase(string value, string expected)
    {
        var warnings = new List<ParseWarning>();

        Assert.Equal(new Uri(expected), MediaValues.Url(value, Base, warnings));
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("ftp://files.example.com/a.jpg")]
    [InlineData("file:///etc/passwd")]
    public void Url_OtherSchemes_RejectedWithWarning(string value)
    {
        var warnings = new List<ParseWarning>();

        Assert.Null(MediaValues.Url(value, Base, warnings));
        Assert.Equal(MediaValues.MediaInvalid, Assert.Single(warnings).Code);
    }

    [Fact]
    public void Url_RelativeWithoutBase_RejectedWithWarning()
    {
        var warnings = new List<ParseWarning>();

        Assert.Null(MediaValues.Url("img/a.jpg", null, warnings));
        Assert.Single(warnings);
    }

    [Theory]
    [InlineData("image", null, "https://e.example/x", MediaKinds.Image)]
    [InlineData("picture", null, "https://e.example/x", MediaKinds.Image)]
    [InlineData("ninat:video", null, "https://e.example/x", MediaKinds.Video)]
    [InlineData(null, "audio/mpeg", "https://e.example/x", MediaKinds.Audio)]
    [InlineData(null, "video/mp4; codecs=avc1", "https://e.example/x", MediaKinds.Video)]
    [InlineData(null, "application/vnd.apple.mpegurl", "https://e.example/x", MediaKinds.Video)]
    [InlineData(null, null, "https://e.example/photo.JPEG?w=1", MediaKinds.Image)]
    [InlineData(null, null, "https://e.example/ep1.m4a", MediaKinds.Audio)]
    [InlineData(null, "application/pdf", "https://e.example/report.pdf", MediaKinds.Other)]
    [InlineData("document", null, "https://e.example/x", MediaKinds.Other)]
    public void Kind_FromMediumTypeOrExtension(string? medium, string? mime, string url, string expected) =>
        Assert.Equal(expected, MediaValues.Kind(medium, mime, new Uri(url)));

    [Theory]
    [InlineData("926", 926d)]
    [InlineData("12.5", 12.5d)]
    [InlineData("15:26", 926d)]
    [InlineData("1:02:03", 3723d)]
    [InlineData("00:00:59.5", 59.5d)]
    public void Duration_SecondsOrClock_Parsed(string value, double expected)
    {
        var warnings = new List<ParseWarning>();

        Assert.Equal(expected, MediaValues.Duration(value, warnings));
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("about 15 minutes")]
    [InlineData("1:75")]
    [InlineData("-5")]
    [InlineData("1:2:3:4")]
    public void Duration_Invalid_NullWithWarning(string value)
    {
        var warnings = new List<ParseWarning>();

        Assert.Null(MediaValues.Duration(value, warnings));
        Assert.Equal(MediaValues.MediaInvalid, Assert.Single(warnings).Code);
    }

    [Theory]
    [InlineData("1600", 1600)]
    [InlineData(" 90 ", 90)]
    public void Int_Valid_Parsed(string value, int expected) =>
        Assert.Equal(expected, MediaValues.Int(value, "width", []));

    [Theory]
    [InlineData("wide")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void Int_Invalid_Null(string value) =>
        Assert.Null(MediaValues.Int(value, "width", []));

    [Theory]
    [InlineData("45.256 -71.92", 45.256, -71.92)]
    [InlineData("45.256,-71.92", 45.256, -71.92)]
    [InlineData("  -33.8688\t151.2093 ", -33.8688, 151.2093)]
    public void Point_Pair_LatitudeFirst(string pair, double latitude, double longitude) =>
        Assert.Equal(new GeoPoint { Latitude = latitude, Longitude = longitude }, MediaValues.Point(pair, null, []));

    [Theory]
    [InlineData("45.256")]
    [InlineData("north west")]
    [InlineData("91 10")]
    [InlineData("10 181")]
    [InlineData("1 2 3")]
    public void Point_Invalid_NullWithGeoWarning(string pair)
    {
        var warnings = new List<ParseWarning>();

        Assert.Null(MediaValues.Point(pair, null, warnings));
        Assert.Equal(MediaValues.GeoInvalid, Assert.Single(warnings).Code);
    }

    [Fact]
    public void Add_SameUrl_MergesMissingFields()
    {
        var media = new List<MediaItem> { new() { Url = new Uri("https://e.example/a.mp3"), Kind = MediaKinds.Other, Length = 10 } };

        MediaValues.Add(media, new MediaItem { Url = new Uri("https://e.example/a.mp3"), Kind = MediaKinds.Audio, DurationSeconds = 60, Length = 99 });

        var merged = Assert.Single(media);
        Assert.Equal((MediaKinds.Audio, 10L, 60d), (merged.Kind, merged.Length!.Value, merged.DurationSeconds!.Value));
    }
}
