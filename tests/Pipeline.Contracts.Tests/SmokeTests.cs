using Pipeline.Testing;

namespace Pipeline.Contracts.Tests;

public class SmokeTests
{
    [Fact]
    public void Samples_AreCopied() => Assert.True(File.Exists(Samples.PathOf(Samples.PrimaNotizia)));
}
