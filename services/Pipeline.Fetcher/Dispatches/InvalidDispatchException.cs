using Pipeline.Contracts.Dispatches;

namespace Pipeline.Fetcher.Dispatches;

/// <summary>
/// Raw input that can never become a <c>DispatchReceived</c>: missing source, over the size limit,
/// binary, unknown format. <see cref="ReasonCode"/> is one of <see cref="RejectionReasons"/>.
/// </summary>
public sealed class InvalidDispatchException : Exception
{
    public InvalidDispatchException(string reasonCode, string message, Exception? inner = null)
        : base(message, inner) => ReasonCode = reasonCode;

    public InvalidDispatchException() : this(RejectionReasons.InvalidMessage, "The dispatch is invalid.") { }

    public InvalidDispatchException(string message) : this(RejectionReasons.InvalidMessage, message) { }

    public InvalidDispatchException(string message, Exception inner) : this(RejectionReasons.InvalidMessage, message, inner) { }

    /// <summary>A <see cref="RejectionReasons"/> code: <c>invalid-message</c>, <c>too-large</c> or <c>binary</c>.</summary>
    public string ReasonCode { get; }
}
