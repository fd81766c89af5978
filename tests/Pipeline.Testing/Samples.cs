namespace Pipeline.Testing;

/// <summary>The sample files bundled with the project (services/Pipeline.Cli/samples), copied next to every test assembly.</summary>
public static class Samples
{
    /// <summary>Folder holding the samples in the test's output directory.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>Absolute path of a sample, e.g. <c>Samples.Path("dispatches/prima-notizia-24-putin-kim.md")</c>.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The text of a sample (UTF-8).</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>The raw bytes of a sample (for encoding tests).</summary>
    public static byte[] ReadBytes(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>The Prima Notizia 24 dispatch (Putin / Kim Jong Un, 13 August 2025).</summary>
    public const string PrimaNotizia = "dispatches/prima-notizia-24-putin-kim.md";
}
