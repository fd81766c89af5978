using System.Globalization;
using System.Net.Http.Headers;
using Pipeline.Notifier.Subscriptions;
using Pipeline.ServiceDefaults.Network;

namespace Pipeline.Notifier.Delivery;

/// <summary>
/// Sends one signed delivery through the webhook HttpClient (SSRF guard at connect time, no redirects, no proxy;
/// retries with jittered exponential backoff from the resilience pipeline, <see cref="NotifierExtensions"/>).
/// Never throws for the endpoint's failures: the outcome says what happened.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    public const string ClientName = "Pipeline.Notifier.Webhooks";

    public async Task<DeliveryOutcome> SendAsync(WebhookSubscription subscription, string messageId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, messageId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(subscription.Secret, messageId, timestamp, body.Span));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new DeliveryOutcome(true, status, null, time.GetUtcNow())
                : new DeliveryOutcome(false, status, $"The endpoint answered {status} {response.ReasonPhrase}.", time.GetUtcNow());
        }
        catch (Exception e) when (e is HttpRequestException or BlockedAddressException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var blocked = e as BlockedAddressException ?? e.InnerException as BlockedAddressException;
            return new DeliveryOutcome(false, null, blocked?.Message ?? e.Message, time.GetUtcNow());
        }
    }
}
