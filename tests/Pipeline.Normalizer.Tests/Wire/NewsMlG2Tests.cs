using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Testing;

namespace Pipeline.Normalizer.Tests.Wire;

public sealed class NewsMlG2Tests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle Normalize(string sample) =>
        Assert.Single(Normalizer.Normalize(TestDispatches.Create(Samples.Read(sample), sourceId: "iptc")));

    [Fact]
    public void Normalize_TextDocumentWithInlineNitf_MapsMetadataAndBody()
    {
        var article = Normalize("newsml-g2/LISTING_2_NewsML-G2_Text_Document.xml");

        Assert.Equal(DispatchFormats.NewsMlG2, article.Format);
        Assert.Equal("urn:newsml:acmenews.com:20161121:US-FINANCE-FED", article.ItemGuid);
        Assert.Equal(ArticleIds.FromGuid("iptc", "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"), article.ArticleId);
        Assert.Equal(11, article.Version);
        Assert.Equal("Fed to halt QE to avert \"bubble\"", article.Headline.Main);
        Assert.Equal("en-US", article.DeclaredLanguage);
        Assert.Equal(new DateTimeOffset(2016, 11, 21, 15, 21, 6, TimeSpan.FromHours(-5)), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2018, 11, 21, 16, 25, 32, TimeSpan.FromHours(-5)), article.UpdatedAt);
        Assert.Contains(article.Authors, a => a.Name == "Meredith Jameson");
        Assert.Equal(["economy, business and finance", "central bank", "money and monetary policy", "US-Finance-Fed"], article.Subjects);
        Assert.Equal("New York", article.Dateline!.Place);
        Assert.Equal(2, article.Body.Paragraphs.Count);
        Assert.StartsWith("(New York, NY - October 21) Et, sent luptat", article.Body.Paragraphs[0], StringComparison.Ordinal);
        Assert.Equal(2, article.Body.Html.Split("<p>").Length - 1);
    }

    [Fact]
    public void Normalize_SportsStory_SummaryIsLeadAndLocatedGivesCountry()
    {
        var article = Normalize("newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml");

        Assert.Equal("Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.", article.Headline.Main);
        Assert.StartsWith("A pair of teams coming off big weekend sweeps will square off tonight", article.Lead, StringComparison.Ordinal);
        Assert.Equal(6, article.Body.Paragraphs.Count);
        Assert.Equal("Philadelphia", article.Dateline!.Place);
        Assert.Equal("US", article.Dateline.CountryCode);
        Assert.Contains("Baseball", article.Subjects);
        Assert.Contains("Philadelphia Phillies", article.Subjects);
        Assert.Contains(article.Authors, a => a.Name == "The Sports Network");
    }

    [Fact]
    public void Normalize_NewsItemWithEmptyContent_KeepsHeadlineAndLocatedCountryCode()
    {
        var article = Normalize("newsml-g2/LISTING_1_A_NewsML-G2_News_Item.xml");

        Assert.Equal("Fed to halt QE to avert \"bubble\"", article.Headline.Main);
        Assert.Empty(article.Body.Paragraphs);
        Assert.Equal("Berlin", article.Dateline!.Place);
        Assert.Equal("Germany", article.Dateline.Country);
        Assert.Equal("DE", article.Dateline.CountryCode);
        Assert.Equal("en-GB", article.DeclaredLanguage);
        Assert.Equal(new DateTimeOffset(2016, 10, 18, 13, 12, 21, TimeSpan.FromHours(-5)), article.PublishedAt);
        Assert.Contains("labour market", article.Subjects);
    }

    [Fact]
    public void Normalize_ItemWithoutContentMeta_RejectedAsNoContent()
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(Samples.Read("newsml-g2/LISTING_29_Hop_History.xml"))));

        Assert.Equal(RejectionReasons.NoContent, ex.ReasonCode);
    }

    [Theory]
    [InlineData("newsml-g2/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml")]
    [InlineData("newsml-g2/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml")]
    public void Normalize_SpecificationFragment_RejectedAsUnknownFormat(string sample)
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => Normalizer.Normalize(TestDispatches.Create(Samples.Read(sample))));

        Assert.Equal(RejectionReasons.UnknownFormat, ex.ReasonCode);
    }

    [Fact]
    public void Normalize_NewsMessage_OneArticlePerItemWithInlineXhtmlAndText()
    {
        const string xml = """
            <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
              <header><sent>2025-08-13T10:00:00Z</sent></header>
              <itemSet>
                <newsItem guid="urn:example:1" version="3" xml:lang="it">
                  <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2025-08-13T09:00:00+02:00</versionCreated></itemMeta>
                  <contentMeta>
                    <located qcode="city:Roma"><broader qcode="iso3166-1a2:IT"/></located>
                    <dateline>ROMA, 13 agosto</dateline>
                    <headline>Primo articolo</headline>
                  </contentMeta>
                  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>Uno.</p><p>Due <b>bold</b>.</p></body></html></inlineXML></contentSet>
                </newsItem>
                <newsItem guid="urn:example:2" version="1">
                  <contentMeta><headline>Secondo articolo</headline></contentMeta>
                  <contentSet><inlineData contenttype="text/plain">Riga uno.

            Riga due.</inlineData></contentSet>
                </newsItem>
              </itemSet>
            </newsMessage>
            """;

        var articles = Normalizer.Normalize(TestDispatches.Create(xml));

        Assert.Equal(2, articles.Count);
        Assert.Equal(3, articles[0].Version);
        Assert.Equal(["Uno.", "Due bold."], articles[0].Body.Paragraphs);
        Assert.Contains("<b>bold</b>", articles[0].Body.Html, StringComparison.Ordinal);
        Assert.Equal("IT", articles[0].Dateline!.CountryCode);
        Assert.Equal("Roma", articles[0].Dateline!.Place);
        Assert.Equal("ROMA, 13 agosto", articles[0].Dateline!.Text);
        Assert.Equal("it", articles[0].DeclaredLanguage);
        Assert.Equal(["Riga uno.", "Riga due."], articles[1].Body.Paragraphs);
        Assert.NotEqual(articles[0].ArticleId, articles[1].ArticleId);
    }
}
