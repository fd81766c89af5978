using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests;

/// <summary>
/// The properties of deploy/docker/Dockerfile that make its images reproducible, cacheable and runnable on chiseled
/// bases, read from its text (there is no container engine where the tests run).
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Workers = ["Pipeline.Fetcher", "Pipeline.Normalizer", "Pipeline.Enricher", "Pipeline.Indexer", "Pipeline.Notifier"];

    private static readonly Lazy<IReadOnlyList<Instruction>> Instructions = new(() => Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "docker", "Dockerfile"))));

    [Fact]
    public void BaseImages_AreBuildArguments_WithDefaultsPinnedByDigest()
    {
        var arguments = Instructions.Value.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG")
            .Select(i => i.Arguments.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : null, StringComparer.Ordinal);
        var stages = new List<string>();
        foreach (var from in Instructions.Value.Where(i => i.Keyword == "FROM"))
        {
            var match = From().Match(from.Arguments);
            Assert.True(match.Success, $"FROM {from.Arguments}: expected FROM ${{ARG}} AS name");
            var image = match.Groups["image"].Value;
            if (!stages.Contains(image))
            {
                var argument = ArgumentReference().Match(image);
                Assert.True(argument.Success, $"FROM {image}: a base image must come from a build argument, so it can be overridden");
                var value = arguments.GetValueOrDefault(argument.Groups["name"].Value);
                Assert.True(value is not null && Digest().IsMatch(value), $"{argument.Groups["name"].Value}={value}: the default must be pinned by digest (@sha256:<64 hex>)");
            }

            stages.Add(match.Groups["stage"].Value);
        }

        Assert.Equal(2, stages.Count);
    }

    [Fact]
    public void Restore_RunsOnTheProjectFilesAlone_BeforeTheSourcesAreCopied()
    {
        var build = Stage("build");
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var everything = build.FindIndex(i => i.Keyword == "COPY" && Regex.IsMatch(i.Arguments, @"^\.\s+\.$"));
        var publish = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.True(restore >= 0 && everything > restore && publish > everything, "restore, then COPY . ., then publish");
        Assert.Contains("--no-restore", build[publish].Arguments, StringComparison.Ordinal);

        var copied = build.Take(restore).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToList();
        Assert.All(copied, file => Assert.Matches(@"(\.csproj|^Directory\.[A-Za-z]+\.props|^global\.json)$", file));

        // Every project a worker builds from (its references, transitively) is in the restore layer.
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var worker in Workers)
        {
            AddWithReferences(Path.Combine("services", worker, worker + ".csproj"), needed);
        }

        Assert.Equal(needed.Order(StringComparer.Ordinal), copied.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("Directory.Packages.props", copied);
        Assert.Contains("Directory.Build.props", copied);
    }

    [Fact]
    public void Entrypoint_IsExecForm_TheSameForEveryStage_AndRunsAsNonRoot()
    {
        var final = Stage("final");
        var entrypoint = Assert.Single(final, i => i.Keyword == "ENTRYPOINT");
        using var exec = JsonDocument.Parse(entrypoint.Arguments);   // exec form is a JSON array; shell form is not JSON
        var argv = exec.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(argv);
        Assert.DoesNotContain(argv, a => a.Contains('$', StringComparison.Ordinal));   // nothing expands them without a shell
        Assert.DoesNotContain(argv[0], new[] { "sh", "/bin/sh", "bash", "/bin/bash" });   // chiseled images have no shell
        Assert.StartsWith("/", argv[0], StringComparison.Ordinal);

        // The fixed entry point is what the build stage produced for whichever SERVICE was built.
        var publish = Assert.Single(Stage("build"), i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains($"\"{argv[0]}\"", publish.Arguments.Replace(" /app/service", " \"/app/service\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(final, i => i.Keyword == "RUN");   // a chiseled base cannot run anything at build time either

        var user = Assert.Single(final, i => i.Keyword == "USER").Arguments.Split(':')[0];
        Assert.True(int.TryParse(user, out var uid) && uid > 0, $"USER {user}: a numeric non-root user (chiseled images have no useradd)");
        Assert.True(final.FindIndex(i => i.Keyword == "USER") < final.FindIndex(i => i.Keyword == "ENTRYPOINT"));
    }

    private sealed record Instruction(string Keyword, string Arguments);

    private static List<Instruction> Stage(string name)
    {
        var all = Instructions.Value.ToList();
        var start = all.FindIndex(i => i.Keyword == "FROM" && i.Arguments.EndsWith(" AS " + name, StringComparison.OrdinalIgnoreCase));
        Assert.True(start >= 0, $"no stage {name}");
        var end = all.FindIndex(start + 1, i => i.Keyword == "FROM");
        return all[(start + 1)..(end < 0 ? all.Count : end)];
    }

    private static void AddWithReferences(string project, HashSet<string> found)
    {
        if (!found.Add(project.Replace('\\', '/')))
        {
            return;
        }

        var directory = Path.GetDirectoryName(project)!;
        foreach (var reference in XDocument.Load(Path.Combine(RepositoryLayout.Root, project)).Descendants("ProjectReference"))
        {
            var path = Path.GetRelativePath(RepositoryLayout.Root, Path.GetFullPath(Path.Combine(RepositoryLayout.Root, directory, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
            AddWithReferences(path, found);
        }
    }

    /// <summary>Instructions with their continuation lines joined and comments dropped.</summary>
    private static List<Instruction> Parse(string dockerfile) =>
        LineContinuation().Replace(dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal), " ")
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .Select(parts => new Instruction(parts[0].ToUpperInvariant(), parts.Length == 2 ? parts[1].Trim() : ""))
            .ToList();

    [GeneratedRegex(@"\\\n(\s*#[^\n]*\n)*")]
    private static partial Regex LineContinuation();

    [GeneratedRegex(@"^(?<image>\S+)\s+AS\s+(?<stage>[A-Za-z0-9_-]+)$", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex From();

    [GeneratedRegex(@"^\$\{(?<name>[A-Z_]+)\}$", RegexOptions.ExplicitCapture)]
    private static partial Regex ArgumentReference();

    [GeneratedRegex(@"@sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
