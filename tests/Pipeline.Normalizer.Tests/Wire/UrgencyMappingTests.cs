using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Wire;

/// <summary>Each wire format's urgency field ends on <c>CanonicalArticle.Urgency</c>.</summary>
public sealed class UrgencyMappingTests
{
    private static int? UrgencyOf(string payload) =>
        DispatchNormalizer.CreateDefault().Normalize(new DispatchReceived
        {
            DispatchId = "d1",
            Source = new SourceRef { Id = "wire" },
            Origin = new DispatchOrigin { Kind = OriginKinds.File },
            ReceivedAt = new DateTimeOffset(2025, 8, 13, 12, 0, 0, TimeSpan.Zero),
            Payload = payload,
        }).Single().Urgency;

    [Fact]
    public void NewsMlG2_Urgency_IsKept()
    {
        const string item = """
            <?xml version="1.0" encoding="UTF-8"?>
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:20250813:urgent" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="en">
              <itemMeta><itemClass qcode="ninat:text"/><provider literal="example"/><versionCreated>2025-08-13T10:00:00Z</versionCreated></itemMeta>
              <contentMeta><urgency>2</urgency><headline>Earthquake shakes central Italy</headline></contentMeta>
              <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>A magnitude 5.1 earthquake struck central Italy on Wednesday, officials said.</p></body></html></inlineXML></contentSet>
            </newsItem>
            """;

        Assert.Equal(2, UrgencyOf(item));
    }

    [Fact]
    public void Nitf_EditorialUrgency_IsKept()
    {
        const string nitf = """
            <?xml version="1.0" encoding="UTF-8"?>
            <nitf><head><title>Storm</title><docdata><doc-id id-string="storm-1"/><urgency ed-urg="1"/><date.issue norm="20250813T100000Z"/></docdata></head>
            <body><body.head><hedline><hl1>Storm hits the coast</hl1></hedline></body.head><body.content><p>A storm hit the coast on Wednesday, cutting power to thousands of homes.</p></body.content></body></nitf>
            """;

        Assert.Equal(1, UrgencyOf(nitf));
    }

    [Fact]
    public void Ninjs_Urgency_IsKept_AndOutOfScaleIsIgnored()
    {
        Assert.Equal(4, UrgencyOf("""{"uri":"urn:example:1","type":"text","urgency":4,"headline":"Markets close higher","body_text":"Stocks closed higher on Wednesday after the central bank decision."}"""));
        Assert.Null(UrgencyOf("""{"uri":"urn:example:2","type":"text","urgency":42,"headline":"Markets close higher","body_text":"Stocks closed higher on Wednesday after the central bank decision."}"""));
    }
}
