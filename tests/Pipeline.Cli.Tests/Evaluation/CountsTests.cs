using Pipeline.Cli.Evaluation;

namespace Pipeline.Cli.Tests.Evaluation;

public sealed class CountsTests
{
    [Fact]
    public void Measures_KnownCounts_GiveExactPrecisionRecallAndF1()
    {
        var counts = new Counts(TruePositives: 3, FalsePositives: 1, FalseNegatives: 2);

        Assert.Equal(0.75, counts.Precision, 12);
        Assert.Equal(0.6, counts.Recall, 12);
        Assert.Equal(2 * 0.75 * 0.6 / 1.35, counts.F1, 12);
    }

    [Fact]
    public void Measures_NothingPredictedOrExpected_AreZeroNotNaN()
    {
        Assert.Equal(0, Counts.Zero.Precision);
        Assert.Equal(0, Counts.Zero.Recall);
        Assert.Equal(0, Counts.Zero.F1);
        Assert.Equal(0, new Counts(0, 4, 0).F1);
    }

    [Fact]
    public void Add_SumsEachCount()
    {
        var sum = new Counts(1, 2, 3) + new Counts(10, 20, 30);

        Assert.Equal(new Counts(11, 22, 33), sum);
    }
}
