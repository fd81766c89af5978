namespace Pipeline.Indexer.Tests;
public sealed class ZzPerfProbe
{
    [Fact]
    public void Probe()
    {
        using var folder = new TempIndexFolder();
        using var index = new ArticleIndex(folder.IndexPath);
        var items = Enumerable.Range(0, 600).Select(i => ArticleBuilder.Italian().Id($"x{i}").Build()).ToArray();
        var p = System.Diagnostics.Process.GetCurrentProcess();
        var cpu0 = p.TotalProcessorTime;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        foreach (var a in items.Take(200)) index.Upsert(a);
        var seq = sw.Elapsed; p.Refresh(); var cpu1 = p.TotalProcessorTime; sw.Restart();
        Parallel.ForEach(items.Skip(200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, a => index.Upsert(a));
        var par = sw.Elapsed; p.Refresh(); var cpu2 = p.TotalProcessorTime; sw.Restart();
        File.WriteAllText("/tmp/indexer-perf.txt", $"seq200={seq.TotalMilliseconds:0}ms cpu={(cpu1 - cpu0).TotalMilliseconds:0}ms | par400={par.TotalMilliseconds:0}ms cpu={(cpu2 - cpu1).TotalMilliseconds:0}ms commits? count={index.Count} segments={Directory.GetFiles(folder.IndexPath, "*.si").Length}");
        Assert.Equal(600, index.Count);
    }
}
