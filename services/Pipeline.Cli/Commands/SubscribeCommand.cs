using System.CommandLine;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging.Routing;

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
        var lang = FilterOption("--lang", "Only articles in these languages (ISO 639-1: it, en; repeat or comma-separate).");
        var topic = FilterOption("--topic", $"Only articles whose first IPTC media topic is one of these ({string.Join(", ", TopicSlugs.All)}, or a medtop: code).");
        var country = FilterOption("--country", "Only articles whose first country is one of these (ISO 3166-1 alpha-2: it, kp).");
        var source = FilterOption("--source", "Only articles from these source ids.");
        var entity = FilterOption("--entity", "Only articles naming one of these entity ids (pipeline:person:vladimir-putin, geonames:2017370).");
        var maxUrgency = new Option<int?>("--max-urgency") { Description = "Only articles the agency marked with urgency 1 (flash) to N." };
        maxUrgency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 9)
            {
                result.AddError("--max-urgency must be between 1 (flash) and 9.");
            }
        });

        var command = new Command("subscribe", "Print each pipeline event as one JSON line until stopped (Ctrl+C) or --count is reached. With a filter (--lang, --topic, --country, --source, --entity, --max-urgency) the queue is bound to the routed exchange pipeline.articles and the broker delivers only matching articles.")
        {
            eventOption, queue, count, broker, prefix, timeout, lang, topic, country, source, entity, maxUrgency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = new EventPrinter(console.Out, parse.GetValue(count));
            var queueName = parse.GetValue(queue);
            var eventName = parse.GetValue(eventOption)!;
            var filter = new ArticleFilter
            {
                Languages = parse.GetValue(lang) ?? [],
                Topics = parse.GetValue(topic) ?? [],
                Countries = parse.GetValue(country) ?? [],
                Sources = parse.GetValue(source) ?? [],
                Entities = parse.GetValue(entity) ?? [],
                MaxUrgency = parse.GetValue(maxUrgency),
            };
            if (!filter.IsEmpty)
            {
                if (eventName != "enriched")
                {
                    console.Fail("The filters (--lang, --topic, --country, --source, --entity, --max-urgency) apply to --event enriched only.");
                    return ExitCodes.Usage;
                }

                if (filter.Problem() is { } problem)
                {
                    console.Fail(problem);
                    return ExitCodes.Usage;
                }

                var settings = CliHost.BrokerSettings(parse.GetValue(broker), parse.GetValue(prefix));
                if (CliHost.ResolveBroker(settings) is not { } uri || !Uri.TryCreate(uri, UriKind.Absolute, out var brokerUri))
                {
                    console.Fail("No broker: pass --broker amqp://user:password@host:5672/vhost or set Messaging__RabbitMqUri.");
                    return ExitCodes.Failure;
                }

                var endpointPrefix = parse.GetValue(prefix) ?? Environment.GetEnvironmentVariable("Messaging__EndpointPrefix");
                return await RoutedSubscription.RunAsync(console, brokerUri, endpointPrefix, queueName, eventName, filter.Bindings(endpointPrefix), printer,
                    TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
            }

            var temporary = queueName is null;
            queueName ??= $"subscribe-{Guid.NewGuid():N}";

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

    private static Option<string[]> FilterOption(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

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

    public void Print<T>(T message) => PrintLine(JsonSerializer.Serialize(message, CliJson.Compact));

    /// <summary>Prints one line that is already JSON.</summary>
    public void PrintLine(string json)
    {
        lock (_gate)
        {
            if (count is { } limit && _printed >= limit)
            {
                return;
            }

            output.WriteLine(json);
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
