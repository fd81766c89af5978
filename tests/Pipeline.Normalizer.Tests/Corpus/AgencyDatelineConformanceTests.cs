namespace Pipeline.Normalizer.Tests.Corpus;

/// <summary>
/// Plain-text dispatches with datelines in every common agency style (Corpus/Datelines, see its
/// SOURCE.md), normalized as a <c>.txt</c> file arrives (media type text/plain, no profile).
/// </summary>
public sealed class AgencyDatelineConformanceTests(ITestOutputHelper output)
{
    private const string Corpus = "Datelines";

    public static TheoryData<string> Cases => ConformanceCorpus.Names(Corpus, "cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalize_Case_DatelineReadAndRemovedFromLead(string name)
    {
        var article = ConformanceCorpus.Normalize(Corpus, "cases", name, "text/plain");

        var wrong = ConformanceCorpus.Check(ConformanceCorpus.Expectations(Corpus, "cases", name), article).Where(c => !c.Right).ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Select(w => $"{w.Field}: expected '{w.Expected}', got '{w.Actual}'")));
    }

    [Fact]
    public void Normalize_BlindPart_AtLeastNinetyPercentFullyRight()
    {
        var (rate, report) = ConformanceCorpus.Rates(Corpus, "blind", contentType: "text/plain");
        report.ForEach(output.WriteLine);

        Assert.True(rate >= 0.90, string.Join("\n", report));
    }

    [Fact]
    public void Normalize_Cases_Report()
    {
        var (rate, report) = ConformanceCorpus.Rates(Corpus, "cases", contentType: "text/plain");
        report.ForEach(output.WriteLine);

        Assert.True(rate >= 0.90, string.Join("\n", report));
    }
}
