using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Dispatches;

/// <summary>
/// The one payload limit, section <c>Dispatches</c> (key <c>Dispatches:MaxPayloadBytes</c>, environment variable
/// <c>Dispatches__MaxPayloadBytes</c>). The fetcher applies it to an HTTP body, a raw AMQP body, a polled feed's
/// response and the decompressed size; the normalizer to the UTF-8 size of the payload it receives. One setting, so
/// what the fetcher accepts the normalizer accepts too.
/// </summary>
public sealed class PayloadLimitOptions
{
    public const string SectionName = "Dispatches";

    /// <summary>The configuration key, as refusals name it.</summary>
    public const string Key = SectionName + ":" + nameof(MaxPayloadBytes);

    /// <summary>Default limit: 5 MiB.</summary>
    public const long DefaultMaxPayloadBytes = 5 * 1024 * 1024;

    /// <summary>Largest accepted payload in bytes (1 KiB to 1 GiB).</summary>
    [Range(1024, 1L << 30)]
    public long MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>
    /// Throws the <c>too-large</c> <see cref="PermanentDispatchException"/> when <paramref name="length"/> bytes exceed the
    /// limit; <paramref name="what"/> names what was measured ("The payload has", "The response declares").
    /// </summary>
    public void EnsureWithin(long length, string what = "The payload has")
    {
        if (length > MaxPayloadBytes)
        {
            throw TooLarge($"{what} {length:N0} bytes; the limit is {MaxPayloadBytes:N0} bytes ({Key}).");
        }
    }

    /// <summary>The <c>too-large</c> refusal for a body whose length is only known once it passed the limit.</summary>
    public PermanentDispatchException Exceeded(string what, Exception? inner = null) =>
        TooLarge($"{what} exceeds the limit of {MaxPayloadBytes:N0} bytes ({Key}).", inner);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end, refusing (<c>too-large</c>) as soon as more than the limit has arrived:
    /// what lies beyond is never read. <paramref name="what"/> names the body in the refusal ("The response body").
    /// </summary>
    public async Task<byte[]> ReadWithinAsync(Stream stream, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxPayloadBytes)
            {
                throw Exceeded(what);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static PermanentDispatchException TooLarge(string message, Exception? inner = null) =>
        new(RejectionReasons.TooLarge, message, inner);
}

[OptionsValidator]
public sealed partial class PayloadLimitOptionsValidator : IValidateOptions<PayloadLimitOptions>;

/// <summary>
/// Refuses the keys the limit had while it was two settings (<c>Fetcher:MaxPayloadBytes</c>, <c>Normalizer:MaxPayloadBytes</c>):
/// a deployment that still sets one stops at start with a line naming <see cref="PayloadLimitOptions.Key"/>, instead of
/// running with the default while its operator believes otherwise.
/// </summary>
public sealed class MovedPayloadLimitKeys(IConfiguration configuration) : IValidateOptions<PayloadLimitOptions>
{
    /// <summary>The keys that are no longer read.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["Fetcher:MaxPayloadBytes", "Normalizer:MaxPayloadBytes"];

    public ValidateOptionsResult Validate(string? name, PayloadLimitOptions options)
    {
        var set = Keys.Where(key => configuration[key] is not null).ToList();
        return set.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The setting {string.Join(" and ", set)} is no longer read: every stage takes the one limit {PayloadLimitOptions.Key} (env {PayloadLimitOptions.SectionName}__{nameof(PayloadLimitOptions.MaxPayloadBytes)}); set that instead.");
    }
}
