using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests.Fuzz;

/// <summary>
/// Runs one input through the normalizer with a hang guard and an allocation budget, and checks what must hold for
/// any input: articles that are clean and serializable, or a <see cref="PermanentDispatchException"/> with a reason,
/// never another exception, never a failure nobody foresaw (<see cref="DispatchNormalizer.UnexpectedFailure"/>).
/// </summary>
internal static partial class FuzzHarness
{
    /// <summary>
    /// CPU time one input may take (the thread's own CPU time, so a saturated machine does not count): generous, it
    /// only catches pathological blow-ups; the fixed code takes milliseconds to a few seconds on the largest inputs.
    /// </summary>
    public static readonly TimeSpan CpuBudget = TimeSpan.FromSeconds(20);

    /// <summary>Wall-clock hang guard (a hung parser fails the test instead of blocking the run): far above <see cref="CpuBudget"/>, for loaded machines.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(180);

    /// <summary>Reason codes a rejection may carry.</summary>
    private static readonly HashSet<string> Reasons =
    [
        RejectionReasons.UnknownFormat, RejectionReasons.Malformed, RejectionReasons.NoContent, RejectionReasons.TooLarge,
        RejectionReasons.Binary, RejectionReasons.Unsafe, RejectionReasons.InvalidMessage,
    ];

    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    /// <summary>Bytes one input may allocate: 256 MB plus 200 bytes per character (linear work on a 4 MB input stays far below; exponential blow-ups do not).</summary>
    public static long AllocationBudget(string payload) => (256L << 20) + (200L * payload.Length);

    /// <summary>"articles" or the rejection's reason code; throws (an xunit assertion) when an invariant breaks.</summary>
    public static async Task<string> RunAsync(string payload, string? formatHint, string label)
    {
        var run = Task.Run(() => RunOnThisThread(payload, formatHint, label));
        try
        {
            return await run.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{label}: still running after {HangGuard.TotalSeconds:0} s (hang guard)");
            throw;
        }
    }

    /// <summary>The same checks without the hang guard (for the mutation fuzzer's many short inputs).</summary>
    public static string RunOnThisThread(string payload, string? formatHint, string label)
    {
        var dispatch = TestDispatches.Create(payload, formatHint: formatHint);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = ThreadCpuTime();
        NormalizationResult? result = null;
        PermanentDispatchException? rejection = null;
        try
        {
            result = Normalizer.NormalizeDocument(dispatch);
        }
        catch (PermanentDispatchException ex)
        {
            rejection = ex;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{label}: unhandled {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var cpu = ThreadCpuTime() - cpuBefore;
        Assert.True(cpu <= CpuBudget, $"{label}: took {cpu.TotalSeconds:0.0} s of CPU, over the budget of {CpuBudget.TotalSeconds:0} s");
        Assert.True(allocated <= AllocationBudget(payload), $"{label}: allocated {allocated:N0} bytes, over the budget of {AllocationBudget(payload):N0}");
        if (rejection is not null)
        {
            Assert.Contains(rejection.ReasonCode, Reasons);
            Assert.False(string.IsNullOrWhiteSpace(rejection.Message), $"{label}: rejection without a message");
            Assert.False(rejection.Message.StartsWith(DispatchNormalizer.UnexpectedFailure, StringComparison.Ordinal),
                $"{label}: {rejection.Message}\n{rejection.InnerException}");
            return rejection.ReasonCode;
        }

        Check(result!, label);
        return "articles";
    }

    private static void Check(NormalizationResult result, string label)
    {
        Assert.NotEmpty(result.Articles);
        foreach (var item in result.RejectedItems)
        {
            Assert.False(item.Unexpected, $"{label}: item {item.Index} failed unexpectedly: {item.Message}");
            Assert.Contains(item.ReasonCode, Reasons);
        }

        foreach (var article in result.Articles)
        {
            Assert.Matches(ArticleIdPattern(), article.ArticleId);
            foreach (var (what, value) in HostileTextTests.Texts(article))
            {
                Assert.True(HostileTextTests.IsClean(value, out var index), $"{label}: {what} is not clean at {index}: '{Shorten(value)}'");
            }

            var json = JsonSerializer.Serialize(article);
            Assert.NotNull(JsonSerializer.Deserialize<CanonicalArticle>(json));
        }
    }

    /// <summary>
    /// CPU time of the calling thread (user + system) from <c>/proc/thread-self/stat</c> (clock ticks of 10 ms); where
    /// that file does not exist, wall-clock time since start, which only makes the budget stricter.
    /// </summary>
    internal static TimeSpan ThreadCpuTime()
    {
        const string stat = "/proc/thread-self/stat";
        if (File.Exists(stat))
        {
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

            // After the command name: state is field 3, utime field 14, stime field 15 (proc(5)).
            if (fields.Length > 12
                && long.TryParse(fields[11], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var user)
                && long.TryParse(fields[12], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var system))
            {
                return TimeSpan.FromMilliseconds((user + system) * 10);
            }
        }

        return TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
    }

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ArticleIdPattern();
}
