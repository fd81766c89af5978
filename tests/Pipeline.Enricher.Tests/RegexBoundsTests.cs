using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Enricher.Text;
using Pipeline.Messaging;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests;

/// <summary>
/// Issue 11: the enricher runs no pattern of its own (its one pattern, dotted initials in the tokenizer, tried again at
/// every letter of a long run, is a linear scanner now), and a match timeout anywhere in a stage's consumer is rejected
/// at the bus's door as <c>unsafe</c>, once, without retries.
/// </summary>
public sealed partial class RegexBoundsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Enricher_DeclaresNoPattern() =>
        Assert.Empty(RegexBounds.GeneratedIn(typeof(ArticleEnricher).Assembly));

    [Theory]
    [InlineData("a.", "ab")]
    [InlineData("a.", "")]
    [InlineData("Ü.", "ß")]
    public async Task Tokenize_LongRunOfInitials_Ends(string unit, string tail)
    {
        var text = RegexBounds.Adversarial(unit, tail);

        // Before: the pattern ran again from each of the 100,000 letters of a run that is not initials (quadratic).
        var words = await Task.Run(() => Tokenizer.Tokenize(text).Where(t => t.IsWord).ToList(), Ct).WaitAsync(TimeSpan.FromSeconds(120), Ct);

        if (tail.Length == 0)
        {
            Assert.Equal(text, Assert.Single(words).Text);   // all of it is one run of initials
        }
        else
        {
            Assert.Equal(RegexBounds.AdversarialLength / unit.Length + 1, words.Count);
            Assert.Equal(unit[..1], words[0].Text);
        }
    }

    [Theory]
    [InlineData("U.S.A. e S.p.A.", new[] { "U.S.A.", "e", "S.p.A." })]
    [InlineData("U.S.A", new[] { "U", "S", "A" })]
    [InlineData("il p.m. di Roma", new[] { "il", "p.m.", "di", "Roma" })]
    [InlineData("e.g.5", new[] { "e.g.", "5" })]
    [InlineData("a.b.c.d", new[] { "a", "b", "c", "d" })]
    [InlineData("x a.b.c.d. a.b.cd", new[] { "x", "a.b.c.d.", "a", "b", "cd" })]
    [InlineData("Ü.Ö.-Bericht", new[] { "Ü.Ö.", "Bericht" })]
    public void Tokenize_Initials_ReadAsThePatternTheyReplace(string text, string[] expected)
    {
        Assert.Equal(expected, Tokenizer.Tokenize(text).Where(t => t.IsWord).Select(t => t.Text));

        // The pattern the scanner replaces, tried at each word start as the tokenizer did, agrees on every initials run.
        foreach (var word in Tokenizer.Tokenize(text).Where(t => t.IsWord))
        {
            var match = FormerInitials().Match(text, word.Start);
            Assert.Equal(match.Success && match.Index == word.Start && match.Length > 1, word.Text.Contains('.', StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Consumer_WhosePatternTimesOut_IsRejectedAsUnsafe_Once()
    {
        var calls = new ConsumeCount();
        var (provider, harness) = await PipelineHarness.StartAsync(bus => bus.AddConsumer<TimingOutConsumer>(), services => services.AddSingleton(calls),
            new MessagingOptions { RetryCount = 3, RetryIntervalMilliseconds = 10 });
        await using var _ = provider;

        var article = Articles.PrimaNotizia();
        await harness.Bus.Publish(Articles.Normalized(article, "dispatch-pattern"), Ct);

        Assert.True(await harness.Published.Any<DispatchRejected>(Ct));
        var rejected = Assert.Single(harness.Published.Select<DispatchRejected>(Ct)).Context.Message;
        Assert.Equal(RejectionReasons.Unsafe, rejected.ReasonCode);
        Assert.Equal("dispatch-pattern", rejected.DispatchId);
        Assert.Contains("match timeout", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(1, calls.Value);   // not retried: the same input would time out again
    }

    public sealed class ConsumeCount
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Add() => Interlocked.Increment(ref _value);
    }

    /// <summary>A test double of a stage whose pattern times out on the article (the stand-in: no real pattern of a stage can).</summary>
    public sealed partial class TimingOutConsumer(ConsumeCount calls) : IConsumer<ArticleNormalized>
    {
        public Task Consume(ConsumeContext<ArticleNormalized> context)
        {
            calls.Add();
            _ = Catastrophic().IsMatch(new string('a', 64) + "!");
            return Task.CompletedTask;
        }

        [GeneratedRegex(@"^(a+)+$", RegexOptions.None, 1)]
        private static partial Regex Catastrophic();
    }

    [GeneratedRegex(@"\G(?:\p{L}\.){2,}(?!\p{L})", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FormerInitials();
}
