using Pipeline.TextRules;

namespace Pipeline.Normalizer.Tests.Text;

/// <summary>The shared text rules (<c>Pipeline.TextRules</c>) the normalizer relies on: folding and declared language tags.</summary>
public sealed class SharedTextRulesTests
{
    [Theory]
    [InlineData("Mercoledì", "mercoledi")]
    [InlineData("ÅLAND", "aland")]
    [InlineData("Città del Vaticano", "citta del vaticano")]
    [InlineData("São Tomé", "sao tome")]
    [InlineData("plain ascii", "plain ascii")]
    public void Fold_RemovesCaseAndAccents(string text, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(text));
    }

    [Theory]
    [InlineData("en-us", "en-US")]
    [InlineData("IT", "it")]
    [InlineData(" zh_hant_tw ", "zh-Hant-TW")]
    [InlineData("", null)]
    [InlineData("1t", null)]
    [InlineData("x", null)]
    public void Canonical_Tag_UsesBcp47Casing(string tag, string? expected)
    {
        Assert.Equal(expected, LanguageTags.Canonical(tag));
    }

    [Theory]
    [InlineData("it-IT", "it")]
    [InlineData("EN_us", "en")]
    [InlineData("italian", null)]
    [InlineData(null, null)]
    public void Primary_Tag_ReturnsTheLanguage(string? tag, string? expected)
    {
        Assert.Equal(expected, LanguageTags.Primary(tag));
    }
}
