using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Contracts.Dispatches;
using Pipeline.Fetcher.Amqp;
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

    /// <summary>
    /// Poison among the articles, over the four real workers: bodies no stage can take — a raw message without its source
    /// header, a feed without items, bodies that are no envelope on each consumer stage's queue — end parked in that
    /// stage's <c>_error</c> queue, each once and announced once (a permanent failure is not retried: its first
    /// delivery parks it), none in <c>_skipped</c>, while every article published before and after them is indexed
    /// exactly once by the same worker processes.
    /// </summary>
    [Fact]
    public async Task PoisonMessages_AmongTheArticles_AreParkedOnTheirFirstDelivery_WhileEveryArticleIsIndexedExactlyOnce()
    {
        var n = pipeline.Articles;
        var half = n / 2;
        var source = "poison-" + Guid.NewGuid().ToString("N")[..8];
        var workers = PipelineWorkers.Stages.ToDictionary(s => s, pipeline.Workers.Process, StringComparer.Ordinal);
        var foreign = "{\"event\":\"order.created\",\"orderId\":42}";
        var poison = new Poison[]
        {
            new(RawIngest.ExchangeName(pipeline.Prefix), null, "application/rss+xml", pipeline.Corpus.Rss(source, n, 1), RawIngest.ErrorQueueName(pipeline.Prefix), "Fetcher", RejectionReasons.InvalidMessage),
            new(RawIngest.ExchangeName(pipeline.Prefix), source, "application/rss+xml", "<rss version=\"2.0\"><channel><title>No items</title></channel></rss>", pipeline.InputQueue("Normalizer") + "_error", "Normalizer", RejectionReasons.NoContent),
            new(pipeline.InputQueue("Normalizer"), null, "text/plain", "BREAKING: a wire dispatch in plain text, not an envelope", pipeline.InputQueue("Normalizer") + "_error", "Normalizer", RejectionReasons.InvalidMessage),
            new(pipeline.InputQueue("Enricher"), null, "application/json", foreign, pipeline.InputQueue("Enricher") + "_error", "Enricher", RejectionReasons.InvalidMessage),
            new(pipeline.InputQueue("Indexer"), null, "application/json", foreign, pipeline.InputQueue("Indexer") + "_error", "Indexer", RejectionReasons.InvalidMessage),
        };
        var parkedBefore = await pipeline.ParkedAsync();   // what a failed scenario before may have left

        var announcedBefore = new Dictionary<Poison, double>();
        foreach (var p in poison)
        {
            announcedBefore[p] = await pipeline.RejectionsAsync(p.Stage, p.Reason) ?? throw new InvalidOperationException($"{p.Stage}'s /metrics does not answer.");
        }

        await pipeline.PublishAsync(source, 0, half);
        foreach (var p in poison)
        {
            var headers = new Dictionary<string, object?>();
            if (p.Source is not null)
            {
                headers[RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(p.Source);
            }

            await RabbitMqQueues.PublishRawAsync(pipeline.Node.Uri, p.Exchange, Encoding.UTF8.GetBytes(p.Body), headers, p.ContentType);
        }

        await pipeline.PublishAsync(source, half, n - half);

        // The rest flows: every article, once, and nothing left waiting.
        await pipeline.WaitForAsync($"{n} documents of {source}", () => pipeline.IndexedAsync(source), c => c >= n, pipeline.Transcripts);
        foreach (var queue in pipeline.InputQueues)
        {
            await pipeline.WaitForAsync($"{queue} to drain", () => pipeline.ReadyAsync(queue), ready => ready == 0, pipeline.Transcripts);
        }

        // The poison: parked where it was refused, each once.
        foreach (var (queue, count) in poison.GroupBy(p => p.ParkedIn).Select(g => (g.Key, g.LongCount())))
        {
            await pipeline.WaitForAsync($"{count} parked in {queue}", () => pipeline.ReadyAsync(queue), ready => ready >= parkedBefore[queue] + count, pipeline.Transcripts);
        }

        var documents = await pipeline.IndexedAsync(source) ?? -1;
        var ids = await pipeline.IndexedArticleIdsAsync(source, documents);
        Assert.True(documents == n, $"{documents} documents for {n} articles.");
        Assert.Equal(n, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var queue in pipeline.ParkingQueues)
        {
            var expected = parkedBefore[queue] + poison.Count(p => p.ParkedIn == queue);
            Assert.True(await pipeline.ReadyAsync(queue) == expected, $"{queue}: {await pipeline.ReadyAsync(queue)} parked, {expected} expected.");
        }

        // Announced once each, with its stage and reason (a retried permanent failure would be announced again).
        foreach (var group in poison.GroupBy(p => (p.Stage, p.Reason)))
        {
            var expected = announcedBefore[group.First()] + group.Count();
            var announced = await pipeline.WaitForAsync($"{group.Key.Stage}'s {group.Key.Reason} rejections", () => pipeline.RejectionsAsync(group.Key.Stage, group.Key.Reason), c => c >= expected);
            Assert.True(announced == expected, $"{group.Key.Stage} announced {announced} {group.Key.Reason} rejections, {expected} expected.");
        }

        foreach (var (name, worker) in workers)
        {
            Assert.Same(worker, pipeline.Workers.Process(name));
            Assert.False(worker.HasExited, $"{name} exited while poison flowed.\n{worker.Transcript}");
        }
    }

    private async Task RunAsync(Scenario scenario)
    {
        var n = pipeline.Articles;
        var half = n / 2;
        var source = "fault-" + Guid.NewGuid().ToString("N")[..8];
        var survivors = PipelineWorkers.Stages.Where(s => s != scenario.InterruptedStage).ToDictionary(s => s, pipeline.Workers.Process, StringComparer.Ordinal);
        var parkedBefore = await pipeline.ParkedAsync();   // what a failed scenario before may have left
        var clock = Stopwatch.StartNew();

        // Mid-run: a stage that is to be interrupted is held (SIGSTOP) while the first half is published, so a backlog
        // waits beyond what it has prefetched; let go, it is interrupted as soon as it has finished something — with
        // messages in every state: prefetched, being processed, processed but not yet acknowledged.
        if (scenario.InterruptedStage is { } stage)
        {
            var worker = pipeline.Workers.Process(stage);
            var before = await pipeline.WaitForAsync($"{stage}'s /metrics", () => pipeline.ProgressAsync(stage), p => p is not null);
            worker.Signal("STOP");
            try
            {
                await pipeline.PublishAsync(source, 0, half);
                await pipeline.WaitForAsync($"a backlog in {pipeline.InputQueue(stage)}", () => pipeline.ReadyAsync(pipeline.InputQueue(stage)), ready => ready > 0);
            }
            finally
            {
                worker.Signal("CONT");
            }

            await pipeline.WaitForAsync($"{stage} to finish something", () => pipeline.ProgressAsync(stage), p => p > before, pipeline.Transcripts);
        }
        else
        {
            await pipeline.PublishAsync(source, 0, half);
            await pipeline.WaitForAsync("the first article indexed", () => pipeline.IndexedAsync(source), c => c > 0, pipeline.Transcripts);
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
            await pipeline.WaitForAsync($"the new {restarted} to finish something", () => pipeline.ProgressAsync(restarted), p => p > 0, pipeline.Transcripts);
        }
        else
        {
            await pipeline.WaitForAsync("an article indexed after the fault", () => pipeline.IndexedAsync(source), c => c > indexedAtRestore, pipeline.Transcripts);
        }

        var recovery = clock.Elapsed - restored;

        // Every article, once: the index reaches N (never more), then nothing is left waiting in any queue.
        await pipeline.WaitForAsync($"{n} documents of {source}", () => pipeline.IndexedAsync(source), c => c >= n, pipeline.Transcripts);
        foreach (var queue in pipeline.InputQueues)
        {
            await pipeline.WaitForAsync($"{queue} to drain", () => pipeline.ReadyAsync(queue), ready => ready == 0, pipeline.Transcripts);
        }

        var documents = await pipeline.IndexedAsync(source) ?? -1;
        var ids = await pipeline.IndexedArticleIdsAsync(source, documents);
        var duplicates = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
        var parked = (await pipeline.ParkedAsync()).Sum(q => q.Value - parkedBefore[q.Key]);

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

    /// <summary>A body published to <paramref name="Exchange"/> that must end in <paramref name="ParkedIn"/>, announced by <paramref name="Stage"/> with <paramref name="Reason"/>.</summary>
    private sealed record Poison(string Exchange, string? Source, string ContentType, string Body, string ParkedIn, string Stage, string Reason);

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
