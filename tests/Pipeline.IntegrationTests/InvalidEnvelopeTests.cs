using System.Text;
using System.Text.Json;
using Pipeline.Contracts.Dispatches;
using Pipeline.Testing;
using RabbitMQ.Client;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Issue 11: bodies that are not a valid envelope, published by a foreign producer straight onto the real normalizer
/// worker's queue, are announced as <see cref="DispatchRejected"/> (<c>invalid-message</c>, with the dispatch id the
/// body carries, else the AMQP message id), parked in <c>normalizer_error</c> (never <c>_skipped</c>), and
/// <c>pipeline errors list</c> shows their AMQP message id, reason code and headers. The worker keeps working.
/// </summary>
public sealed class InvalidEnvelopeTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private const string DispatchReceivedUrn = "urn:message:Pipeline.Contracts.Dispatches:DispatchReceived";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnreadableBodies_OnTheNormalizerQueue_AreAnnouncedAsInvalidMessage_ParkedInError_AndListedWithTheirIds()
    {
        var (uri, prefix, data) = await broker.NewRunAsync("invalid", Ct);
        await using var listener = await EventListener.StartAsync(uri, prefix, Path.Combine(data, "listener"), Ct);
        await using var normalizer = new StageWorker("Normalizer", StageWorker.Environment(uri, prefix, data));
        await normalizer.StartAsync(Timeout);

        var dispatch = JsonSerializer.SerializeToNode(ContractSamples.DispatchReceived, JsonSerializerOptions.Web)!.AsObject();
        var missingSource = dispatch.DeepClone().AsObject();
        missingSource["dispatchId"] = "d-missing-source";
        missingSource.Remove("source");
        var nullSource = dispatch.DeepClone().AsObject();
        nullSource["dispatchId"] = "d-null-source";
        nullSource["source"] = null;
        var untyped = dispatch.DeepClone().AsObject();
        untyped["dispatchId"] = "d-untyped";

        // (case, content type, body, the dispatch id the rejection must carry; null: the AMQP message id)
        var cases = new (string Name, string ContentType, string Body, string? DispatchId)[]
        {
            ("plain-text", "text/plain", "BREAKING: this is a wire dispatch in plain text, not an envelope", null),
            ("foreign-json", "application/json", "{\"event\":\"order.created\",\"orderId\":42}", null),
            ("json-array", "application/json", "[1,2,3]", null),
            ("no-message-type", "application/vnd.masstransit+json", Envelope(null, untyped.ToJsonString()), "d-untyped"),
            ("missing-source", "application/vnd.masstransit+json", Envelope(DispatchReceivedUrn, missingSource.ToJsonString()), "d-missing-source"),
            ("null-source", "application/vnd.masstransit+json", Envelope(DispatchReceivedUrn, nullSource.ToJsonString()), "d-null-source"),
        };
        var ids = cases.ToDictionary(c => c.Name, c => $"foreign-{c.Name}-{Guid.NewGuid():N}");
        foreach (var c in cases)
        {
            await PublishAsync(uri, $"{prefix}-normalizer", Encoding.UTF8.GetBytes(c.Body), c.ContentType, ids[c.Name]);
        }

        foreach (var c in cases)
        {
            var expected = c.DispatchId ?? ids[c.Name];
            var rejected = await EventListener.Collected.WaitForAsync(listener.Events.Rejected, r => r.DispatchId == expected, Timeout, $"rejection of {c.Name}");
            Assert.Equal(RejectionReasons.InvalidMessage, rejected.ReasonCode);
            Assert.Equal("normalizer", rejected.Stage);
            Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
        }

        // Exactly one rejection each, and nothing skipped.
        Assert.Equal(cases.Length, listener.Events.Rejected.Count);
        Assert.False(await RabbitMqQueues.ExistsAsync(uri, $"{prefix}-normalizer_skipped"));

        // The operator sees each one with its AMQP message id, reason code and the producer's headers.
        var cli = ChildProcess.StartDotnet("pipeline errors list", RepositoryLayout.BuiltAssembly("Pipeline.Cli", "pipeline"),
            ["errors", "list", "--stage", "normalizer", "--json", "--broker", uri.ToString(), "--prefix", prefix]);
        await using (cli)
        {
            Assert.True(await cli.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, cli.Transcript);
            var parked = cli.StandardOutput.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            Assert.Equal(cases.Length, parked.Count);
            foreach (var c in cases)
            {
                var entry = Assert.Single(parked, p => p.Str("messageId") == ids[c.Name]);
                Assert.Equal(RejectionReasons.InvalidMessage, entry.Str("code"));
                Assert.Equal("hostile-test", entry.Str("headers", "x-producer"));
            }
        }

        // Still working: a valid dispatch is normalized.
        var valid = ContractSamples.DispatchReceived with { DispatchId = "d-valid-" + Guid.NewGuid().ToString("N")[..8], Payload = Samples.Read(Samples.PrimaNotizia) };
        await listener.Bus.Publish(valid, Ct);
        await EventListener.Collected.WaitForAsync(listener.Events.Normalized, n => n.DispatchId == valid.DispatchId, Timeout, "the valid dispatch normalized");
    }

    private static string Envelope(string? messageType, string message) =>
        $"{{\"messageId\":\"{Guid.NewGuid()}\",{(messageType is null ? "" : $"\"messageType\":[\"{messageType}\"],")}\"message\":{message}}}";

    private static async Task PublishAsync(Uri broker, string exchange, byte[] body, string contentType, string messageId)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Ct);
        var properties = new BasicProperties
        {
            ContentType = contentType,
            MessageId = messageId,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { ["x-producer"] = Encoding.UTF8.GetBytes("hostile-test") },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await channel.BasicPublishAsync(exchange, routingKey: "", mandatory: true, basicProperties: properties, body: body, cancellationToken: timeout.Token);
    }
}
