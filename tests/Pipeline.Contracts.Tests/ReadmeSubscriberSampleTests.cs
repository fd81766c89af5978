using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Testing;

namespace Pipeline.Contracts.Tests;

/// <summary>
/// The README's "Subscribing from your own application" sample, taken from README.md as written, builds in a fresh
/// folder next to a copy of the contracts (the layout the README describes), for net10.0 and net8.0; and the
/// contracts pack as a NuGet package with both targets, their README and no dependencies. Restores use the machine's
/// NuGet configuration, as the repository's own build does (no nuget.config of its own).
/// </summary>
public partial class ReadmeSubscriberSampleTests
{
    private const string Section = "### Subscribing from your own application";
    private const string RoutedSection = "### Filtered subscriptions";
    private static readonly TimeSpan BuildCeiling = TimeSpan.FromMinutes(12);

    [Fact]
    public void ReadmeSample_PinsThePackagesTheRepositoryPins()
    {
        var (project, _) = ReadSample();
        var pinned = XDocument.Load(Path.Combine(RepositoryLayout.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
        var references = XDocument.Parse(project).Descendants("PackageReference").ToList();

        Assert.Contains(references, r => (string?)r.Attribute("Include") == "MassTransit.RabbitMQ");
        Assert.Contains(references, r => (string?)r.Attribute("Include") == "Microsoft.Extensions.Hosting");
        foreach (var reference in references.Where(r => pinned.ContainsKey((string)r.Attribute("Include")!)))
        {
            Assert.Equal(pinned[(string)reference.Attribute("Include")!], (string?)reference.Attribute("Version"));
        }
    }

    [Theory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    public async Task ReadmeSample_AsWritten_BuildsInAFreshConsoleProject(string targetFramework)
    {
        var ct = TestContext.Current.CancellationToken;
        var (project, program) = ReadSample();
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", project, StringComparison.Ordinal);
        project = project.Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{targetFramework}</TargetFramework>", StringComparison.Ordinal);

        var root = CopyContracts();
        try
        {
            var consumer = Directory.CreateDirectory(Path.Combine(root, "NewsSubscriber")).FullName;
            await File.WriteAllTextAsync(Path.Combine(consumer, "NewsSubscriber.csproj"), project, ct);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), program, ct);

            var (code, output) = await DotnetAsync(["build", consumer, "-c", "Debug"], ct);

            Assert.True(code == 0, $"The README's sample does not build for {targetFramework}:\n{output}");
            Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", targetFramework, "NewsSubscriber.dll")), output);
            Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", targetFramework, "Pipeline.Contracts.dll")), output);
        }
        finally
        {
            TryDelete(root);
        }
    }

    [Fact]
    public async Task ReadmeRoutedSample_AsWritten_BuildsWithRabbitMqClientAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var program = Block(ReadSection(RoutedSection), "csharp");
        var pinned = XDocument.Load(Path.Combine(RepositoryLayout.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "RabbitMQ.Client").Attribute("Version")!.Value;
        Assert.Contains($"RabbitMQ.Client --version {pinned}", ReadSection(RoutedSection), StringComparison.Ordinal);
        var project = $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RabbitMQ.Client" Version="{{pinned}}" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../pipeline/contracts/Pipeline.Contracts/Pipeline.Contracts.csproj" />
              </ItemGroup>
            </Project>
            """;

        var root = CopyContracts();
        try
        {
            var consumer = Directory.CreateDirectory(Path.Combine(root, "RoutedSubscriber")).FullName;
            await File.WriteAllTextAsync(Path.Combine(consumer, "RoutedSubscriber.csproj"), project, ct);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), program, ct);

            var (code, output) = await DotnetAsync(["build", consumer, "-c", "Debug"], ct);

            Assert.True(code == 0, $"The README's routed sample does not build:\n{output}");
            Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", "net10.0", "RoutedSubscriber.dll")), output);
        }
        finally
        {
            TryDelete(root);
        }
    }

    [Fact]
    public async Task Contracts_Pack_HoldsBothTargetsTheReadmeAndNoDependencies()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = CopyContracts();
        try
        {
            var output = Path.Combine(root, "packages");
            var (code, log) = await DotnetAsync(["pack", Path.Combine(root, "pipeline", "contracts", "Pipeline.Contracts"), "-c", "Release", "-o", output], ct);
            Assert.True(code == 0, log);

            var package = Assert.Single(Directory.GetFiles(output, "Pipeline.Contracts.*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("lib/net8.0/Pipeline.Contracts.dll", entries);
            Assert.Contains("lib/net10.0/Pipeline.Contracts.dll", entries);
            Assert.Contains("lib/net8.0/Pipeline.Contracts.xml", entries);
            Assert.Contains("README.md", entries);

            XDocument nuspec;
            await using (var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open())
            {
                nuspec = await XDocument.LoadAsync(stream, LoadOptions.None, ct);
            }

            Assert.Equal("README.md", nuspec.Descendants().Single(e => e.Name.LocalName == "readme").Value);
            Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "dependency");

            using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
            var readme = await reader.ReadToEndAsync(ct);
            foreach (var message in new[] { "DispatchReceived", "ArticleNormalized", "ArticleEnriched", "ArticleIndexed", "DispatchRejected", "application/vnd.masstransit+json" })
            {
                Assert.Contains(message, readme, StringComparison.Ordinal);
            }
        }
        finally
        {
            TryDelete(root);
        }
    }

    /// <summary>The project file (the section's xml block) and Program.cs (its csharp block) from README.md.</summary>
    private static (string Project, string Program) ReadSample()
    {
        var section = ReadSection(Section);
        return (Block(section, "xml"), Block(section, "csharp"));
    }

    /// <summary>A README section from its heading to the next heading of its level or above.</summary>
    private static string ReadSection(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section \"{heading}\".");
        var ends = new[] { readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal), heading.StartsWith("### ", StringComparison.Ordinal) ? readme.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal) : -1 }
            .Where(i => i >= 0).DefaultIfEmpty(readme.Length).Min();
        return readme[start..ends];
    }

    private static string Block(string section, string language)
    {
        var match = FencedBlock().Matches(section).FirstOrDefault(m => m.Groups["lang"].Value == language);
        Assert.True(match is not null, $"The README's subscriber section has no ```{language} block.");
        return match.Groups["code"].Value;
    }

    /// <summary>
    /// A fresh folder laid out as the README says: <c>pipeline/</c> (here: the contracts project and the repository's
    /// build settings, copied without bin/obj so the checkout is never written to) beside the subscriber's folder.
    /// </summary>
    private static string CopyContracts()
    {
        var root = Directory.CreateTempSubdirectory("pipeline-subscriber-").FullName;
        var pipeline = Directory.CreateDirectory(Path.Combine(root, "pipeline")).FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(RepositoryLayout.Root, file), Path.Combine(pipeline, file));
        }

        var source = Path.Combine(RepositoryLayout.Root, "contracts", "Pipeline.Contracts");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(pipeline, "contracts", "Pipeline.Contracts", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }

    /// <summary>Runs the dotnet CLI without leaving build servers behind (no node reuse, no shared compiler).</summary>
    private static Task<(int Code, string Output)> DotnetAsync(string[] args, CancellationToken ct) =>
        ScriptRunner.RunAsync("dotnet", [.. args, "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false"], BuildCeiling, ct);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]+)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
