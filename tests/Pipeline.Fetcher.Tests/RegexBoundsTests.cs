using Pipeline.Fetcher.Dispatches;
using Pipeline.Testing;

namespace Pipeline.Fetcher.Tests;

/// <summary>
/// Issue 11: the fetcher's patterns (charset sniffing of every payload, a polled feed's <c>&lt;ttl&gt;</c>) are
/// NonBacktracking, so no body can time them out (the poller never meets a match timeout).
/// </summary>
public sealed class RegexBoundsTests
{
    [Fact]
    public async Task EveryPattern_IsNonBacktracking_AndCompletesOnItsAdversarialInput()
    {
        var problems = await RegexBounds.NonBacktrackingProblemsAsync(typeof(PayloadDecoder).Assembly,
        [
            ("Dispatches.PayloadDecoder.XmlDeclarationEncoding", "<?xml encoding=", ""),
            ("Dispatches.PayloadDecoder.HtmlMetaCharset", "<meta charset=", "\u00FF"),
            ("Polling.FeedPoller.RssTtl", "<ttl> ", "1</tt>"),
        ], TestContext.Current.CancellationToken);

        Assert.Empty(problems);
    }

    [Fact]
    public void SniffDocumentCharset_StillReadsTheDeclarations()
    {
        Assert.Equal("ISO-8859-1", PayloadDecoder.SniffDocumentCharset("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>"u8));
        Assert.Equal("windows-1252", PayloadDecoder.SniffDocumentCharset("<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"u8));
        Assert.Null(PayloadDecoder.SniffDocumentCharset("<rss><ttl>5</ttl></rss>"u8));
    }
}
