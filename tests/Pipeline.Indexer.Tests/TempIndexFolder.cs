namespace Pipeline.Indexer.Tests;

/// <summary>A fresh folder under the temp directory for one test's index, deleted on dispose.</summary>
internal sealed class TempIndexFolder : IDisposable
{
    public TempIndexFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "pipeline-indexer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Where the index goes (not created: the index creates it).</summary>
    public string IndexPath => Path.Combine(Root, "index");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still mapped by a finalizing reader must not fail the test.
        }
    }
}
