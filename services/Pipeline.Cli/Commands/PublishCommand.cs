using System.CommandLine;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Cli.Inputs;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;

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

        var command = new Command("publish", "Publish raw feeds or dispatches to the pipeline on RabbitMQ (one DispatchReceived per file).")
        {
            paths, source, sourceName, format, profile, broker, prefix, json, timeout,
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
            using var host = await BrokerSession.StartAsync(console, parse.GetValue(broker), parse.GetValue(prefix), wait, _ => { }, cancellationToken);
            if (host is null)
            {
                return ExitCodes.Failure;
            }

            var factory = new DispatchFactory(TimeProvider.System);
            var bus = host.Services.GetRequiredService<IBus>();
            var failures = 0;
            foreach (var input in inputs)
            {
                try
                {
                    var dispatch = await input.ToDispatchAsync(factory, cancellationToken);
                    using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    publishTimeout.CancelAfter(wait);
                    await bus.Publish(dispatch, publishTimeout.Token);
                    console.Out.WriteLine(parse.GetValue(json)
                        ? JsonSerializer.Serialize(new { dispatch.DispatchId, path = input.Path, source = dispatch.Source.Id, dispatch.FormatHint, dispatch.Encoding }, CliJson.Compact)
                        : $"published {dispatch.DispatchId}  {input.Path}");
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
