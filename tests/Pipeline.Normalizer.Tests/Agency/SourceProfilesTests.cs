using Pipeline.Normalizer.Agency;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests.Agency;

public sealed class SourceProfilesTests
{
    [Theory]
    [InlineData("prima-notizia-24", "prima-notizia-24")]
    [InlineData("Prima_Notizia_24", "prima-notizia-24")]
    [InlineData("ANSA", "ansa")]
    [InlineData("plain-text", "plain-text")]
    public void Find_KnownName_ReturnsProfile(string name, string expected)
    {
        Assert.Equal(expected, SourceProfiles.Find(name)?.Name);
    }

    [Fact]
    public void Find_UnknownName_ReturnsNull()
    {
        Assert.Null(SourceProfiles.Find("reuters-xml"));
        Assert.Null(SourceProfiles.Find(null));
    }

    [Fact]
    public void Detect_Sample_IsPrimaNotizia()
    {
        Assert.Equal("prima-notizia-24", SourceProfiles.Detect(Samples.Read(Samples.PrimaNotizia))?.Name);
    }

    [Fact]
    public void Detect_ArbitraryText_RecognisesNothing()
    {
        Assert.Null(SourceProfiles.Detect("Dear diary,\n\ntoday nothing happened."));
    }

    [Theory]
    [InlineData("## **Titolo**", "Titolo")]
    [InlineData("> citazione *importante*", "citazione importante")]
    [InlineData("Vedi [il sito](https://example.com) ora", "Vedi il sito ora")]
    [InlineData("---", "")]
    [InlineData("__sottolineato__ e `codice`", "sottolineato e codice")]
    [InlineData("prezzo 5 \\* 3", "prezzo 5 * 3")]
    [InlineData("2 * 3 * 4", "2 * 3 * 4")]
    public void StripMarkdown_Line_RemovesMarkupOnly(string line, string expected)
    {
        Assert.Equal(expected, AgencyTextParser.StripMarkdown(line));
    }
}
