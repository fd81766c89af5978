using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

/// <summary>Agency variants of NewsML-G2, ninjs and NewsML 1.2 that the bundled samples do not show.</summary>
public sealed class AgencyWireVariantsTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle Single(string payload, string? formatHint = null) =>
        Assert.Single(Normalizer.Normalize(TestDispatches.Create(payload, formatHint: formatHint)));

    private static string G2(string contentMeta, string contentSet) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:ansa.it:20250813:abc" version="3" standard="NewsML-G2" standardversion="2.29">
          <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:ANSA"><name>ANSA</name></provider><versionCreated>2025-08-13T11:00:00+02:00</versionCreated></itemMeta>
          <contentMeta>{contentMeta}</contentMeta>
          <contentSet>{contentSet}</contentSet>
        </newsItem>
        """;

    [Fact]
    public void NewsMlG2_EscapedHtmlInText_BecomesParagraphsWithoutTagsOrEntityNames()
    {
        var payload = G2(
            "<language tag=\"it\"/><headline>Caldo, bollino rosso in 16 citt&#224;</headline>",
            "<inlineData contenttype=\"text/plain\">&lt;p&gt;(ANSA) - ROMA, 13 AGO - Bollino rosso &amp;endash; il livello pi&amp;ugrave; alto.&lt;/p&gt;&lt;p&gt;Secondo paragrafo &endash; con trattino.&lt;/p&gt;</inlineData>");

        var article = Single(payload);

        Assert.Equal(2, article.Body.Paragraphs.Count);
        Assert.DoesNotContain(article.Body.Paragraphs, p => p.Contains('<', StringComparison.Ordinal) || p.Contains("endash", StringComparison.Ordinal) || p.Contains("ugrave", StringComparison.Ordinal));
        Assert.Contains("più alto", article.Body.Paragraphs[0], StringComparison.Ordinal);
        Assert.Contains("–", article.Body.Paragraphs[1], StringComparison.Ordinal);
    }

    [Fact]
    public void NewsMlG2_DatelinePlace_BeatsNearbyMetroAreaInLocated()
    {
        var payload = G2(
            """
            <located qcode="geo:milano"><name>Milano</name><broader type="cptype:country" qcode="iso3166-1a2:IT"><name>Italia</name></broader>
              <geoAreaDetails><position latitude="45.46" longitude="9.19"/></geoAreaDetails></located>
            <headline>Incendio in un capannone</headline>
            <dateline>Sesto San Giovanni (ANSA) -</dateline>
            """,
            "<inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Sesto San Giovanni (ANSA) - Un incendio è divampato.</p></body></html></inlineXML>");

        var article = Single(payload);

        Assert.Equal("Sesto San Giovanni", article.Dateline!.Place);
        Assert.Equal("ANSA", article.Dateline.Agency);
        Assert.Equal("Un incendio è divampato.", article.Body.Paragraphs[0]);
        Assert.Null(article.Location);
    }

    [Fact]
    public void NewsMlG2_ByLineBeatsCreatorCodes_AndPlaceholdersAreDropped()
    {
        var payload = G2(
            """
            <creator qcode="ansaauth:ab123"/>
            <creator><name>rossi.mario</name></creator>
            <located><name>No-Data-Available</name></located>
            <headline>Vertice a Roma</headline>
            <by>di Mario Rossi e Anna Bianchi, ANSA</by>
            <creditline>ANSA</creditline>
            <keyword>No-Data-Available</keyword>
            <keyword>governo</keyword>
            """,
            "<inlineData contenttype=\"text/plain\">Il testo.</inlineData>");

        var article = Single(payload);

        Assert.Equal(["Mario Rossi", "Anna Bianchi"], article.Authors.Select(a => a.Name));
        Assert.Null(article.Dateline);
        Assert.Equal(["governo"], article.Subjects);
    }

    [Fact]
    public void NewsMlG2_ByLineWithTitle_TitleIsTheRoleNotAnAuthor()
    {
        var article = Single(G2("<headline>Titel</headline><by>By JOHN SMITH, Associated Press Writer</by>", "<inlineData>Text.</inlineData>"));

        var author = Assert.Single(article.Authors);
        Assert.Equal("John Smith", author.Name);
        Assert.Equal("Associated Press Writer", author.Role);
    }

    [Fact]
    public void NewsMlG2_CreatorLoginWithoutByLine_IsNoAuthor()
    {
        var article = Single(G2("<creator><name>nickel.valeria</name></creator><headline>Titel</headline>", "<inlineData>Text.</inlineData>"));

        Assert.Empty(article.Authors);
    }

    [Fact]
    public void Ninjs10_IdentifiedByGuid_IsDetectedAndMapped()
    {
        const string payload = """
            {
              "guid": "urn:newsml:wire.example:20250813:quake",
              "type": "text",
              "versioncreated": "2025-08-13T08:30:00Z",
              "headline": "Quake shakes Perugia",
              "byline": "By Maria Rossi, AP",
              "located": "Rome, Italy",
              "body_text": "PERUGIA, Italy (AP) — An earthquake struck on Wednesday.\n\nNo injuries were reported."
            }
            """;

        Assert.Equal(DispatchFormats.Ninjs, FormatDetector.Detect(payload, null));
        var article = Single(payload);

        Assert.Equal("urn:newsml:wire.example:20250813:quake", article.ItemGuid);
        Assert.Null(article.CanonicalUrl);
        Assert.Equal(["Maria Rossi"], article.Authors.Select(a => a.Name));
        Assert.Equal("Perugia", article.Dateline!.Place);
        Assert.Equal("AP", article.Dateline.Agency);
        Assert.Equal(["An earthquake struck on Wednesday.", "No injuries were reported."], article.Body.Paragraphs);
    }

    [Fact]
    public void Ninjs2_WithoutType_IsDetected_AndRolesAreRead()
    {
        const string payload = """
            {
              "uri": "urn:newsml:dpa.com:20250813:x",
              "version": "4",
              "firstcreated": "2025-08-13T06:00:00Z",
              "versioncreated": "2025-08-13T09:00:00Z",
              "embargoed": "2025-08-13T07:00:00Z",
              "language": "de",
              "headlines": [{ "role": "main", "value": "Hitze in Berlin" }, { "role": "sub", "value": "Wetter" }],
              "descriptions": [{ "role": "creditline", "value": "dpa" }, { "role": "summary", "value": "Es wird heiß." }],
              "bodies": [{ "role": "main", "contenttype": "application/xhtml+xml", "value": "<section><p>Berlin (dpa) - Es wird heiß.</p><p>Sehr heiß.</p></section>" }],
              "by": "Von Anna Schmidt, dpa",
              "copyrightholder": "dpa",
              "subjects": [{ "name": "Wetter" }],
              "urgency": 3
            }
            """;

        Assert.Equal(DispatchFormats.Ninjs, FormatDetector.Detect(payload, null));
        var article = Single(payload);

        Assert.Equal("Hitze in Berlin", article.Headline.Main);
        Assert.Equal("Wetter", article.Headline.Sub);
        Assert.Equal("Es wird heiß.", article.Lead);
        Assert.Equal(["Anna Schmidt"], article.Authors.Select(a => a.Name));
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 6, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(4, article.Version);
        Assert.Equal("Berlin", article.Dateline!.Place);
        Assert.Equal(["Es wird heiß.", "Sehr heiß."], article.Body.Paragraphs);
    }

    [Theory]
    [InlineData("newsml")]
    [InlineData("newsml1")]
    [InlineData("NewsML-1.2")]
    public void NewsMl1_FormatNameAndAliases_Resolve(string name) =>
        Assert.Equal(DispatchFormats.NewsMl, DispatchNormalizer.ResolveFormatName(name));

    [Fact]
    public void NewsMlG2_Aliases_StillResolveToG2()
    {
        Assert.Equal(DispatchFormats.NewsMlG2, DispatchNormalizer.ResolveFormatName("g2"));
        Assert.Equal(DispatchFormats.NewsMlG2, DispatchNormalizer.ResolveFormatName("newsml-g2"));
    }

    [Fact]
    public void NewsMl1_MultipleItemsAndComponents_AreRead()
    {
        const string payload = """
            <?xml version="1.0" encoding="UTF-8"?>
            <NewsML Version="1.2">
              <NewsEnvelope><DateAndTime>20250813T101500+0200</DateAndTime><Priority FormalName="3"/></NewsEnvelope>
              <NewsItem>
                <Identification><NewsIdentifier><ProviderId>wire.example</ProviderId><DateId>20250813</DateId><NewsItemId>A1</NewsItemId><RevisionId PreviousRevision="1" Update="U">2</RevisionId></NewsIdentifier></Identification>
                <NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20250813T080000Z</FirstCreated><ThisRevisionCreated>20250813T091500+0200</ThisRevisionCreated><Status FormalName="Usable"/></NewsManagement>
                <NewsComponent>
                  <NewsLines><HeadLine>Storm hits coast</HeadLine><SubHeadLine>Thousands without power</SubHeadLine><ByLine>By John Doe</ByLine><DateLine>LISBON, Aug 13 (Wire) -</DateLine></NewsLines>
                  <DescriptiveMetadata><Language FormalName="en"/><Property FormalName="Keyword" Value="weather"/></DescriptiveMetadata>
                  <NewsComponent><Role FormalName="Main"/>
                    <ContentItem><MediaType FormalName="Text"/><MimeType FormalName="text/plain"/><DataContent>A storm hit the coast.

            Power was cut.</DataContent></ContentItem>
                  </NewsComponent>
                  <NewsComponent><Role FormalName="Photo"/><NewsLines><HeadLine>Waves</HeadLine></NewsLines>
                    <ContentItem Href="https://img.example/waves.jpg"><MimeType FormalName="image/jpeg"/></ContentItem>
                  </NewsComponent>
                </NewsComponent>
              </NewsItem>
              <NewsItem>
                <Identification><NewsIdentifier><ProviderId>wire.example</ProviderId><DateId>20250813</DateId><NewsItemId>A2</NewsItemId><RevisionId>1</RevisionId></NewsIdentifier></Identification>
                <NewsComponent><NewsLines><HeadLine>Second story</HeadLine></NewsLines>
                  <ContentItem><DataContent><nitf><body><body.content><p>Text of the second story.</p></body.content></body></nitf></DataContent></ContentItem>
                </NewsComponent>
              </NewsItem>
            </NewsML>
            """;

        Assert.Equal(DispatchFormats.NewsMl, FormatDetector.Detect(payload, null));
        var articles = Normalizer.Normalize(TestDispatches.Create(payload));

        Assert.Equal(2, articles.Count);
        var first = articles[0];
        Assert.Equal(DispatchFormats.NewsMl, first.Format);
        Assert.Equal("urn:newsml:wire.example:20250813:A1", first.ItemGuid);
        Assert.Equal(2, first.Version);
        Assert.Equal(3, first.Urgency);
        Assert.Equal("Storm hits coast", first.Headline.Main);
        Assert.Equal("Thousands without power", first.Headline.Sub);
        Assert.Equal(["John Doe"], first.Authors.Select(a => a.Name));
        Assert.Equal("Lisbon", first.Dateline!.Place);
        Assert.Equal(new DateOnly(2025, 8, 13), first.Dateline.Date);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 8, 0, 0, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 9, 15, 0, TimeSpan.FromHours(2)), first.UpdatedAt);
        Assert.Equal("en", first.DeclaredLanguage);
        Assert.Equal(["A storm hit the coast.", "Power was cut."], first.Body.Paragraphs);
        Assert.Contains("weather", first.Subjects);
        var photo = Assert.Single(first.Media);
        Assert.Equal("Waves", photo.Caption);
        Assert.Equal(["Text of the second story."], articles[1].Body.Paragraphs);
    }

    [Fact]
    public void NewsMl1_DeeplyNestedComponents_AreBounded()
    {
        var nested = string.Concat(Enumerable.Repeat("<NewsComponent>", 60)) + "<ContentItem><DataContent>Deep text.</DataContent></ContentItem>" + string.Concat(Enumerable.Repeat("</NewsComponent>", 60));
        var payload = $"<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>Deep</HeadLine></NewsLines>{nested}</NewsComponent></NewsItem></NewsML>";

        var article = Single(payload);

        Assert.Equal("Deep", article.Headline.Main);
        Assert.Empty(article.Body.Paragraphs);
    }
}
