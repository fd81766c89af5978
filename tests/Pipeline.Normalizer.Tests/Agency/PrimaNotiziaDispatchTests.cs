using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests.Agency;

public sealed class PrimaNotiziaDispatchTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle NormalizeSample(string? profile = "prima-notizia-24", string? payload = null, DateTimeOffset? receivedAt = null)
    {
        var dispatch = TestDispatches.Create(payload ?? Samples.Read(Samples.PrimaNotizia), sourceId: "prima-notizia-24", profile: profile, receivedAt: receivedAt);
        var articles = Normalizer.Normalize(dispatch);
        return Assert.Single(articles);
    }

    [Fact]
    public void Normalize_Sample_RecoversHeadlineSectionAndSubject()
    {
        var article = NormalizeSample();

        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", article.Headline.Main);
        Assert.Null(article.Headline.Sub);
        Assert.Equal(["Esteri"], article.Sections);
        Assert.Equal(["Russia"], article.Subjects);
        Assert.Equal(DispatchFormats.AgencyText, article.Format);
        Assert.Equal("prima-notizia-24", article.Source.Id);
        Assert.Equal("it", article.DeclaredLanguage);
    }

    [Fact]
    public void Normalize_Sample_RecoversDateline()
    {
        var article = NormalizeSample();

        var dateline = Assert.IsType<Dateline>(article.Dateline);
        Assert.Equal("Pyongyang", dateline.Place);
        Assert.Equal("Nord Corea", dateline.Country);
        Assert.Equal("KP", dateline.CountryCode);
        Assert.Equal(new DateOnly(2025, 8, 13), dateline.Date);
        Assert.Equal("Prima Notizia 24", dateline.Agency);
        Assert.Equal("Pyongyang (Nord Corea) - 13 ago 2025 (Prima Notizia 24)", dateline.Text);
    }

    [Fact]
    public void Normalize_Sample_RecoversBylineAndPublicationDateInRomeTime()
    {
        var article = NormalizeSample();

        var author = Assert.Single(article.Authors);
        Assert.Equal("Renato Narciso", author.Name);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 0, 0, 0, TimeSpan.FromHours(2)), article.PublishedAt);
        Assert.Equal(TimeSpan.FromHours(2), article.PublishedAt!.Value.Offset);
    }

    [Fact]
    public void Normalize_Sample_LeadIsTheTextAfterTheDateline()
    {
        var article = NormalizeSample();

        Assert.Equal(
            "I 2 capi di stato nel corso di un colloquio telefonico hanno ribadito il legame strategico che unisce i 2 Paesi, a cominciare dalla liberazione del dominio coloniale giapponese all'Operazione Militare Speciale contro l'Ucraina",
            article.Lead);
    }

    [Fact]
    public void Normalize_Sample_BodyIsLeadThenParagraphsWithoutMarkup()
    {
        var article = NormalizeSample();

        Assert.Equal(2, article.Body.Paragraphs.Count);
        Assert.Equal(article.Lead, article.Body.Paragraphs[0]);
        Assert.StartsWith("Vladimir Putin ha ricevuto ufficialmente", article.Body.Paragraphs[1], StringComparison.Ordinal);
        Assert.EndsWith("nella liberazione della Corea.", article.Body.Paragraphs[1], StringComparison.Ordinal);
        Assert.Contains("\"Vladimir Putin ha apprezzato molto il sostegno della Corea del Nord", article.Body.Paragraphs[1], StringComparison.Ordinal);
        Assert.Contains("\"hanno ribadito il loro impegno a rafforzare ulteriormente la cooperazione\"", article.Body.Paragraphs[1], StringComparison.Ordinal);
        Assert.Contains("l'80° anniversario", article.Body.Paragraphs[1], StringComparison.Ordinal);
        Assert.All(article.Body.Paragraphs, p => Assert.DoesNotContain("**", p, StringComparison.Ordinal));
        Assert.All(article.Body.Paragraphs, p => Assert.DoesNotContain("##", p, StringComparison.Ordinal));
        Assert.DoesNotContain(article.Body.Paragraphs, p => p.Contains("Renato Narciso", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_Sample_HtmlIsSanitizedParagraphs()
    {
        var article = NormalizeSample();

        Assert.StartsWith("<p>I 2 capi di stato", article.Body.Html, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(article.Body.Html, "<p>"));
        Assert.DoesNotContain("**", article.Body.Html, StringComparison.Ordinal);
        Assert.Contains("\"Vladimir Putin", article.Body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Sample_ContentHashAndIdAreDeterministicSha256()
    {
        var first = NormalizeSample();
        var second = NormalizeSample(receivedAt: TestDispatches.SampleReceivedAt.AddMinutes(5));

        Assert.Matches("^[0-9a-f]{64}$", first.ContentHash);
        Assert.Matches("^[0-9a-f]{32}$", first.ArticleId);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Equal(first.ArticleId, second.ArticleId);
        Assert.Empty(first.Warnings);
    }

    [Fact]
    public void Normalize_SampleWithoutProfile_DetectsTheLayout()
    {
        var withProfile = NormalizeSample();
        var detected = NormalizeSample(profile: null);

        Assert.Equal(withProfile, detected, new ArticleComparer());
    }

    [Fact]
    public void Normalize_WindowsLineEndings_SameArticle()
    {
        var payload = Samples.Read(Samples.PrimaNotizia).ReplaceLineEndings("\r\n");

        var article = NormalizeSample(payload: payload);

        Assert.Equal(NormalizeSample().ContentHash, article.ContentHash);
        Assert.Equal("Renato Narciso", Assert.Single(article.Authors).Name);
    }

    [Fact]
    public void Normalize_ExtraBlankLines_SameArticle()
    {
        var payload = "\n\n\n" + Samples.Read(Samples.PrimaNotizia).Replace("\n\n", "\n\n\n\n   \n", StringComparison.Ordinal) + "\n\n\n";

        var article = NormalizeSample(payload: payload);

        Assert.Equal(NormalizeSample().ContentHash, article.ContentHash);
        Assert.Equal(2, article.Body.Paragraphs.Count);
    }

    [Fact]
    public void Normalize_NoByline_NoAuthorsAndDateFromDateline()
    {
        const string payload = """
            ## **Cronaca - Roma: Incendio in un deposito**

            **Roma - 3 mar 2024 (Prima Notizia 24)** Un incendio è divampato nella notte.

            I vigili del fuoco sono intervenuti con tre squadre.
            """;

        var article = NormalizeSample(payload: payload);

        Assert.Empty(article.Authors);
        Assert.Equal("Incendio in un deposito", article.Headline.Main);
        Assert.Equal(["Cronaca"], article.Sections);
        Assert.Equal(["Roma"], article.Subjects);
        Assert.Equal("Roma", article.Dateline!.Place);
        Assert.Null(article.Dateline.Country);
        Assert.Equal(new DateOnly(2024, 3, 3), article.Dateline.Date);
        Assert.Equal(new DateTimeOffset(2024, 3, 3, 0, 0, 0, TimeSpan.FromHours(1)), article.PublishedAt);
        Assert.Equal(["Un incendio è divampato nella notte.", "I vigili del fuoco sono intervenuti con tre squadre."], article.Body.Paragraphs);
    }

    [Fact]
    public void Normalize_YearlessDateline_TakesYearFromReceivedAt()
    {
        const string payload = """
            ## **Esteri - Ucraina: Nuovi colloqui a Istanbul**

            **Kiev (Ucraina) - 2 GIU (Prima Notizia 24)** Le delegazioni si incontreranno domani.

            di Mario Rossi
            """;

        var article = NormalizeSample(payload: payload, receivedAt: new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 6, 2), article.Dateline!.Date);
        Assert.Equal("UA", article.Dateline.CountryCode);
        Assert.Equal("Kiev (Ucraina) - 2 GIU (Prima Notizia 24)", article.Dateline.Text);
        Assert.Equal("Mario Rossi", Assert.Single(article.Authors).Name);
    }

    [Fact]
    public void Normalize_YearlessDatelineAtNewYear_TakesThePreviousYear()
    {
        const string payload = """
            ## **Esteri - Russia: Messaggio di fine anno**

            **Mosca (Russia) - 31 dic (Prima Notizia 24)** Il discorso è stato trasmesso a mezzanotte.
            """;

        var article = NormalizeSample(payload: payload, receivedAt: new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2025, 12, 31), article.Dateline!.Date);
        Assert.Equal("RU", article.Dateline.CountryCode);
    }

    [Fact]
    public void Normalize_UppercaseMonthAndUnaccentedWeekday_Parsed()
    {
        const string payload = """
            ## **Esteri - Stati Uniti: Vertice alla Casa Bianca**

            **Washington (Stati Uniti) - 13 AGOSTO 2025 (Prima Notizia 24)** Il presidente ha ricevuto gli alleati.

            di Anna Bianchi mercoledi 13 AGOSTO 2025
            """;

        var article = NormalizeSample(payload: payload);

        Assert.Equal(new DateOnly(2025, 8, 13), article.Dateline!.Date);
        Assert.Equal("US", article.Dateline.CountryCode);
        Assert.Equal("Anna Bianchi", Assert.Single(article.Authors).Name);
        Assert.Equal(["Il presidente ha ricevuto gli alleati."], article.Body.Paragraphs);
    }

    [Fact]
    public void Normalize_BylineWithTwoAuthors_SplitsThem()
    {
        const string payload = """
            ## **Economia - Italia: Inflazione in calo**

            **Roma - 1 set 2025 (Prima Notizia 24)** I prezzi scendono per il terzo mese.

            di Luca Verdi e Sara Neri Lunedì 1 Settembre 2025
            """;

        var article = NormalizeSample(payload: payload);

        Assert.Equal(["Luca Verdi", "Sara Neri"], article.Authors.Select(a => a.Name));
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private sealed class ArticleComparer : IEqualityComparer<CanonicalArticle>
    {
        public bool Equals(CanonicalArticle? x, CanonicalArticle? y) =>
            x is not null && y is not null && x.ArticleId == y.ArticleId && x.ContentHash == y.ContentHash && x.Dateline == y.Dateline
            && x.Headline == y.Headline && x.Authors.SequenceEqual(y.Authors) && x.Sections.SequenceEqual(y.Sections) && x.Subjects.SequenceEqual(y.Subjects);

        public int GetHashCode(CanonicalArticle obj) => obj.ArticleId.GetHashCode(StringComparison.Ordinal);
    }
}
