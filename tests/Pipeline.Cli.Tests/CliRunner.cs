namespace Pipeline.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PipelineCli.InvokeAsync(args, new CliConsole(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "pipeline-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
