using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests.Pages;

public sealed class HtmlPageTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Fact]
    public void Normalize_ArticlePage_ExtractsMetadataAndMainText()
    {
        var payload = TestDispatches.Fixture("article-page.html");

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload, sourceId: "cronache")));

        Assert.Equal(DispatchFormats.Html, FormatDetector.Detect(payload, null));
        Assert.Equal(DispatchFormats.Html, article.Format);
        Assert.Equal("Nuovo ponte inaugurato a Genova", article.Headline.Main);
        Assert.Equal(new Uri("https://www.cronache.example.it/genova/nuovo-ponte-inaugurato"), article.CanonicalUrl);
        Assert.Equal("it", article.DeclaredLanguage);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 9, 30, 0, TimeSpan.FromHours(2)), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 11, 0, 0, TimeSpan.FromHours(2)), article.UpdatedAt);
        Assert.Equal("Marco Ferri", Assert.Single(article.Authors).Name);
        Assert.Equal(["Cronaca"], article.Sections);
        Assert.Equal(["Genova", "Infrastrutture"], article.Subjects);
        Assert.Equal("Il ponte collega i due quartieri dopo tre anni di lavori.", article.Lead);
        Assert.Contains(article.Body.Paragraphs, p => p.StartsWith("Il nuovo ponte sul torrente è stato inaugurato", StringComparison.Ordinal));
        Assert.Contains(article.Body.Paragraphs, p => p.StartsWith("\"È un giorno importante per tutta la città\"", StringComparison.Ordinal));
        Assert.DoesNotContain(article.Body.Paragraphs, p => p.Contains("Pubblicità", StringComparison.Ordinal) || p.Contains("Privacy", StringComparison.Ordinal));
        Assert.DoesNotContain("<script", article.Body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", article.Body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Normalizer.Normalize(TestDispatches.Create(payload, sourceId: "cronache"))[0].ContentHash, article.ContentHash);
    }

    [Fact]
    public void Normalize_PageWithoutArticleText_KeepsMetadataWithWarning()
    {
        const string payload = "<!DOCTYPE html><html lang=\"en\"><head><title>Contact us</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>";

        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal("Contact us", article.Headline.Main);
        Assert.Contains(article.Warnings, w => w.Code == "not-readable");
    }

    [Fact]
    public void Normalize_DeeplyNestedPage_RejectedAsTooLarge()
    {
        var payload = "<!DOCTYPE html><html><body>" + string.Concat(Enumerable.Repeat("<div>", 5000)) + "text</body></html>";

        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(RejectionReasons.TooLarge, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_PageOverTheElementLimit_RejectedNotHung()
    {
        var payload = "<!DOCTYPE html><html><head><title>Huge</title></head><body><article>" + string.Concat(Enumerable.Repeat("<p>word word word</p>", 60_000)) + "</article></body></html>";

        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(payload)));

        Assert.Equal(RejectionReasons.TooLarge, ex.ReasonCode);
        Assert.Contains("elements", ex.Message, StringComparison.Ordinal);
    }
}
