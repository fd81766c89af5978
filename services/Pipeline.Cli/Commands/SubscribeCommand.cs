using System.CommandLine;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline subscribe</c>: binds a queue to an event and prints each one as a JSON line.</summary>
internal static class SubscribeCommand
{
    private static readonly string[] Events = ["enriched", "normalized", "indexed", "rejected"];

    public static Command Create(CliConsole console)
    {
        var eventOption = new Option<string>("--event")
        {
            Description = "Which event: enriched (ArticleEnriched), normalized, indexed or rejected (DispatchRejected).",
            DefaultValueFactory = _ => "enriched",
        };
        eventOption.AcceptOnlyFromAmong(Events);
        var queue = new Option<string?>("--queue") { Description = "Durable queue name to consume from (kept after exit, so no event is missed between runs); default: a temporary queue deleted on exit." };
        var count = new Option<int?>("--count") { Description = "Exit after this many events." };
        var broker = CommonOptions.Broker();
        var prefix = CommonOptions.Prefix();
        var timeout = CommonOptions.Timeout(30, "the broker");

        var command = new Command("subscribe", "Print each pipeline event as one JSON line until stopped (Ctrl+C) or --count is reached.")
        {
            eventOption, queue, count, broker, prefix, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = new EventPrinter(console.Out, parse.GetValue(count));
            var queueName = parse.GetValue(queue);
            var temporary = queueName is null;
            queueName ??= $"subscribe-{Guid.NewGuid():N}";
            var eventName = parse.GetValue(eventOption)!;

            using var host = await BrokerSession.StartAsync(console, parse.GetValue(broker), parse.GetValue(prefix), TimeSpan.FromSeconds(parse.GetValue(timeout)), bus =>
            {
                bus.AddSingleton(printer);
                switch (eventName)
                {
                    case "normalized": Listen<ArticleNormalized>(bus, queueName, temporary); break;
                    case "indexed": Listen<ArticleIndexed>(bus, queueName, temporary); break;
                    case "rejected": Listen<DispatchRejected>(bus, queueName, temporary); break;
                    default: Listen<ArticleEnriched>(bus, queueName, temporary); break;
                }
            }, cancellationToken);
            if (host is null)
            {
                return ExitCodes.Failure;
            }

            console.Error.WriteLine($"Subscribed to {eventName} events on queue '{queueName}'{(temporary ? " (temporary)" : "")}. Ctrl+C to stop.");
            try
            {
                await printer.Done.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: a normal way to stop.
            }

            await host.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Listen<T>(IBusRegistrationConfigurator bus, string queueName, bool temporary)
        where T : class =>
        bus.AddConsumer<PrintConsumer<T>>().Endpoint(e =>
        {
            e.Name = queueName;
            e.Temporary = temporary;
        });
}

/// <summary>Writes events as JSON lines, one at a time, and completes after the requested count.</summary>
internal sealed class EventPrinter(TextWriter output, int? count)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _printed;

    public Task Done => _done.Task;

    public void Print<T>(T message)
    {
        lock (_gate)
        {
            if (count is { } limit && _printed >= limit)
            {
                return;
            }

            output.WriteLine(JsonSerializer.Serialize(message, CliJson.Compact));
            output.Flush();
            _printed++;
            if (count is { } max && _printed >= max)
            {
                _done.TrySetResult();
            }
        }
    }
}

/// <summary>Prints every message of one type.</summary>
internal sealed class PrintConsumer<T>(EventPrinter printer) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        printer.Print(context.Message);
        return Task.CompletedTask;
    }
}
