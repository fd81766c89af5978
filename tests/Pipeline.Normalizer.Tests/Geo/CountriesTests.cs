using Pipeline.TextRules;

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
    [InlineData("Congo", "CD")]
    [InlineData("DR Congo", "CD")]
    [InlineData("Congo-Brazzaville", "CG")]
    [InlineData("Republic of the Congo", "CG")]
    [InlineData("Riunione", "RE")]
    [InlineData("Bolivia, Plurinational State of", "BO")]
    [InlineData("U.S.", "US")]
    public void Resolve_KnownName_ReturnsIsoCode(string name, string code)
    {
        Assert.Equal(code, CountryTable.Resolve(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Atlantide")]
    [InlineData("Pyongyang")]
    public void Resolve_UnknownName_ReturnsNull(string? name)
    {
        Assert.Null(CountryTable.Resolve(name));
    }

    [Fact]
    public void All_EveryCountryHasATwoLetterCodeAndItsOwnNames()
    {
        Assert.InRange(CountryTable.All.Count, 240, 260);
        Assert.All(CountryTable.All, c => Assert.Matches("^[A-Z]{2}$", c.Code));
        Assert.All(CountryTable.All, c => Assert.All(c.Names.Concat(c.DatelineNames), n => Assert.Equal(c.Code, CountryTable.Resolve(n))));
    }

    [Fact]
    public void All_DatelineOnlyNames_AreNotNamesForRunningText()
    {
        var reunion = CountryTable.ByCode("re");

        Assert.NotNull(reunion);
        Assert.Contains("Riunione", reunion.DatelineNames);
        Assert.DoesNotContain("Riunione", reunion.Names);
        Assert.DoesNotContain("Congo", CountryTable.ByCode("CG")!.Names);
        Assert.Equal("Russia", CountryTable.ByCode("RU")!.Name);
    }
}
