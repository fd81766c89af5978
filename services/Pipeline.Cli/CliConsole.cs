using Spectre.Console;

namespace Pipeline.Cli;

/// <summary>Where a command writes: standard output for results, standard error for progress and errors.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error);

    /// <summary>Results (tables, JSON). Scripts read this.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Progress, readiness and errors. Scripts may ignore it.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Spectre rendering over <see cref="Out"/> (plain text when redirected).</summary>
    public IAnsiConsole Ansi { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(output, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    /// <summary>Writes a readable error to standard error.</summary>
    public void Fail(string message) => Error.WriteLine($"error: {message}");
}
