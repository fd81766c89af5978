using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Dispatches;

/// <summary>
/// The one bound for regular expressions that read outside input. Every pattern in <c>services/</c> runs either with
/// <see cref="RegexOptions.NonBacktracking"/> (linear time, no timeout needed) or, where it needs what that engine
/// lacks (lookarounds, <c>\G</c>, conditionals) or is a whole-document scan that must keep the backtracking engine's
/// speed, with <see cref="MatchTimeoutMilliseconds"/> as its match timeout. A timeout is never swallowed where it
/// happens: it travels to the stage's door and becomes <see cref="Rejection"/>.
/// </summary>
public static class RegexLimits
{
    /// <summary>
    /// The match timeout of every backtracking pattern (wall clock, per call: for <c>Replace</c>, <c>Split</c> and
    /// <c>Count</c> the whole call). Far above what any real input needs, well under the per-dispatch budget.
    /// </summary>
    public const int MatchTimeoutMilliseconds = 2000;

    /// <summary>The permanent <c>unsafe</c> rejection a match timeout becomes at a stage's door.</summary>
    public static PermanentDispatchException Rejection(RegexMatchTimeoutException timeout)
    {
        ArgumentNullException.ThrowIfNull(timeout);
        return new PermanentDispatchException(RejectionReasons.Unsafe,
            string.Create(CultureInfo.InvariantCulture,
                $"A text pattern ran over its {timeout.MatchTimeout.TotalSeconds:0.###} s match timeout on this input, which looks built to make pattern matching slow; rejected so it cannot hold the stage."),
            timeout);
    }
}
