using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// Runs a worker host so that invalid configuration ends the process with exit code 1 and one line on standard error
/// naming the key (<c>Invalid configuration: Messaging:PrefetchCount (env Messaging__PrefetchCount): …</c>), instead
/// of an unhandled exception (exit 134) with a stack trace.
/// </summary>
public static partial class WorkerHost
{
    /// <summary>Exit code of a worker stopped by invalid configuration.</summary>
    public const int InvalidConfigurationExitCode = 1;

    /// <summary>
    /// Validates every option registered with <c>ValidateOnStart()</c> (binding included), then runs the host.
    /// Returns 0 after a normal stop, <see cref="InvalidConfigurationExitCode"/> when the configuration is invalid.
    /// </summary>
    public static int RunWorker(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.Run();
            return 0;
        }
        catch (Exception e) when (DescribeConfigurationError(e) is { } line)
        {
            Console.Error.WriteLine(line);
            return InvalidConfigurationExitCode;
        }
    }

    /// <summary>
    /// One line naming the configuration key(s) at fault, or null when <paramref name="exception"/> is not a
    /// configuration error (options validation, or a value the binder could not convert).
    /// </summary>
    public static string? DescribeConfigurationError(Exception exception)
    {
        var problems = Problems(exception).Distinct(StringComparer.Ordinal).ToList();
        return problems.Count == 0 ? null : OneLine("Invalid configuration: " + string.Join("; ", problems));
    }

    private static IEnumerable<string> Problems(Exception exception)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                var inner = aggregate.InnerExceptions.Select(DescribeConfigurationError).ToList();
                return inner.All(i => i is not null) ? inner.Select(i => i!["Invalid configuration: ".Length..]) : [];
            case OptionsValidationException validation:
                var section = validation.OptionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
                return validation.Failures.Select(f => Failure(section, validation.OptionsType.Name, f));
            case InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
                || exception.Message.StartsWith("Failed to create instance of type", StringComparison.Ordinal):
                return [exception.Message];
            default:
                return exception.InnerException is { } cause && exception is TargetInvocationException ? Problems(cause) : [];
        }
    }

    /// <summary>A data-annotation failure naming a member ("Property PrefetchCount: …") as the configuration key and its error.</summary>
    private static string Failure(string? section, string validationTypeName, string failure)
    {
        var match = AnnotationFailure().Match(failure);
        if (section is null || !match.Success)
        {
            return failure;
        }

        var keys = match.Groups["members"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(m => $"{section}:{m.Replace('.', ':')} (env {section}__{m.Replace(".", "__", StringComparison.Ordinal)})");
        // "The field NormalizerOptions.MaxPayloadBytes must be …": the key already says where.
        var error = match.Groups["error"].Value.Replace(validationTypeName + ".", "", StringComparison.Ordinal);
        return $"{string.Join(", ", keys)}: {error}";
    }

    private static string OneLine(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));

    // Both shapes .NET writes: the source-generated validator's "Member: error" and the reflection validator's
    // "DataAnnotation validation failed for 'T' members: 'Member' with the error: 'error'.".
    [GeneratedRegex(@"^(?<members>[A-Za-z_][A-Za-z0-9_.]*(, ?[A-Za-z_][A-Za-z0-9_.]*)*): (?<error>.*)$|members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.NonBacktracking | RegexOptions.Singleline)]
    private static partial Regex AnnotationFailure();
}
