using Pipeline.Normalizer.Geo;

namespace Pipeline.Normalizer.Tests.Geo;

public sealed class CountriesTests
{
    [Theory]
    [InlineData("Nord Corea", "KP")]
    [InlineData("Corea del Nord", "KP")]
    [InlineData("North Korea", "KP")]
    [InlineData("nord corea", "KP")]
    [InlineData("Corea del Sud", "KR")]
    [InlineData("Russia", "RU")]
    [InlineData("Russian Federation", "RU")]
    [InlineData("Stati Uniti", "US")]
    [InlineData("USA", "US")]
    [InlineData("United States", "US")]
    [InlineData("Ucraina", "UA")]
    [InlineData("Ukraine", "UA")]
    [InlineData("Italia", "IT")]
    [InlineData("Germania", "DE")]
    [InlineData("Germany", "DE")]
    [InlineData("Francia", "FR")]
    [InlineData("Regno Unito", "GB")]
    [InlineData("Gran Bretagna", "GB")]
    [InlineData("Cina", "CN")]
    [InlineData("Giappone", "JP")]
    [InlineData("Città del Vaticano", "VA")]
    [InlineData("Citta del Vaticano", "VA")]
    [InlineData("Costa d'Avorio", "CI")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("Svizzera", "CH")]
    [InlineData("Paesi Bassi", "NL")]
    [InlineData("Turchia", "TR")]
    [InlineData("Israele", "IL")]
    [InlineData("Siria", "SY")]
    [InlineData("Brasile", "BR")]
    [InlineData("Messico", "MX")]
    [InlineData("Sudafrica", "ZA")]
    [InlineData("  Iran  ", "IR")]
    public void Resolve_KnownName_ReturnsIsoCode(string name, string code)
    {
        Assert.Equal(code, Countries.Resolve(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Atlantide")]
    [InlineData("Pyongyang")]
    public void Resolve_UnknownName_ReturnsNull(string? name)
    {
        Assert.Null(Countries.Resolve(name));
    }
}
