using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Cli.Inputs;
using Pipeline.Dispatches;
using Pipeline.Fetcher;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline publish</c>: raw files into a running (distributed) pipeline as DispatchReceived.</summary>
internal static class PublishCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (recursively) to publish.", Arity = ArgumentArity.OneOrMore };
        var source = new Option<string>("--source") { Description = "Source id the files come from.", DefaultValueFactory = _ => "local-files" };
        var sourceName = new Option<string?>("--source-name") { Description = "Display name of the source." };
        var format = CommonOptions.Format();
        var profile = CommonOptions.Profile();
        var broker = CommonOptions.Broker();
        var prefix = CommonOptions.Prefix();
        var json = CommonOptions.Json();
        var timeout = CommonOptions.Timeout(30, "the broker");
        var traceParent = new Option<string?>("--traceparent")
        {
            Description = "W3C traceparent of the caller's trace (00-<32 hex trace id>-<16 hex span id>-<2 hex flags>): every dispatch continues it through all four stages. Default: each dispatch starts its own trace.",
            CustomParser = result => TraceContext.IsValid(result.Tokens.Single().Value)
                ? result.Tokens.Single().Value
                : CommonOptions.ReportError<string>(result, "--traceparent must be a W3C traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>, ids not all zeros."),
        };

        var command = new Command("publish", "Publish raw feeds or dispatches to the pipeline on RabbitMQ (one DispatchReceived per file).")
        {
            paths, source, sourceName, format, profile, broker, prefix, json, timeout, traceParent,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<InputFile> inputs;
            try
            {
                inputs = InputFile.Expand(parse.GetValue(paths)!, parse.GetValue(source)!, parse.GetValue(sourceName), parse.GetValue(format), parse.GetValue(profile));
            }
            catch (FileNotFoundException e)
            {
                console.Fail(e.Message);
                return ExitCodes.Usage;
            }

            var wait = TimeSpan.FromSeconds(parse.GetValue(timeout));
            using var host = await BrokerSession.StartAsync(console, parse.GetValue(broker), parse.GetValue(prefix), wait, _ => { }, cancellationToken, builder =>
            {
                builder.Services.AddDispatchPublisher();
                builder.Services.Configure<MessagingOptions>(o => o.PublishTimeoutSeconds = (int)Math.Clamp(wait.TotalSeconds, 1, 600));
            });
            if (host is null)
            {
                return ExitCodes.Failure;
            }

            var factory = new DispatchFactory(TimeProvider.System);
            var publisher = host.Services.GetRequiredService<IDispatchPublisher>();
            var failures = 0;
            foreach (var input in inputs)
            {
                try
                {
                    var dispatch = await input.ToDispatchAsync(factory, cancellationToken);
                    var traceId = await CliDispatches.PublishAsync(publisher, dispatch, "pipeline publish", parse.GetValue(traceParent), cancellationToken);
                    console.Out.WriteLine(parse.GetValue(json)
                        ? JsonSerializer.Serialize(new { dispatch.DispatchId, path = input.Path, sourceId = dispatch.Source.Id, dispatch.FormatHint, dispatch.Encoding, traceId }, CliJson.Compact)
                        : $"published {dispatch.DispatchId}  {input.Path}  (trace {traceId})");
                }
                catch (PermanentDispatchException e)
                {
                    failures++;
                    console.Fail($"{input.Path}: {e.ReasonCode}: {e.Message}");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    console.Fail($"{input.Path}: the broker did not confirm the publish within {wait.TotalSeconds:0} s.");
                }
            }

            await host.StopAsync(CancellationToken.None);
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
