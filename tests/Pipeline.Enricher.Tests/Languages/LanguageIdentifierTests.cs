using Microsoft.Extensions.Options;
using Pipeline.Enricher.Languages;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Tests.Languages;

public sealed class LanguageIdentifierTests
{
    private static readonly LanguageIdentifier Identifier = new(Options.Create(new EnricherOptions()));

    [Fact]
    public void Identify_ItalianSample_ReturnsItalianWithHighConfidence()
    {
        var text = ArticleEnricher.PlainText(Articles.PrimaNotizia());

        var info = Identifier.Identify(text, declared: null);

        Assert.Equal("it", info.Code);
        Assert.Equal("it", info.Detected);
        Assert.True(info.Confidence > 0.9, $"confidence {info.Confidence}");
        Assert.False(info.Conflict);
        Assert.Null(info.Declared);
    }

    [Fact]
    public void Identify_EnglishText_ReturnsEnglish()
    {
        var text = ArticleEnricher.PlainText(Articles.EnglishStory());

        var info = Identifier.Identify(text, "en-GB");

        Assert.Equal("en", info.Code);
        Assert.Equal("en", info.Detected);
        Assert.Equal("en", info.Declared);
        Assert.False(info.Conflict);
    }

    [Fact]
    public void Identify_ShortText_FallsBackToDeclared()
    {
        var info = Identifier.Identify("Roma, ore 12", "it");

        Assert.Equal("it", info.Code);
        Assert.Null(info.Detected);
        Assert.Equal(0, info.Confidence);
        Assert.False(info.Conflict);
    }

    [Fact]
    public void Identify_ShortTextWithoutDeclaration_ReturnsUndetermined()
    {
        var info = Identifier.Identify("OK", declared: null);

        Assert.Equal("und", info.Code);
        Assert.Null(info.Detected);
    }

    [Fact]
    public void Identify_DeclaredLanguageContradictsText_DetectedWinsAndConflictIsFlagged()
    {
        var text = ArticleEnricher.PlainText(Articles.PrimaNotizia());

        var info = Identifier.Identify(text, "en");

        Assert.Equal("it", info.Code);
        Assert.Equal("it", info.Detected);
        Assert.Equal("en", info.Declared);
        Assert.True(info.Conflict);
    }

    [Fact]
    public void Identify_UnsureDetection_KeepsDeclared()
    {
        // Confidence must reach 1.0 here: a sentence mixing three languages never does.
        var strict = new LanguageIdentifier(Options.Create(new EnricherOptions { MinimumConfidence = 1.0, MinimumLettersForDetection = 5 }));

        var info = strict.Identify("Hola amigos, hello friends, ciao amici", "fr");

        Assert.Equal("fr", info.Code);
        Assert.NotNull(info.Detected);
        Assert.True(info.Confidence < 1.0);
        Assert.False(info.Conflict);
    }

    [Theory]
    [InlineData("it-IT", "it")]
    [InlineData("EN_us", "en")]
    [InlineData(" de ", "de")]
    [InlineData("", null)]
    [InlineData("italian", null)]
    public void Primary_Tag_ReturnsPrimarySubtag(string tag, string? expected)
    {
        Assert.Equal(expected, LanguageTags.Primary(tag));
    }

    [Fact]
    public void Constructor_UnknownLanguage_Throws()
    {
        var options = Options.Create(new EnricherOptions { Languages = ["it", "xx"] });

        Assert.Throws<ArgumentException>(() => new LanguageIdentifier(options));
    }

    [Fact]
    public void Identify_ManyThreads_GivesTheSameAnswer()
    {
        var identifier = new LanguageIdentifier(Options.Create(new EnricherOptions()));
        var texts = new[] { ArticleEnricher.PlainText(Articles.PrimaNotizia()), ArticleEnricher.PlainText(Articles.EnglishStory()) };

        var codes = Enumerable.Range(0, 16).AsParallel().Select(i => identifier.Identify(texts[i % 2], null).Code).ToList();

        Assert.Equal(Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? "it" : "en"), codes);
    }
}
