using System.Reflection;
using System.Text.RegularExpressions;
using Pipeline.Dispatches;
using Xunit;

namespace Pipeline.Testing;

/// <summary>How a pattern fared on adversarial input.</summary>
public enum RegexOutcome
{
    /// <summary>The scan ended with its result.</summary>
    Completed,

    /// <summary>The scan ran over its match timeout (<see cref="RegexMatchTimeoutException"/>).</summary>
    TimedOut,
}

/// <summary>
/// The patterns a service assembly declares with <c>[GeneratedRegex]</c>, and what one does on adversarial input:
/// the shared part of the tests of <see cref="RegexLimits"/> (each test project lists its assembly's patterns with an
/// input that would make a backtracking engine work hard).
/// </summary>
public static class RegexBounds
{
    /// <summary>The length of an adversarial input built by <see cref="Adversarial"/>.</summary>
    public const int AdversarialLength = 200_000;

    /// <summary>A hang fails the test instead of blocking the run; a bounded pattern ends far sooner (at most its timeout).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Every <c>[GeneratedRegex]</c> of <paramref name="assembly"/>, keyed <c>Type.Method</c> (the type's full name without
    /// the assembly's root namespace, e.g. <c>Wire.Datelines.CapsDateline</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, Regex> GeneratedIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var prefix = assembly.GetName().Name + ".";
        var found = new SortedDictionary<string, Regex>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<GeneratedRegexAttribute>() is not null)
                {
                    var name = type.FullName!.StartsWith(prefix, StringComparison.Ordinal) ? type.FullName[prefix.Length..] : type.FullName;
                    found.Add(name + "." + method.Name, (Regex)method.Invoke(null, null)!);
                }
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="regex"/> is bounded as <see cref="RegexLimits"/> says: NonBacktracking, or the shared match timeout.</summary>
    public static bool IsBounded(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        return regex.Options.HasFlag(RegexOptions.NonBacktracking)
            || regex.MatchTimeout == TimeSpan.FromMilliseconds(RegexLimits.MatchTimeoutMilliseconds);
    }

    /// <summary>A test project's table of patterns (name, unit, tail: see <see cref="Adversarial"/>) as theory data.</summary>
    public static TheoryData<string, string, string> Theory(IEnumerable<(string Name, string Unit, string Tail)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var data = new TheoryData<string, string, string>();
        foreach (var (name, unit, tail) in rows)
        {
            data.Add(name, unit, tail);
        }

        return data;
    }

    /// <summary><paramref name="unit"/> repeated to about <see cref="AdversarialLength"/> characters, then <paramref name="tail"/>.</summary>
    public static string Adversarial(string unit, string tail = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        return string.Concat(string.Concat(Enumerable.Repeat(unit, AdversarialLength / unit.Length)), tail);
    }

    /// <summary>
    /// What a bounded pattern may do on adversarial input: a NonBacktracking one has no timeout and always completes
    /// (linear time); a backtracking one completes or gives up at its timeout (which a stage's door turns into an
    /// <c>unsafe</c> rejection).
    /// </summary>
    public static IReadOnlyList<RegexOutcome> AllowedOutcomes(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        return regex.Options.HasFlag(RegexOptions.NonBacktracking) ? [RegexOutcome.Completed] : [RegexOutcome.Completed, RegexOutcome.TimedOut];
    }

    /// <summary>
    /// A whole table checked at once, for an assembly whose patterns must all be NonBacktracking (a service whose input
    /// must never time a pattern out): what is wrong, one line each — a declared pattern missing from
    /// <paramref name="rows"/> or a row naming none, a pattern that is not NonBacktracking, one that did not complete on
    /// its adversarial input. Empty when all is well.
    /// </summary>
    public static async Task<IReadOnlyList<string>> NonBacktrackingProblemsAsync(
        Assembly assembly, IReadOnlyList<(string Name, string Unit, string Tail)> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var declared = GeneratedIn(assembly);
        var problems = declared.Keys.Except(rows.Select(row => row.Name)).Select(name => $"{name}: declared, not in the table")
            .Concat(rows.Select(row => row.Name).Except(declared.Keys).Select(name => $"{name}: in the table, not declared"))
            .ToList();
        foreach (var (name, unit, tail) in rows.Where(row => declared.ContainsKey(row.Name)))
        {
            var regex = declared[name];
            if (!regex.Options.HasFlag(RegexOptions.NonBacktracking))
            {
                problems.Add($"{name}: not NonBacktracking");
            }
            else if (await ScanAsync(regex, Adversarial(unit, tail), cancellationToken) is not RegexOutcome.Completed and var outcome)
            {
                problems.Add($"{name}: {outcome}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Looks for every match in the whole input (what <c>Replace</c>, <c>Split</c> and <c>Count</c> do, the most work a
    /// caller can ask for) on the thread pool. Ends as <see cref="RegexOutcome.Completed"/> or
    /// <see cref="RegexOutcome.TimedOut"/>; any other exception propagates, and a hang fails with a <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<RegexOutcome> ScanAsync(Regex regex, string input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regex);
        try
        {
            await Task.Run(() => regex.Count(input), cancellationToken).WaitAsync(HangGuard, cancellationToken);
            return RegexOutcome.Completed;
        }
        catch (RegexMatchTimeoutException)
        {
            return RegexOutcome.TimedOut;
        }
    }
}
