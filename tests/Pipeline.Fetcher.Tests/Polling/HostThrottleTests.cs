using Microsoft.Extensions.Time.Testing;
using Pipeline.Fetcher.Polling;

namespace Pipeline.Fetcher.Tests.Polling;

public sealed class HostThrottleTests
{
    [Fact]
    public async Task WaitAsync_SameHost_SpacesRequests()
    {
        var time = new FakeTimeProvider();
        var throttle = new HostThrottle(time, TimeSpan.FromSeconds(1));

        var first = throttle.WaitAsync("www.ansa.it", TestContext.Current.CancellationToken);
        var second = throttle.WaitAsync("WWW.ANSA.IT", TestContext.Current.CancellationToken);
        var third = throttle.WaitAsync("www.ansa.it", TestContext.Current.CancellationToken);
        var otherHost = throttle.WaitAsync("example.org", TestContext.Current.CancellationToken);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(otherHost.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(third.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_SpacingZero_NeverWaits()
    {
        var throttle = new HostThrottle(new FakeTimeProvider(), TimeSpan.Zero);

        Assert.True(throttle.WaitAsync("a", TestContext.Current.CancellationToken).IsCompletedSuccessfully);
        Assert.True(throttle.WaitAsync("a", TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }
}
