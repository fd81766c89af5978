using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Messaging;

/// <summary>
/// Work a stage does once before its first message (loading models, word lists, gazetteers). It runs in the background
/// from the host's start, so it never delays the bus: the stage's queue is declared and bound at once and nothing
/// published meanwhile is lost. Until it ends, readiness answers 503 (<see cref="WarmupHealthCheck"/>), and a message
/// that arrives waits for it in <see cref="DispatchBudgetFilter{T}"/> before its per-dispatch budget starts, so no
/// message is charged for loading. A warm-up that fails is logged; the first message then loads what it needs.
/// </summary>
public abstract partial class StageWarmup(ILogger? logger = null) : IHostedService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _started;

    /// <summary>Ends when the warm-up has ended (successfully or not); never faults.</summary>
    public Task Completion => _done.Task;

    /// <summary>The warm-up itself (on the thread pool).</summary>
    protected abstract void Warm(CancellationToken cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return Task.CompletedTask;   // started already (a test harness warms its stages before the bus starts)
        }

        _ = Task.Run(() =>
        {
            try
            {
                Warm(cancellationToken);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                WarmupFailed(_logger, GetType().Name, ex);
            }
            finally
            {
                _done.TrySetResult();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _done.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Waits for every warm-up of the process (none: returns at once).</summary>
    internal static Task WhenAllWarm(IEnumerable<StageWarmup> warmups, CancellationToken cancellationToken)
    {
        var pending = warmups.Where(w => !w.Completion.IsCompleted).Select(w => w.Completion).ToList();
        return pending.Count == 0 ? Task.CompletedTask : Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The warm-up {Warmup} failed; the first message loads what it needs")]
    private static partial void WarmupFailed(ILogger logger, string warmup, Exception exception);
}

/// <summary>Registering a <see cref="StageWarmup"/>.</summary>
public static class StageWarmupExtensions
{
    /// <summary>Runs <typeparamref name="T"/> from the host's start; the budget filter and readiness wait for it.</summary>
    public static IServiceCollection AddStageWarmup<T>(this IServiceCollection services)
        where T : StageWarmup
    {
        services.TryAddSingleton<T>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<StageWarmup, T>(sp => sp.GetRequiredService<T>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, T>(sp => sp.GetRequiredService<T>()));
        return services;
    }
}

/// <summary>Readiness: 503 until every <see cref="StageWarmup"/> of the process has ended.</summary>
public sealed class WarmupHealthCheck(IEnumerable<StageWarmup> warmups) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmups.All(w => w.Completion.IsCompleted)
            ? HealthCheckResult.Healthy("warmed up")
            : HealthCheckResult.Unhealthy("still warming up (loading models)"));
}
