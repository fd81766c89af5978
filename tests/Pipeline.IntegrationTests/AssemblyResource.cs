namespace Pipeline.IntegrationTests;

/// <summary>
/// A real server started once for the whole test assembly (an xunit assembly fixture) and disposed after the last test:
/// the shape <see cref="BrokerFixture"/> and <see cref="PostgresFixture"/> share.
/// </summary>
public abstract class AssemblyResource<T>(Func<CancellationToken, Task<T>> start, string name) : IAsyncLifetime
    where T : class, IAsyncDisposable
{
    private T? _resource;

    /// <summary>The started resource; throws when the fixture has not started.</summary>
    protected T Resource => _resource ?? throw new InvalidOperationException($"The {name} fixture has not started.");

    public async ValueTask InitializeAsync() => _resource = await start(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_resource is not null)
        {
            await _resource.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
