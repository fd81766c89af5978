using Pipeline.Contracts.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// Thrown by a stage for input that will never succeed (unparseable, empty, over a limit). Retries
/// skip it; <see cref="DispatchRejectionFilter{T}"/> publishes <see cref="DispatchRejected"/> and
/// the original message goes to the stage's <c>_error</c> queue.
/// </summary>
public sealed class PermanentDispatchException : Exception
{
    public PermanentDispatchException(string reasonCode, string message, Exception? inner = null)
        : base(message, inner) => ReasonCode = reasonCode;

    public PermanentDispatchException() : this(RejectionReasons.Malformed, "The dispatch was rejected.") { }

    public PermanentDispatchException(string message) : this(RejectionReasons.Malformed, message) { }

    public PermanentDispatchException(string message, Exception inner) : this(RejectionReasons.Malformed, message, inner) { }

    /// <summary>A <see cref="RejectionReasons"/> code.</summary>
    public string ReasonCode { get; }
}
