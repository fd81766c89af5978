using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>One span as an OpenTelemetry SDK exported it: the exporting service, the span's ids, name and attributes.</summary>
public sealed record OtlpSpan(string Service, string Name, string TraceId, string SpanId, string ParentSpanId, IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}

/// <summary>
/// An OTLP/HTTP receiver on loopback (protobuf, <c>POST /v1/traces</c>; metrics and logs are accepted and dropped) that the
/// worker programs export their spans to, as they would to an OpenTelemetry Collector: set
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> to <see cref="Endpoint"/> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
/// The request is read with a minimal protobuf wire-format reader (only the fields of the OTLP trace schema used here).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyCollection<OtlpSpan> Spans => _spans;

    /// <summary>The environment a program needs to export its telemetry here, batches every half second.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var app = LoopbackWebApplication.Create();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            foreach (var span in ReadTraces(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.First());
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>ExportTraceServiceRequest → ResourceSpans (1) → Resource (1) / ScopeSpans (2) → Span (2).</summary>
    internal static IEnumerable<OtlpSpan> ReadTraces(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            var resource = Fields(resourceSpans).Where(f => f.Number == 1).Select(f => Attributes(f.Bytes, 1)).FirstOrDefault() ?? new Dictionary<string, string>();
            var service = resource.TryGetValue("service.name", out var name) ? name : "";
            foreach (var scopeSpans in Fields(resourceSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
            {
                foreach (var span in Fields(scopeSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
                {
                    var fields = Fields(span).ToList();
                    string Hex(int number) => fields.Where(f => f.Number == number).Select(f => Convert.ToHexStringLower(f.Bytes.Span)).FirstOrDefault() ?? "";
                    yield return new OtlpSpan(
                        service,
                        fields.Where(f => f.Number == 5).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault() ?? "",
                        Hex(1),
                        Hex(2),
                        Hex(4),
                        Attributes(span, 9));
                }
            }
        }
    }

    /// <summary>The string, integer and boolean KeyValue attributes in field <paramref name="number"/> of a message.</summary>
    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int number)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message).Where(f => f.Number == number).Select(f => f.Bytes))
        {
            var kv = Fields(keyValue).ToList();
            var key = kv.Where(f => f.Number == 1).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault();
            var value = kv.Where(f => f.Number == 2).SelectMany(f => Fields(f.Bytes)).Select(v => v.Number switch
            {
                1 => Encoding.UTF8.GetString(v.Bytes.Span),                                   // string_value
                2 => (v.Varint != 0).ToString(),                                                  // bool_value
                3 => ((long)v.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture), // int_value
                _ => null,
            }).FirstOrDefault(v => v is not null);
            if (key is not null && value is not null)
            {
                attributes[key] = value;
            }
        }

        return attributes;
    }

    /// <summary>The fields of one protobuf message: number, and the payload of length-delimited fields or the varint value.</summary>
    private static IEnumerable<(int Number, ReadOnlyMemory<byte> Bytes, ulong Varint)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message.Span, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return (number, ReadOnlyMemory<byte>.Empty, ReadVarint(message.Span, ref position));
                    break;
                case 1:
                    yield return (number, message.Slice(position, 8), 0);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    yield return (number, message.Slice(position, length), 0);
                    position += length;
                    break;
                case 5:
                    yield return (number, message.Slice(position, 4), 0);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} at byte {position}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint longer than 10 bytes.");
    }
}
