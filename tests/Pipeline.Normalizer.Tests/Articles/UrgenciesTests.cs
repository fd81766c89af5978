using Pipeline.Normalizer.Articles;

namespace Pipeline.Normalizer.Tests.Articles;

public sealed class UrgenciesTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("4", 4)]
    [InlineData(" 9 ", 9)]
    [InlineData("0", null)]
    [InlineData("10", null)]
    [InlineData("-3", null)]
    [InlineData("high", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void FromNumber_AcceptsOnlyTheIptcScale(string? text, int? expected) => Assert.Equal(expected, Urgencies.FromNumber(text));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    [InlineData("6", 6)]
    [InlineData("f", 1)]
    [InlineData("B", 2)]
    [InlineData("u", 3)]
    [InlineData("r", 5)]
    [InlineData("d", 7)]
    [InlineData("x", null)]
    [InlineData(null, null)]
    public void FromIptc7901Priority_MapsDigitsAndAnpaLetters(string? priority, int? expected) => Assert.Equal(expected, Urgencies.FromIptc7901Priority(priority));
}
