using Pipeline.Contracts.Dispatches;

namespace Pipeline.Dispatches;

/// <summary>
/// Input that can never succeed, wherever it is found: at an entry point (missing source, over the size limit,
/// binary, unknown format) or in a stage (unparseable, empty, unsafe). Entry points answer with the reason; on the bus,
/// retries skip it, the messaging filter publishes <see cref="DispatchRejected"/> and the original message goes to the
/// stage's <c>_error</c> queue. This type does not depend on the bus, so parsers can throw it without referencing one.
/// </summary>
public sealed class PermanentDispatchException : Exception
{
    public PermanentDispatchException(string reasonCode, string message, Exception? inner = null)
        : base(message, inner) => ReasonCode = reasonCode;

    public PermanentDispatchException() : this(RejectionReasons.InvalidMessage, "The dispatch is invalid.") { }

    public PermanentDispatchException(string message) : this(RejectionReasons.InvalidMessage, message) { }

    public PermanentDispatchException(string message, Exception inner) : this(RejectionReasons.InvalidMessage, message, inner) { }

    /// <summary>A <see cref="RejectionReasons"/> code.</summary>
    public string ReasonCode { get; }
}
