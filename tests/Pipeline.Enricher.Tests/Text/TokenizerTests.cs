using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Tests.Text;

public sealed class TokenizerTests
{
    private static List<string> Words(string text) => [.. Tokenizer.Tokenize(text).Where(t => t.IsWord).Select(t => t.Text)];

    [Fact]
    public void Tokenize_ItalianElision_SplitsAtTheApostrophe()
    {
        Assert.Equal(["contro", "l", "Ucraina", "dell", "Armata"], Words("contro l'Ucraina dell’Armata"));
    }

    [Fact]
    public void Tokenize_EnglishPossessiveAndHyphen_KeepsTheName()
    {
        Assert.Equal(["Kim", "Jong-un", "s", "well-known", "plan"], Words("Kim Jong-un's well-known plan"));
    }

    [Fact]
    public void Tokenize_DottedInitials_StayOneWord()
    {
        Assert.Equal(["U.S.", "and", "S.p.A.", "shares", "fell"], Words("U.S. and S.p.A. shares fell."));
    }

    [Fact]
    public void Tokenize_Offsets_PointIntoTheText()
    {
        const string text = "Ieri a Mosca.\n\nPutin, disse.";

        var tokens = Tokenizer.Tokenize(text);

        Assert.All(tokens.Where(t => t.Kind != TokenKind.Break), t => Assert.Equal(t.Text, text.Substring(t.Start, t.Text.Length)));
        Assert.Single(tokens, t => t.Kind == TokenKind.Break);
    }

    [Fact]
    public void Tokenize_SentenceStarts_FollowPeriodsBreaksAndColonsButNotAbbreviations()
    {
        var tokens = Tokenizer.Tokenize("Esteri: Putin parla. Poi Mr. Smith e J. Doe.\n\nNuovo paragrafo").Where(t => t.IsWord).ToList();

        var starts = tokens.Where(t => t.SentenceStart).Select(t => t.Text).ToList();

        Assert.Equal(["Esteri", "Putin", "Poi", "Nuovo"], starts);
    }

    [Fact]
    public void Token_AllCaps_NeedsTwoCapitalLetters()
    {
        var tokens = Tokenizer.Tokenize("KCNA G7 A Roma 2025").Where(t => t.IsWord).ToList();

        Assert.Equal([true, true, false, false, false], tokens.Select(t => t.IsAllCaps));
        Assert.True(tokens[^1].IsNumber);
    }
}
