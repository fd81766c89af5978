using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Tests.Lexicons;

public sealed class GazetteerTests
{
    [Theory]
    [InlineData("Nord Corea", "KP")]
    [InlineData("Corea del Nord", "KP")]
    [InlineData("RPDC", "KP")]
    [InlineData("North Korea", "KP")]
    [InlineData("DPRK", "KP")]
    [InlineData("Stati Uniti d'America", "US")]
    [InlineData("U.S.", "US")]
    [InlineData("Regno Unito", "GB")]
    [InlineData("Costa d'Avorio", "CI")]
    [InlineData("Germania", "DE")]
    public void Find_CountryNameOrAlias_ReturnsTheCountry(string name, string code)
    {
        var place = Gazetteer.Default.Find(name);

        Assert.NotNull(place);
        Assert.Equal(PlaceKind.Country, place.Kind);
        Assert.Equal(code, place.CountryCode);
    }

    [Theory]
    [InlineData("Mosca", "Moscow", "RU")]
    [InlineData("Kiev", "Kyiv", "UA")]
    [InlineData("Pyongyang", "Pyongyang", "KP")]
    [InlineData("Kursk", "Kursk", "RU")]
    [InlineData("Milano", "Milan", "IT")]
    [InlineData("New York", "New York City", "US")]
    [InlineData("Bogota", "Bogotá", "CO")]
    public void Find_CityOrExonym_ReturnsTheCityWithCoordinates(string name, string english, string code)
    {
        var place = Gazetteer.Default.Find(name);

        Assert.NotNull(place);
        Assert.Equal(PlaceKind.City, place.Kind);
        Assert.Equal(english, place.Name);
        Assert.Equal(code, place.CountryCode);
        Assert.NotNull(place.Latitude);
        Assert.NotNull(place.Longitude);
    }

    [Theory]
    [InlineData("us")]
    [InlineData("Us")]
    [InlineData("Atlantide")]
    [InlineData("")]
    public void Find_UnknownOrWrongCase_ReturnsNull(string name)
    {
        Assert.Null(Gazetteer.Default.Find(name));
    }

    [Fact]
    public void Country_ByCode_HasEnglishName()
    {
        Assert.Equal("Russia", Gazetteer.Default.Country("ru")?.Name);
        Assert.Null(Gazetteer.Default.Country("ZZ"));
    }
}
