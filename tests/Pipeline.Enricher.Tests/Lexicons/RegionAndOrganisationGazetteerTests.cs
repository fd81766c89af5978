using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Tests.Lexicons;

public sealed class RegionAndOrganisationGazetteerTests
{
    [Theory]
    [InlineData("Lombardia", "Lombardy", "IT")]
    [InlineData("Friuli Venezia Giulia", "Friuli Venezia Giulia", "IT")]
    [InlineData("Emilia-Romagna", "Emilia-Romagna", "IT")]
    [InlineData("California", "California", "US")]
    public void Find_RegionName_ReturnsTheRegionWithItsCountry(string name, string english, string code)
    {
        var place = Gazetteer.Default.Find(name);

        Assert.NotNull(place);
        Assert.Equal(PlaceKind.Region, place.Kind);
        Assert.Equal(english, place.Name);
        Assert.Equal(code, place.CountryCode);
    }

    [Theory]
    [InlineData("Europa", "Europe")]
    [InlineData("Medio Oriente", "Middle East")]
    [InlineData("Africa", "Africa")]
    public void Find_ContinentOrMacroRegion_ReturnsAnAreaWithoutCountry(string name, string english)
    {
        var place = Gazetteer.Default.Find(name);

        Assert.NotNull(place);
        Assert.Equal(PlaceKind.Area, place.Kind);
        Assert.Equal(english, place.Name);
        Assert.Equal("", place.CountryCode);
    }

    [Theory]
    [InlineData("Sarzana")]
    [InlineData("Chivasso")]
    public void Find_ItalianTownAboveFiveThousand_IsACity(string name)
    {
        var place = Gazetteer.Default.Find(name);

        Assert.NotNull(place);
        Assert.Equal(PlaceKind.City, place.Kind);
        Assert.Equal("IT", place.CountryCode);
    }

    [Theory]
    [InlineData("Camera dei Deputati", "Camera dei Deputati", 3)]
    [InlineData("Istituto nazionale di geofisica e vulcanologia", "INGV", 6)]
    [InlineData("Pd", "Partito Democratico", 1)]
    [InlineData("US Geological Survey", "United States Geological Survey", 3)]
    public void Match_KnownOrganisationForm_ReturnsTheOrganisation(string text, string name, int length)
    {
        var tokens = Tokenizer.Tokenize(text).Where(t => t.IsWord).ToList();

        var match = OrganisationGazetteer.Default.Match(tokens, 0, tokens.Count - 1);

        Assert.NotNull(match);
        Assert.Equal(name, match.Value.Organisation.Name);
        Assert.Equal(length, match.Value.Length);
    }

    [Fact]
    public void Match_ShortAcronymInLowerCase_DoesNotMatch()
    {
        var tokens = Tokenizer.Tokenize("Who").Where(t => t.IsWord).ToList();

        Assert.Null(OrganisationGazetteer.Default.Match(tokens, 0, 0));
    }

    [Fact]
    public void Match_ClubNamedLikeItsCity_IsMarkedAsClub()
    {
        var tokens = Tokenizer.Tokenize("Roma").Where(t => t.IsWord).ToList();

        var match = OrganisationGazetteer.Default.Match(tokens, 0, 0);

        Assert.NotNull(match);
        Assert.True(match.Value.Organisation.IsClub);
        Assert.Equal("AS Roma", match.Value.Organisation.Name);
    }
}
