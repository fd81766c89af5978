using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Amqp;
using Pipeline.Fetcher.Dispatches;
using RabbitMQ.Client;

namespace Pipeline.Fetcher.Tests.Amqp;

public sealed class RawIngestMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly DispatchFactory Factory = new(new FakeTimeProvider(Now), new PayloadLimitOptions { MaxPayloadBytes = 4096 });

    // AMQP long strings arrive as UTF-8 bytes, as the broker delivers them.
    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);

    [Fact]
    public void ToDispatch_AllHeaders_MapsEveryField()
    {
        var properties = new BasicProperties
        {
            ContentType = "application/rss+xml; charset=iso-8859-1",
            Headers = new Dictionary<string, object?>
            {
                [RawIngest.SourceHeader] = Utf8("ansa"),
                [RawIngest.SourceNameHeader] = Utf8("Agenzia ANSA"),
                [RawIngest.FormatHeader] = Utf8("rss"),
                [RawIngest.ProfileHeader] = Utf8("ansa-wire"),
                [RawIngest.LocationHeader] = Utf8("https://www.ansa.it/feed.xml"),
            },
        };

        var dispatch = RawIngestMapper.ToDispatch(Factory, Encoding.Latin1.GetBytes("<rss>Città</rss>"), properties, "pipeline.raw-ingest");

        Assert.Equal("ansa", dispatch.Source.Id);
        Assert.Equal("Agenzia ANSA", dispatch.Source.Name);
        Assert.Equal(OriginKinds.Amqp, dispatch.Origin.Kind);
        Assert.Equal("https://www.ansa.it/feed.xml", dispatch.Origin.Location);
        Assert.Equal(DispatchFormats.Rss, dispatch.FormatHint);
        Assert.Equal("ansa-wire", dispatch.SourceProfile);
        Assert.Equal("<rss>Città</rss>", dispatch.Payload);
        Assert.Equal("iso-8859-1", dispatch.Encoding);
        Assert.Equal(Now, dispatch.ReceivedAt);
    }

    [Fact]
    public void ToDispatch_OnlySource_DefaultsLocationToExchange()
    {
        var properties = new BasicProperties { Headers = new Dictionary<string, object?> { [RawIngest.SourceHeader] = Utf8("wire") } };

        var dispatch = RawIngestMapper.ToDispatch(Factory, Utf8("Testo del dispaccio"), properties, "p1-pipeline.raw-ingest");

        Assert.Equal("wire", dispatch.Source.Id);
        Assert.Null(dispatch.Source.Name);
        Assert.Null(dispatch.FormatHint);
        Assert.Equal("p1-pipeline.raw-ingest", dispatch.Origin.Location);
        Assert.Equal("utf-8", dispatch.Encoding);
    }

    [Fact]
    public void ToDispatch_StringHeaderAndCharsetContentEncoding_AreHonoured()
    {
        var properties = new BasicProperties
        {
            ContentEncoding = "windows-1252",
            Headers = new Dictionary<string, object?> { [RawIngest.SourceHeader] = "wire" },
        };

        var dispatch = RawIngestMapper.ToDispatch(Factory, new byte[] { 0x50, 0x72, 0x65, 0x7A, 0x7A, 0x6F, 0x20, 0x80 }, properties, "x");

        Assert.Equal("Prezzo €", dispatch.Payload);
        Assert.Equal("windows-1252", dispatch.Encoding);
    }

    [Fact]
    public void ToDispatch_NoSourceHeader_ThrowsInvalidMessage()
    {
        var properties = new BasicProperties { Headers = new Dictionary<string, object?> { [RawIngest.FormatHeader] = Utf8("rss") } };

        var ex = Assert.Throws<PermanentDispatchException>(() => RawIngestMapper.ToDispatch(Factory, Utf8("<rss/>"), properties, "x"));

        Assert.Equal(RejectionReasons.InvalidMessage, ex.ReasonCode);
        Assert.Contains(RawIngest.SourceHeader, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDispatch_NoHeadersAtAll_ThrowsInvalidMessage()
    {
        var ex = Assert.Throws<PermanentDispatchException>(() => RawIngestMapper.ToDispatch(Factory, Utf8("<rss/>"), new BasicProperties(), "x"));
        Assert.Equal(RejectionReasons.InvalidMessage, ex.ReasonCode);
    }

    [Fact]
    public void ToDispatch_OverLimit_ThrowsTooLarge()
    {
        var properties = new BasicProperties { Headers = new Dictionary<string, object?> { [RawIngest.SourceHeader] = Utf8("wire") } };

        var ex = Assert.Throws<PermanentDispatchException>(() => RawIngestMapper.ToDispatch(Factory, new byte[4097], properties, "x"));

        Assert.Equal(RejectionReasons.TooLarge, ex.ReasonCode);
    }

    [Fact]
    public void CopyForErrorQueue_KeepsHeadersAndAddsReason()
    {
        var original = new BasicProperties
        {
            ContentType = "text/plain",
            MessageId = "m-1",
            Headers = new Dictionary<string, object?> { [RawIngest.FormatHeader] = Utf8("rss") },
        };

        var copy = RawIngestService.CopyForErrorQueue(original, RejectionReasons.InvalidMessage, "no source");

        Assert.Equal("text/plain", copy.ContentType);
        Assert.Equal("m-1", copy.MessageId);
        Assert.Equal(DeliveryModes.Persistent, copy.DeliveryMode);
        Assert.NotNull(copy.Headers);
        Assert.Equal(Utf8("rss"), copy.Headers[RawIngest.FormatHeader]);
        Assert.Equal(RejectionReasons.InvalidMessage, copy.Headers[RawIngest.ErrorReasonHeader]);
        Assert.Equal("no source", copy.Headers[RawIngest.ErrorMessageHeader]);
    }

    [Fact]
    public void ToRejection_MessageWithIdAndSource_CarriesThem()
    {
        var properties = new BasicProperties
        {
            MessageId = "client-42",
            Headers = new Dictionary<string, object?> { [RawIngest.SourceHeader] = Utf8("wire"), [RawIngest.SourceNameHeader] = Utf8("Wire") },
        };
        var error = new PermanentDispatchException(RejectionReasons.TooLarge, "too big");

        var rejected = RawIngestMapper.ToRejection(properties, error, Now);

        Assert.Equal("client-42", rejected.DispatchId);
        Assert.Equal("fetcher", rejected.Stage);
        Assert.Equal(RejectionReasons.TooLarge, rejected.ReasonCode);
        Assert.Equal("too big", rejected.Message);
        Assert.Equal(Now, rejected.RejectedAt);
        Assert.Equal(new SourceRef { Id = "wire", Name = "Wire" }, rejected.Source);
    }

    [Fact]
    public void ToRejection_NoIdNoSource_AssignsGuid()
    {
        var rejected = RawIngestMapper.ToRejection(new BasicProperties(), new PermanentDispatchException("no source"), Now);

        Assert.Matches("^[0-9a-f]{32}$", rejected.DispatchId);
        Assert.Null(rejected.Source);
        Assert.Equal(RejectionReasons.InvalidMessage, rejected.ReasonCode);
    }

    [Theory]
    [InlineData("", "pipeline.raw-ingest", "raw-ingest", "raw-ingest_error")]
    [InlineData("run42", "run42-pipeline.raw-ingest", "run42-raw-ingest", "run42-raw-ingest_error")]
    public void Names_Prefix_FollowTheRule(string prefix, string exchange, string queue, string errorQueue)
    {
        Assert.Equal(exchange, RawIngest.ExchangeName(prefix));
        Assert.Equal(queue, RawIngest.QueueName(prefix));
        Assert.Equal(errorQueue, RawIngest.ErrorQueueName(prefix));
    }
}
