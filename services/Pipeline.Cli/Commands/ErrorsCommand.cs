using System.CommandLine;
using System.Text.Json;
using Pipeline.Cli.Broker;
using RabbitMQ.Client.Exceptions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline errors list|replay</c>: what a stage could not process, and sending it back.</summary>
internal static class ErrorsCommand
{
    public static Command Create(CliConsole console) => new("errors", "Inspect and replay the messages a stage parked in its _error queue (RabbitMQ).")
    {
        List(console),
        Replay(console),
    };

    private static Option<string> Stage()
    {
        var stage = new Option<string>("--stage") { Description = "normalizer, enricher, indexer or raw-ingest.", Required = true };
        stage.AcceptOnlyFromAmong(ErrorQueues.Stages);
        return stage;
    }

    private static Command List(CliConsole console)
    {
        var stage = Stage();
        var limit = new Option<int>("--limit") { Description = "Messages to show at most.", DefaultValueFactory = _ => 50 };
        var broker = CommonOptions.Broker();
        var prefix = CommonOptions.Prefix();
        var json = CommonOptions.Json();
        var command = new Command("list", "Show the parked messages without taking them off the queue.") { stage, limit, broker, prefix, json };
        command.SetAction((parse, cancellationToken) => OnQueueAsync(console, parse, stage, broker, prefix, async (uri, stageName, queuePrefix) =>
        {
            var messages = await ErrorQueues.PeekAsync(uri, stageName, queuePrefix, parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(json))
            {
                foreach (var message in messages)
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(message, CliJson.Compact));
                }
            }
            else
            {
                var table = new Table().AddColumns("#", "message id", "dispatch", "type", "code", "reason", "faulted at", "headers");
                foreach (var m in messages)
                {
                    var headers = m.Headers is null ? null : string.Join(", ", m.Headers.Keys.Where(k => !k.StartsWith("MT-", StringComparison.Ordinal)));
                    table.AddRow(Cells(m.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), m.MessageId, m.DispatchId, m.MessageType, m.Code, m.Reason, m.FaultedAt,
                        string.IsNullOrEmpty(headers) ? null : headers));
                }

                console.Ansi.Write(table);
                console.Ansi.WriteLine($"{messages.Count} message(s) in {ErrorQueues.ErrorQueue(stageName, queuePrefix)}.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Replay(CliConsole console)
    {
        var stage = Stage();
        var messageId = new Option<string?>("--message-id") { Description = "Replay only this message (default: all)." };
        var limit = new Option<int>("--limit") { Description = "Messages to replay at most.", DefaultValueFactory = _ => 10_000 };
        var broker = CommonOptions.Broker();
        var prefix = CommonOptions.Prefix();
        var command = new Command("replay", "Move parked messages back to the stage's input queue, to be processed again.") { stage, messageId, limit, broker, prefix };
        command.SetAction((parse, cancellationToken) => OnQueueAsync(console, parse, stage, broker, prefix, async (uri, stageName, queuePrefix) =>
        {
            var id = parse.GetValue(messageId);
            var moved = await ErrorQueues.ReplayAsync(uri, stageName, queuePrefix, id, parse.GetValue(limit), cancellationToken);
            console.Out.WriteLine($"replayed {moved} message(s) from {ErrorQueues.ErrorQueue(stageName, queuePrefix)} to {ErrorQueues.InputExchange(stageName, queuePrefix)}");
            return id is not null && moved == 0 ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Resolves the broker, stage and prefix, runs the action, and turns broker errors into readable failures.</summary>
    private static async Task<int> OnQueueAsync(CliConsole console, ParseResult parse, Option<string> stage, Option<Uri?> broker, Option<string?> prefix, Func<Uri, string, string?, Task<int>> action)
    {
        var uri = ResolveBroker(console, parse.GetValue(broker));
        if (uri is null)
        {
            return ExitCodes.Failure;
        }

        var stageName = parse.GetValue(stage)!;
        var queuePrefix = parse.GetValue(prefix) ?? Environment.GetEnvironmentVariable("Messaging__EndpointPrefix");
        try
        {
            return await action(uri, stageName, queuePrefix);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            console.Fail($"There is no queue {ErrorQueues.ErrorQueue(stageName, queuePrefix)}: nothing was parked yet, or the prefix is wrong.");
            return ExitCodes.Failure;
        }
        catch (BrokerUnreachableException e)
        {
            console.Fail($"Could not reach the broker: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static Uri? ResolveBroker(CliConsole console, Uri? broker)
    {
        if (broker is not null)
        {
            return broker;
        }

        if (Environment.GetEnvironmentVariable("Messaging__RabbitMqUri") is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        console.Fail("No broker: pass --broker amqp://user:password@host:5672/vhost or set Messaging__RabbitMqUri.");
        return null;
    }

    private static IRenderable[] Cells(params string?[] values) => values.Select(v => (IRenderable)new Text(v ?? "—")).ToArray();
}
