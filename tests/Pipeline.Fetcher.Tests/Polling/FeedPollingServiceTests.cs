using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;

namespace Pipeline.Fetcher.Tests.Polling;

public sealed class FeedPollingServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Signals every publish through a channel, so the test awaits events instead of sleeping.</summary>
    private sealed class SignallingPublisher : IDispatchPublisher
    {
        public Channel<DispatchReceived> Published { get; } = Channel.CreateUnbounded<DispatchReceived>();

        public Task PublishAsync(DispatchReceived dispatch, CancellationToken cancellationToken) =>
            Published.Writer.WriteAsync(dispatch, cancellationToken).AsTask();

        public Task PublishRejectedAsync(DispatchRejected rejected, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The poller never rejects: failing feeds are recorded as health.");
    }

    [Fact]
    public async Task Service_FeedDue_PollsAtStartAndAgainAfterInterval()
    {
        await using var server = await FeedServer.StartAsync();
        using var state = new TempStatePath();
        var time = new FakeTimeProvider(Start);
        var publisher = new SignallingPublisher();
        var options = Options.Create(new FetcherOptions
        {
            AllowPrivateNetworks = true,
            StatePath = state.Path,
            Feeds = [new FeedOptions { SourceId = "loop", Url = server.Url("/no-validators.xml"), IntervalSeconds = 300 }],
        });
        using var handler = FeedHttp.CreateHandler(true, TimeSpan.FromSeconds(5));
        var store = new FeedStateStore(state.Path);
        var poller = new FeedPoller(new SingleHandlerClientFactory(handler), store, new DispatchFactory(time), publisher, options, time, NullLogger<FeedPoller>.Instance);
        using var service = new FeedPollingService(poller, store, options, time, NullLogger<FeedPollingService>.Instance);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        await service.StartAsync(timeout.Token);
        var first = await publisher.Published.Reader.ReadAsync(timeout.Token);
        server.FeedBody = FeedServer.Rss.Replace("Perché", "Seconda", StringComparison.Ordinal);

        // The service reads the clock and then starts its timer: on a busy machine the fake clock may move in
        // between, so the timer lands one interval later. Advance an interval at a time until the poll happens.
        var next = publisher.Published.Reader.ReadAsync(timeout.Token).AsTask();
        do
        {
            time.Advance(TimeSpan.FromSeconds(300));
        }
        while (await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken)) != next);
        var second = await next;

        // The poller saves the feed's next due time (an interval after this poll) once it has published: the wait
        // for that save fails the test on the 30 s ceiling if it never comes.
        var saved = await store.GetAsync("loop", timeout.Token);
        while (saved?.NextDueAt is not { } due || due < second.ReceivedAt.AddSeconds(300))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            saved = await store.GetAsync("loop", timeout.Token);
        }

        await service.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Start, first.ReceivedAt);
        Assert.True(second.ReceivedAt >= Start.AddSeconds(300), $"polled again at {second.ReceivedAt:O}");
        Assert.Equal(0, (second.ReceivedAt - Start).Ticks % TimeSpan.FromSeconds(300).Ticks);
        Assert.Contains("Seconda", second.Payload, StringComparison.Ordinal);
    }
}
