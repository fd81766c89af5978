using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary>Options several commands share, with one description each.</summary>
internal static class CommonOptions
{
    public static Option<Uri?> Broker() => new("--broker")
    {
        Description = "RabbitMQ URI, e.g. amqp://guest:guest@localhost:5672/ (default: the Messaging__RabbitMqUri environment variable).",
        CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "rabbitmq"
            ? uri
            : ReportError<Uri>(result, "--broker must be an absolute amqp:// or amqps:// URI."),
    };

    public static Option<string?> Prefix() => new("--prefix")
    {
        Description = "Endpoint prefix of the pipeline on that broker (Messaging:EndpointPrefix; default: none).",
    };

    public static Option<string> Data() => new("--data")
    {
        Description = "Data folder of the embedded pipeline (index and state).",
        DefaultValueFactory = _ => "pipeline-data",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable JSON (one object per line) instead of tables.",
    };

    public static Option<string?> Format() => new("--format")
    {
        Description = "Input format (rss, atom, jsonfeed, nitf, newsml-g2, newsml, ninjs, iptc7901, agency-text, html); default: detected.",
    };

    public static Option<string?> Profile() => new("--source-profile", "--profile")
    {
        Description = "Agency layout profile for plain-text dispatches, e.g. prima-notizia-24 or ansa.",
    };

    public static Option<int> Timeout(int seconds, string what) => new("--timeout")
    {
        Description = $"Seconds to wait for {what} before giving up.",
        DefaultValueFactory = _ => seconds,
    };

    public static T? ReportError<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
