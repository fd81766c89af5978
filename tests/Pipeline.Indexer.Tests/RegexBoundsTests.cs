using Pipeline.Testing;

namespace Pipeline.Indexer.Tests;

/// <summary>Issue 11: the indexer's patterns read query text only, and are NonBacktracking: no query can time them out.</summary>
public sealed class RegexBoundsTests
{
    [Fact]
    public async Task EveryPattern_IsNonBacktracking_AndCompletesOnItsAdversarialInput()
    {
        var problems = await RegexBounds.NonBacktrackingProblemsAsync(typeof(SearchEndpoints).Assembly,
        [
            ("SearchEngine.Operators", "ANDOR", "x"),   // operators glued together: no word boundary inside
            ("SearchEngine.Whitespace", " \t\n", "x"),
        ], TestContext.Current.CancellationToken);

        Assert.Empty(problems);
    }
}
