using System.Diagnostics;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) handed over by a caller outside the bus — a plain AMQP
/// publisher's headers, the CLI's <c>--traceparent</c> — continued by the span an entry point starts.
/// </summary>
public static class TraceContext
{
    /// <summary>The W3C header (and AMQP header) naming the caller's trace and span: <c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C header carrying vendor-specific trace state along with <see cref="TraceParentHeader"/>.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>True when <paramref name="traceParent"/> is a valid W3C <c>traceparent</c> value.</summary>
    public static bool IsValid(string? traceParent) => ActivityContext.TryParse(traceParent, null, isRemote: true, out _);

    /// <summary>
    /// Starts a span of <paramref name="source"/> that continues the caller's trace when <paramref name="traceParent"/> is a
    /// valid <c>traceparent</c>, and starts a new trace otherwise (an invalid value is ignored, as W3C asks). Null when
    /// nothing listens to the source.
    /// </summary>
    public static Activity? StartContinuing(this ActivitySource source, string name, ActivityKind kind, string? traceParent, string? traceState = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)
            ? source.StartActivity(name, kind, parent)
            : source.StartActivity(name, kind);
    }
}
