using System.Diagnostics;
using System.Globalization;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests.Faults;

/// <summary>
/// Delivery under faults, over the four real worker programs and a real broker of the suite's own: while articles flow,
/// a consumer stage is killed (SIGKILL) or stopped (SIGTERM) and started again, every connection is cut, or the broker is
/// restarted. Each scenario publishes its articles (single-article dispatches over plain AMQP, half before the fault and
/// half during or after it) and asserts that exactly that many documents are indexed, none twice, nothing parked in an
/// <c>_error</c> or <c>_skipped</c> queue, and that the workers not hit recovered by themselves (same processes, never
/// restarted). <see cref="FaultPipeline.ArticlesVariable"/> sets the articles per scenario (default 300).
/// </summary>
public sealed class DeliveryUnderFaultsTests(FaultPipeline pipeline) : IClassFixture<FaultPipeline>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await pipeline.EnsureHealthyAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("Normalizer")]
    [InlineData("Enricher")]
    [InlineData("Indexer")]
    public async Task ConsumerStageKilled_WhileProcessing_IsRestarted_AndEveryArticleIsIndexedExactlyOnce(string stage)
    {
        await RunAsync(new Scenario($"kill -9 {stage.ToLowerInvariant()}")
        {
            InterruptedStage = stage,
            Inject = async () => await pipeline.Workers.Process(stage).KillAsync(),
            Restore = async () => await pipeline.Workers.RestartAsync(stage),
        });
    }

    [Theory]
    [InlineData("Normalizer")]
    [InlineData("Enricher")]
    [InlineData("Indexer")]
    public async Task ConsumerStageTerminated_WhileProcessing_DrainsWithinTheGracePeriod_AndNothingIsLost(string stage)
    {
        await RunAsync(new Scenario($"SIGTERM {stage.ToLowerInvariant()}")
        {
            InterruptedStage = stage,
            Inject = async () =>
            {
                var worker = pipeline.Workers.Process(stage);
                worker.Terminate();
                var code = await worker.WaitForExitAsync(FaultPipeline.GracePeriod);   // kills it and fails when it does not stop in time
                Assert.True(code == 0, $"{stage} exited with {code} after SIGTERM.\n{worker.Transcript}");
            },
            Restore = async () => await pipeline.Workers.RestartAsync(stage),
        });
    }

    [Fact]
    public async Task EveryConnectionCut_WhileProcessing_WorkersReconnectByThemselves_AndEveryArticleIsIndexedExactlyOnce()
    {
        await RunAsync(new Scenario("all connections cut")
        {
            Inject = async () =>
            {
                await pipeline.Relay.StopAsync();
                await pipeline.WaitUntilNoneReadyAsync();
            },
            Restore = () =>
            {
                pipeline.Relay.Start();
                return Task.CompletedTask;
            },
        });
    }

    [Fact]
    public async Task BrokerRestarted_WhileProcessing_WorkersReconnectByThemselves_AndEveryArticleIsIndexedExactlyOnce()
    {
        await RunAsync(new Scenario("broker restart")
        {
            Inject = async () =>
            {
                // The broker closes every connection as it shuts down; then its port is closed — the relay in front
                // would still accept connections (and the fetcher's TCP probe would take that for a broker).
                await pipeline.Node.StopAsync(TestContext.Current.CancellationToken);
                await pipeline.Relay.StopAsync();
                await pipeline.WaitUntilNoneReadyAsync();
            },
            Restore = async () =>
            {
                await pipeline.Node.StartAgainAsync(TestContext.Current.CancellationToken);
                pipeline.Relay.Start();
            },
            BrokerDown = true,
        });
    }

    private async Task RunAsync(Scenario scenario)
    {
        var n = pipeline.Articles;
        var half = n / 2;
        var source = "fault-" + Guid.NewGuid().ToString("N")[..8];
        var survivors = PipelineWorkers.Stages.Where(s => s != scenario.InterruptedStage).ToDictionary(s => s, pipeline.Workers.Process, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();

        // Mid-run: a stage that is to be interrupted is held (SIGSTOP) while the first half is published, so a backlog
        // waits beyond what it has prefetched; let go, it is interrupted as soon as it has finished something — with
        // messages in every state: prefetched, being processed, processed but not yet acknowledged.
        if (scenario.InterruptedStage is { } stage)
        {
            var worker = pipeline.Workers.Process(stage);
            var before = await FaultPipeline.WaitForAsync($"{stage}'s /metrics", () => pipeline.ProgressAsync(stage), p => p is not null);
            worker.Signal("STOP");
            try
            {
                await pipeline.PublishAsync(source, 0, half);
                await FaultPipeline.WaitForAsync($"a backlog in {pipeline.InputQueue(stage)}", () => pipeline.ReadyAsync(pipeline.InputQueue(stage)), ready => ready > 0);
            }
            finally
            {
                worker.Signal("CONT");
            }

            await FaultPipeline.WaitForAsync($"{stage} to finish something", () => pipeline.ProgressAsync(stage), p => p > before, pipeline.Transcripts);
        }
        else
        {
            await pipeline.PublishAsync(source, 0, half);
            await FaultPipeline.WaitForAsync("the first article indexed", () => pipeline.IndexedAsync(source), c => c > 0, pipeline.Transcripts);
        }

        await scenario.Inject();
        if (!scenario.BrokerDown)
        {
            await pipeline.PublishAsync(source, half, n - half);   // while the stage is away or the connections are cut
        }

        await scenario.Restore();
        var restored = clock.Elapsed;
        var indexedAtRestore = await pipeline.IndexedAsync(source) ?? 0;
        if (scenario.BrokerDown)
        {
            await pipeline.PublishAsync(source, half, n - half);
        }

        // Recovered: every worker ready again and work done after the fault's end.
        await pipeline.WaitUntilAllReadyAsync();
        if (scenario.InterruptedStage is { } restarted)
        {
            await FaultPipeline.WaitForAsync($"the new {restarted} to finish something", () => pipeline.ProgressAsync(restarted), p => p > 0, pipeline.Transcripts);
        }
        else
        {
            await FaultPipeline.WaitForAsync("an article indexed after the fault", () => pipeline.IndexedAsync(source), c => c > indexedAtRestore, pipeline.Transcripts);
        }

        var recovery = clock.Elapsed - restored;

        // Every article, once: the index reaches N (never more), then nothing is left waiting in any queue.
        await FaultPipeline.WaitForAsync($"{n} documents of {source}", () => pipeline.IndexedAsync(source), c => c >= n, pipeline.Transcripts);
        foreach (var queue in pipeline.InputQueues)
        {
            await FaultPipeline.WaitForAsync($"{queue} to drain", () => pipeline.ReadyAsync(queue), ready => ready == 0, pipeline.Transcripts);
        }

        var documents = await pipeline.IndexedAsync(source) ?? -1;
        var ids = await pipeline.IndexedArticleIdsAsync(source, documents);
        var duplicates = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
        long parked = 0;
        foreach (var queue in pipeline.ParkingQueues)
        {
            parked += await pipeline.ReadyAsync(queue);
        }

        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {scenario.Name} | {n} | {documents} | {duplicates} | {parked} | {recovery.TotalSeconds:0.0} s | {clock.Elapsed.TotalSeconds:0} s |");
        TestContext.Current.TestOutputHelper?.WriteLine(row);
        if (Environment.GetEnvironmentVariable(FaultPipeline.ReportVariable) is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, row + Environment.NewLine, TestContext.Current.CancellationToken);
        }

        Assert.True(documents == n, $"{scenario.Name}: {documents} documents for {n} articles.");
        Assert.Equal(documents, ids.Count);
        Assert.True(duplicates == 0, $"{scenario.Name}: {duplicates} duplicate documents.");
        Assert.True(parked == 0, $"{scenario.Name}: {parked} messages parked in {string.Join(", ", pipeline.ParkingQueues)}.");
        foreach (var (name, worker) in survivors)
        {
            Assert.Same(worker, pipeline.Workers.Process(name));
            Assert.False(worker.HasExited, $"{name} exited during '{scenario.Name}'.\n{worker.Transcript}");
        }
    }

    private sealed record Scenario(string Name)
    {
        /// <summary>The stage the fault takes away and that is started again (null: the broker or the network fails).</summary>
        public string? InterruptedStage { get; init; }

        public required Func<Task> Inject { get; init; }

        public required Func<Task> Restore { get; init; }

        /// <summary>Nothing can be published until <see cref="Restore"/>.</summary>
        public bool BrokerDown { get; init; }
    }
}
