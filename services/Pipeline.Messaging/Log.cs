using Microsoft.Extensions.Logging;

namespace Pipeline.Messaging;

/// <summary>Pipeline.Messaging's log events (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "A {MessageType} (message {MessageId}) ran past its budget of {BudgetSeconds} s and was let go while still running; it is rejected as unsafe")]
    public static partial void Abandoned(ILogger logger, string messageType, string messageId, double budgetSeconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Message {MessageId} on {Queue} was being handled when the worker stopped {Crashes} time(s) (crash or kill); it is parked as poison")]
    public static partial void Poison(ILogger logger, string messageId, string queue, int crashes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Message {MessageId} on {Queue} was being handled when the worker stopped; it runs alone this time")]
    public static partial void Suspect(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "A message on {Queue} (AMQP message id {MessageId}) is not a valid envelope: {Problem}; parked in _error")]
    public static partial void InvalidEnvelope(ILogger logger, string queue, string messageId, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Routing {Queue} (bound to {Exchange}) to the subscribers' exchange")]
    public static partial void Routing(ILogger logger, string queue, string exchange);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "A message on {Queue} (AMQP message id {MessageId}) cannot be routed: {Problem}; parked in _error")]
    public static partial void RouteUnreadable(ILogger logger, string queue, string messageId, string problem);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Publishing message {MessageId} to {Exchange} failed; it is requeued and tried again")]
    public static partial void RoutePublishFailed(ILogger logger, Exception exception, string exchange, string messageId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The event router cannot connect to the broker; next try in {Delay}")]
    public static partial void RouterConnectFailed(ILogger logger, Exception exception, TimeSpan delay);

    /// <summary>A value from outside as one harmless log token: control and format characters escaped, at most 200 characters.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var text = value.Length > 200 ? value[..200] + "…" : value;
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Values from outside made safe for a log line, for every service.</summary>
public static class LogText
{
    /// <summary>Control and format characters escaped, at most 200 characters, <c>-</c> for nothing.</summary>
    public static string Clean(string? value) => Log.Clean(value);
}
