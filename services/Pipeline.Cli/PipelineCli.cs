using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> command line.</summary>
internal static class PipelineCli
{
    public static RootCommand Build(CliConsole console) => new("Pipeline: news ingestion — feeds, wires and dispatches in, enriched searchable articles out.")
    {
        RunCommand.Create(console),
        PublishCommand.Create(console),
        SubscribeCommand.Create(console),
        NormalizeCommand.Create(console),
        SearchCommand.Create(console),
        ErrorsCommand.Create(console),
        FeedsCommand.Create(console),
        EvalCommand.Create(console),
    };

    /// <summary>Parses and runs; bad usage exits with 2 and says what was wrong.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Fail(error.Message);
            }

            console.Error.WriteLine("Run 'pipeline --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }
}
