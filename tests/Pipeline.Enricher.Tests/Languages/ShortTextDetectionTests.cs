using Microsoft.Extensions.Options;
using Pipeline.Enricher.Languages;

namespace Pipeline.Enricher.Tests.Languages;

/// <summary>
/// Real short texts in the languages agencies send (Languages/Samples, sources in SOURCES.md) come out in their
/// own language with the default candidates — Finnish, Danish and Norwegian used to come out as Dutch.
/// </summary>
public sealed class ShortTextDetectionTests
{
    private static readonly LanguageIdentifier Identifier = new(Options.Create(new EnricherOptions()));

    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        var path = Path.Combine(AppContext.BaseDirectory, "Languages", "Samples", "short-texts.tsv");
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var parts = line.Split('\t');
            data.Add(parts[1], parts[0]);
        }

        return data;
    }

    private static string Text(string id) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Languages", "Samples", "short-texts.tsv"))
            .Select(l => l.Split('\t'))
            .Single(p => p.Length == 3 && p[1] == id)[2];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Identify_ShortRealText_ReturnsItsLanguage(string id, string expected)
    {
        var info = Identifier.Identify(Text(id), declared: null);

        Assert.Equal(expected, info.Code);
        Assert.Equal(expected, info.Detected);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Identify_ShortRealTextDeclaredInItsLanguage_KeepsItWithoutConflict(string id, string expected)
    {
        var info = Identifier.Identify(Text(id), expected);

        Assert.Equal(expected, info.Code);
        Assert.False(info.Conflict);
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    [InlineData("no-NO")]
    public void Identify_NorwegianDeclaredAsAnyOfItsCodes_IsNorwegian(string declared)
    {
        var info = Identifier.Identify(Text("regjeringen-2023-06-05"), declared);

        Assert.Equal("no", info.Code);
        Assert.Equal("no", info.Detected);
        Assert.False(info.Conflict);
    }

    [Fact]
    public void Identify_DeclaredLanguageOutsideTheCandidates_IsKept()
    {
        var italianEnglish = new LanguageIdentifier(Options.Create(new EnricherOptions { Languages = ["it", "en"] }));

        var info = italianEnglish.Identify(Text("eduskunta-puvl-9-2010"), "fi");

        Assert.Equal("fi", info.Code);
        Assert.Equal("fi", info.Declared);
        Assert.False(info.Conflict);
    }

    [Fact]
    public void Identify_DetectionWithoutMarginOverTheDeclaredLanguage_KeepsTheDeclaredOne()
    {
        var cautious = new LanguageIdentifier(Options.Create(new EnricherOptions { MinimumMarginOverDeclared = 1.0 }));
        var text = ArticleEnricher.PlainText(Articles.PrimaNotizia());

        var info = cautious.Identify(text, "en");

        Assert.Equal("en", info.Code);
        Assert.Equal("it", info.Detected);
        Assert.False(info.Conflict);
    }

    [Fact]
    public void Candidates_Default_CoverTheEuLanguagesAndTheOthersAgenciesSend()
    {
        string[] expected =
        [
            "bg", "hr", "cs", "da", "nl", "en", "et", "fi", "fr", "de", "el", "hu", "ga", "it", "lv", "lt", "pl", "pt", "ro", "sk", "sl", "es", "sv",
            "no", "ru", "uk", "ar", "tr", "zh", "ja",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Identifier.Candidates.Order(StringComparer.Ordinal));
        Assert.False(LanguageIdentifier.IsSupported("mt")); // Lingua has no Maltese model.
    }
}
