using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace Pipeline.Testing;

/// <summary>
/// A real program run by a test (<c>dotnet some.dll …</c>): its output lines are collected, waits
/// have timeouts, and disposing kills what is still running.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Channel<string> _stdoutLines = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public IReadOnlyCollection<string> StandardOutput => _stdout;

    public IReadOnlyCollection<string> StandardError => _stderr;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the program has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the program printed, for assertion messages.</summary>
    public string Transcript => $"--- {Name} stdout ---\n{string.Join('\n', _stdout)}\n--- {Name} stderr ---\n{string.Join('\n', _stderr)}";

    /// <summary>Starts <c>dotnet <paramref name="assembly"/> <paramref name="args"/></c> with extra environment variables.</summary>
    public static ChildProcess StartDotnet(string name, string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stdoutLines.Writer.TryComplete();
                child._outputClosed.TrySetResult();
                return;
            }

            child._stdout.Enqueue(e.Data);
            child._stdoutLines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._errorClosed.TrySetResult();
                return;
            }

            child._stderr.Enqueue(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The next line on standard output, or a timeout exception with the transcript.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _stdoutLines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} printed no line within {timeout.TotalSeconds:0} s.\n{Transcript}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name} closed its output.\n{Transcript}");
        }
    }

    /// <summary>Waits until a line on either stream satisfies the predicate.</summary>
    public async Task WaitForAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_stderr.Any(predicate) || _stdout.Any(predicate))
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before the expected output.\n{Transcript}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Name} did not print the expected line within {timeout.TotalSeconds:0} s.\n{Transcript}");
    }

    /// <summary>Waits for the program to end; kills it and throws on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s.\n{Transcript}");
        }
    }

    /// <summary>Kills the program at once (SIGKILL, as <c>kill -9</c>: no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Sends SIGTERM (what Kubernetes sends to stop a pod) without waiting.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends a signal by name (<c>TERM</c>, <c>STOP</c>, <c>CONT</c>, …) with <c>kill</c>, without waiting.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    /// <summary>Asks the program to stop (SIGTERM), then kills it if it has not exited in time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        Terminate();

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (TimeoutException)
        {
            // Left to the OS.
        }

        _process.Dispose();
    }
}
