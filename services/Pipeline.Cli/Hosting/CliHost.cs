using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// Host builders for the CLI. Configuration comes from environment variables (<c>Messaging__RabbitMqUri</c>, …)
/// overridden by the command's own options; the stage projects' appsettings.json files are not read.
/// Logs go to standard error, so standard output stays clean for results.
/// </summary>
internal static class CliHost
{
    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> settings, LogLevel minimumLevel = LogLevel.Warning)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "pipeline",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddFilter("MassTransit", minimumLevel > LogLevel.Warning ? minimumLevel : LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }

    /// <summary>Settings for a bus on RabbitMQ from <c>--broker</c>/<c>--prefix</c>, falling back to the environment.</summary>
    public static Dictionary<string, string?> BrokerSettings(Uri? broker, string? prefix)
    {
        var settings = new Dictionary<string, string?> { ["Messaging:Transport"] = "RabbitMq" };
        if (broker is not null)
        {
            settings["Messaging:RabbitMqUri"] = broker.ToString();
        }

        if (prefix is not null)
        {
            settings["Messaging:EndpointPrefix"] = prefix;
        }

        return settings;
    }

    /// <summary>The broker URI the settings and environment name, or null.</summary>
    public static string? ResolveBroker(IReadOnlyDictionary<string, string?> settings) =>
        settings.TryGetValue("Messaging:RabbitMqUri", out var uri) && uri is not null
            ? uri
            : Environment.GetEnvironmentVariable("Messaging__RabbitMqUri");
}
