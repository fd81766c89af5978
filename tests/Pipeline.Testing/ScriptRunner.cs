using System.Diagnostics;

namespace Pipeline.Testing;

/// <summary>Runs the repository's helper scripts (tests/rabbitmq.sh, tests/postgres.sh) with a timeout.</summary>
public static class ScriptRunner
{
    /// <summary>Runs a program to its end; returns its exit code and everything it printed (-1 on timeout).</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, string[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
