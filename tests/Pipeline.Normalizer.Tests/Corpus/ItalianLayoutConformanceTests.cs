namespace Pipeline.Normalizer.Tests.Corpus;

/// <summary>
/// Real Italian articles from many outlets recast in the seed dispatch's layout (Corpus/ItalianLayout,
/// see its SOURCE.md), normalized without a profile or format hint, as a <c>.md</c> file arrives.
/// </summary>
public sealed class ItalianLayoutConformanceTests(ITestOutputHelper output)
{
    private const string Corpus = "ItalianLayout";

    public static TheoryData<string> Cases => ConformanceCorpus.Names(Corpus, "cases");

    public static TheoryData<string> Rejected => ConformanceCorpus.Names(Corpus, "rejected");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalize_Case_EveryCheckedFieldRight(string name)
    {
        var article = ConformanceCorpus.Normalize(Corpus, "cases", name, "text/markdown");

        var wrong = ConformanceCorpus.Check(ConformanceCorpus.Expectations(Corpus, "cases", name), article).Where(c => !c.Right).ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Select(w => $"{w.Field}: expected '{w.Expected}', got '{w.Actual}'")));
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Normalize_HeadingWithoutArticle_IsRejected(string name)
    {
        Assert.True(ConformanceCorpus.IsRejected(Corpus, "rejected", name));
    }

    [Fact]
    public void Normalize_CasesWithoutContentType_DetectedByShape()
    {
        var (rate, report) = ConformanceCorpus.Rates(Corpus, "cases", contentType: null);
        report.ForEach(output.WriteLine);

        Assert.True(rate >= 0.95, string.Join("\n", report));
    }

    [Fact]
    public void Normalize_BlindPart_AtLeastNinetyPercentFullyRight()
    {
        var (rate, report) = ConformanceCorpus.Rates(Corpus, "blind", contentType: "text/markdown");
        report.ForEach(output.WriteLine);

        Assert.True(rate >= 0.90, string.Join("\n", report));
    }
}
