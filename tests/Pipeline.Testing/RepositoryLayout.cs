namespace Pipeline.Testing;

/// <summary>Where things are in the checkout the tests run from.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding Pipeline.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests were built in (the workers are built alongside).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built assembly of a project under services/, e.g. <c>BuiltAssembly("Pipeline.Fetcher")</c>.</summary>
    public static string BuiltAssembly(string project, string? assemblyName = null)
    {
        var path = Path.Combine(Root, "services", project, "bin", Configuration, "net10.0", (assemblyName ?? project) + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution ({Configuration}) before running the integration tests.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
