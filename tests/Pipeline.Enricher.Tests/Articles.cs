using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests;

/// <summary>Canonical articles built by hand for the enricher's tests (the normalizer is tested on its own).</summary>
internal static class Articles
{
    public const string PrimaNotiziaHeadline = "Putin riceve pieno sostegno da Kim Jong Un";

    /// <summary>The message the normalizer publishes for <paramref name="article"/>.</summary>
    public static ArticleNormalized Normalized(CanonicalArticle article, string dispatchId) => new()
    {
        DispatchId = dispatchId,
        ReceivedAt = DateTimeOffset.UtcNow,
        NormalizedAt = DateTimeOffset.UtcNow,
        Article = article,
    };

    /// <summary>
    /// The Prima Notizia 24 sample as the normalizer should deliver it: headline, lead (the text after the
    /// dateline), body paragraphs, the dateline, section, subject and the byline's author.
    /// </summary>
    public static CanonicalArticle PrimaNotizia()
    {
        var lines = Samples.Read(Samples.PrimaNotizia).Split('\n').Select(l => l.Trim()).ToList();
        var datelineIndex = lines.FindIndex(l => l.StartsWith("**Pyongyang", StringComparison.Ordinal));
        var dateline = lines[datelineIndex];
        var lead = dateline[(dateline.IndexOf("**", 2, StringComparison.Ordinal) + 2)..].Trim();
        var paragraphs = lines.Skip(datelineIndex + 1)
            .Where(l => l.Length > 0 && !l.StartsWith("di Renato Narciso", StringComparison.Ordinal))
            .ToList();
        return Build(PrimaNotiziaHeadline, lead, paragraphs) with
        {
            ArticleId = "prima-notizia-24:putin-kim",
            Source = ContractSamples.Source,
            Format = DispatchFormats.AgencyText,
            Sections = ["Esteri"],
            Subjects = ["Russia"],
            Authors = [new Author { Name = "Renato Narciso" }],
            Dateline = ContractSamples.Article.Dateline,   // the sample's dateline, as the contract samples write it
        };
    }

    /// <summary>An English wire story written for these tests.</summary>
    public static CanonicalArticle EnglishStory() => Build(
        "Central bank holds rates as inflation cools",
        "The European Central Bank kept interest rates unchanged on Thursday, its president said in Frankfurt.",
        [
            "Christine Lagarde told reporters that inflation in the euro area was cooling faster than expected, but that the bank would wait for more data before cutting rates. "
            + "Lagarde said the labour market remained strong in Germany and France.",
            "German finance minister Lars Klingbeil welcomed the decision. Analysts at Goldman Sachs Group expect a first cut in September, "
            + "while economists at the International Monetary Fund (IMF) warned that energy prices could rise again.",
            "Klingbeil is due to meet his Italian counterpart in Rome next week.",
        ]) with { DeclaredLanguage = "en" };

    public static CanonicalArticle Build(string headline, string? lead, IReadOnlyList<string> paragraphs) => TestArticles.Canonical(
        "test:" + headline.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
        headline,
        lead,
        paragraphs);
}
