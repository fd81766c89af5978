using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests;

/// <summary>Renders a kustomization offline with <c>kubectl kustomize</c>.</summary>
internal static class Kustomize
{
    /// <summary>The rendered YAML of the kustomization in <paramref name="folder"/> (relative to the repository root).</summary>
    public static Task<string> RenderAsync(string folder) => RenderPathAsync(Path.Combine(RepositoryLayout.Root, folder));

    /// <summary>
    /// An overlay rendered with one of its components swapped for another (e.g. KEDA for the CPU fallback), as the
    /// overlay's comment tells an operator to do: from a copy of <c>deploy/k8s</c> (kustomize refuses absolute paths).
    /// </summary>
    public static async Task<string> RenderWithComponentAsync(string overlay, string component, string replacement)
    {
        var copy = Directory.CreateTempSubdirectory("pipeline-kustomize-");
        try
        {
            CopyTree(Path.Combine(RepositoryLayout.Root, "deploy", "k8s"), copy.FullName);
            var kustomization = Path.Combine(copy.FullName, "overlays", overlay, "kustomization.yaml");
            var text = await File.ReadAllTextAsync(kustomization, TestContext.Current.CancellationToken);
            var line = $"  - ../../components/{component}\n";
            Assert.Contains(line, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(kustomization, text.Replace(line, $"  - ../../components/{replacement}\n", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            return await RenderPathAsync(Path.Combine(copy.FullName, "overlays", overlay));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static async Task<string> RenderPathAsync(string path)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", path]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl could not be started; it is needed to render the manifests.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {path} failed: {await error}");
        return await output;
    }
}
