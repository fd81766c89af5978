using Pipeline.Fetcher.Polling;

namespace Pipeline.Fetcher.Tests.Polling;

public sealed class PollScheduleTests
{
    [Theory]
    [InlineData(300, null, 300)]        // no hint: the interval
    [InlineData(300, 60, 300)]          // a shorter hint never shortens it
    [InlineData(300, 1800, 1800)]       // a longer one stretches it
    [InlineData(300, 86_400, 3600)]     // up to MaxBackoffSeconds
    [InlineData(7200, 86_400, 7200)]    // an interval above MaxBackoffSeconds is its own cap
    public void AfterSuccess_CacheHint_StretchesUpToTheCap(int interval, int? hintSeconds, int expectedSeconds)
    {
        var schedule = new PollSchedule(maxBackoffSeconds: 3600);
        TimeSpan? hint = hintSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), schedule.AfterSuccess(interval, hint));
    }

    [Theory]
    [InlineData(300, 120, 300)]           // at least the interval
    [InlineData(300, 900, 900)]           // what the server asked
    [InlineData(300, 200_000, 86_400)]    // at most a day
    public void AfterRetryAfter_IsBetweenTheIntervalAndADay(int interval, int waitSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), PollSchedule.AfterRetryAfter(interval, TimeSpan.FromSeconds(waitSeconds)));
    }

    [Theory]
    [InlineData(1, 120)]      // 60 × 2
    [InlineData(2, 240)]      // 60 × 4
    [InlineData(3, 480)]      // 60 × 8
    [InlineData(10, 3600)]    // capped
    [InlineData(1000, 3600)]  // no overflow, still capped
    public void AfterFailure_DoublesWithJitterWithinTwentyPercent_Capped(int failures, int expectedSeconds)
    {
        var schedule = new PollSchedule(maxBackoffSeconds: 3600, new Random(7));

        var delays = Enumerable.Range(0, 200).Select(_ => schedule.AfterFailure(60, failures).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, expectedSeconds * 0.8, Math.Min(expectedSeconds * 1.2, 3600)));
        Assert.True(delays.Distinct().Count() > 1, "the delay is jittered");
    }

    [Fact]
    public void AfterFailure_IntervalAboveMaxBackoff_NeverWaitsLongerThanTheInterval()
    {
        var schedule = new PollSchedule(maxBackoffSeconds: 3600, new Random(7));

        Assert.All(Enumerable.Range(0, 100), _ => Assert.InRange(schedule.AfterFailure(7200, 5).TotalSeconds, 7200 * 0.8, 7200));
    }
}
