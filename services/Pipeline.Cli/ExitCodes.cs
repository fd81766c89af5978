namespace Pipeline.Cli;

/// <summary>Exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (rejected input, broker unreachable, timeout).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong (unknown option, missing argument, a file that does not exist).</summary>
    public const int Usage = 2;
}
