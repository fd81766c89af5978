using System.CommandLine;
using System.Text.Json;
using Pipeline.Cli.Inputs;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Normalizer;
using Pipeline.Normalizer.Agency;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline normalize</c>: one file through the normalizer, no broker, canonical JSON out.</summary>
internal static class NormalizeCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "The feed or dispatch to normalize." };
        file.AcceptExistingOnly();
        var format = CommonOptions.Format();
        var profile = CommonOptions.Profile();
        var source = new Option<string>("--source") { Description = "Source id to attribute the file to (it takes part in the article id).", DefaultValueFactory = _ => "local-files" };

        var command = new Command("normalize", "Print the canonical article(s) a file becomes, warnings included — without a broker. One article prints as an object, several (a feed) as an array.")
        {
            file, format, profile, source,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var requested = parse.GetValue(format);
            var resolved = DispatchNormalizer.ResolveFormatName(requested);
            if (!string.IsNullOrWhiteSpace(requested) && resolved is null)
            {
                console.Fail($"unknown format '{requested.Trim()}'. Supported formats: {DispatchFormatNames.Describe()}; omit --format to auto-detect. For an agency layout use --source-profile ({string.Join(", ", SourceProfiles.Names)}).");
                return ExitCodes.Usage;
            }

            var input = new InputFile(path, parse.GetValue(source)!, null, resolved, parse.GetValue(profile), null);
            DispatchReceived dispatch;
            try
            {
                dispatch = await input.ToDispatchAsync(new DispatchFactory(TimeProvider.System), cancellationToken);
            }
            catch (PermanentDispatchException e)
            {
                // Refused at the door, as the fetcher would refuse it.
                console.Fail($"{path}: {e.ReasonCode}: {e.Message}");
                return ExitCodes.Failure;
            }

            try
            {
                var articles = DispatchNormalizer.CreateDefault(TimeProvider.System).Normalize(dispatch);
                var json = articles.Count == 1
                    ? JsonSerializer.Serialize(articles[0], CliJson.Indented)
                    : JsonSerializer.Serialize(articles, CliJson.Indented);
                console.Out.WriteLine(json);
                return ExitCodes.Ok;
            }
            catch (PermanentDispatchException e)
            {
                console.Fail($"{path} was rejected ({e.ReasonCode}): {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
