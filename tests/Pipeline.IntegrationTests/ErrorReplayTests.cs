using System.Text;
using Pipeline.Testing;
using RabbitMQ.Client;

namespace Pipeline.IntegrationTests;

/// <summary>
/// <c>pipeline errors replay</c> on a real RabbitMQ. The stage's input exchange is bound straight back to its
/// error queue, so a replayed message is parked again at once — the worst case of a message that still fails:
/// each parked message must be replayed once per run, never picked up again from the tail of the queue.
/// </summary>
public sealed class ErrorReplayTests(BrokerFixture broker)
{
    private const string Stage = "normalizer";

    [Fact]
    public async Task Replay_OneMessageId_ThatFailsAgainAtOnce_IsReplayedOnce()
    {
        var (uri, prefix) = await ParkAsync("first", "second", "third");

        await using var cli = StartReplay(uri, prefix, "--message-id", "second");
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, cli.Transcript);
        Assert.Contains(cli.StandardOutput, line => line.StartsWith("replayed 1 message(s)", StringComparison.Ordinal));
        Assert.Equal(["first", "third", "second"], await DrainIdsAsync(uri, prefix));
    }

    [Fact]
    public async Task Replay_All_ThatFailAgainAtOnce_ReplaysEachParkedMessageOnce()
    {
        var (uri, prefix) = await ParkAsync("first", "second");

        await using var cli = StartReplay(uri, prefix);
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, cli.Transcript);
        Assert.Contains(cli.StandardOutput, line => line.StartsWith("replayed 2 message(s)", StringComparison.Ordinal));
        Assert.Equal(["first", "second"], await DrainIdsAsync(uri, prefix));
    }

    /// <summary>A fresh virtual host with the stage's error queue holding one message per id, its input exchange bound back to it.</summary>
    private async Task<(Uri Uri, string Prefix)> ParkAsync(params string[] messageIds)
    {
        var ct = TestContext.Current.CancellationToken;
        var uri = await broker.Broker.CreateVirtualHostAsync(ct);
        var prefix = RabbitMqBroker.NewPrefix();
        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        await channel.QueueDeclareAsync($"{prefix}-{Stage}_error", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.ExchangeDeclareAsync($"{prefix}-{Stage}", ExchangeType.Fanout, durable: true, cancellationToken: ct);
        await channel.QueueBindAsync($"{prefix}-{Stage}_error", $"{prefix}-{Stage}", routingKey: "", cancellationToken: ct);
        foreach (var id in messageIds)
        {
            var properties = new BasicProperties { MessageId = id, DeliveryMode = DeliveryModes.Persistent };
            await channel.BasicPublishAsync("", $"{prefix}-{Stage}_error", mandatory: true, properties, Encoding.UTF8.GetBytes("{}"), ct);
        }

        return (uri, prefix);
    }

    private static ChildProcess StartReplay(Uri uri, string prefix, params string[] extra) =>
        ChildProcess.StartDotnet("pipeline errors replay", RepositoryLayout.BuiltAssembly("Pipeline.Cli", "pipeline"),
            ["errors", "replay", "--stage", Stage, "--broker", uri.ToString(), "--prefix", prefix, .. extra]);

    /// <summary>Takes every message off the error queue, in order, and returns their message ids.</summary>
    private static async Task<List<string?>> DrainIdsAsync(Uri uri, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var ids = new List<string?>();
        while (ids.Count < 1000 && await channel.BasicGetAsync($"{prefix}-{Stage}_error", autoAck: true, ct) is { } message)
        {
            ids.Add(message.BasicProperties.MessageId);
        }

        return ids;
    }
}
