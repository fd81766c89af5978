using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests;

/// <summary>Renders a kustomization offline with <c>kubectl kustomize</c>.</summary>
internal static class Kustomize
{
    /// <summary>The rendered YAML of the kustomization in <paramref name="folder"/> (relative to the repository root).</summary>
    public static async Task<string> RenderAsync(string folder)
    {
        var path = Path.Combine(RepositoryLayout.Root, folder);
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
