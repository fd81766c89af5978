using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Messaging;

/// <summary>A stage's consumer of <see cref="Message"/>, as the stage declared it (see <see cref="StageConsumers.AddStageConsumer"/>).</summary>
public sealed record StageConsumer(Type Message, string Stage);

/// <summary>How a stage registers its consumer under its own name, so bus-wide filters know whose message they see.</summary>
public static class StageConsumers
{
    /// <summary>
    /// Adds <typeparamref name="TConsumer"/> (queue named by the bus's formatter, e.g. <c>normalizer</c>) and records
    /// that <paramref name="stage"/> consumes <typeparamref name="TMessage"/>: a <c>DispatchRejected</c> raised while
    /// consuming it carries that stage's name.
    /// </summary>
    public static IConsumerRegistrationConfigurator<TConsumer> AddStageConsumer<TConsumer, TMessage>(this IBusRegistrationConfigurator bus, string stage)
        where TConsumer : class, IConsumer<TMessage>
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        bus.AddSingleton(new StageConsumer(typeof(TMessage), stage));
        return bus.AddConsumer<TConsumer>();
    }

    /// <summary>The stage that declared it consumes <paramref name="message"/>, or null.</summary>
    public static string? StageOf(this IEnumerable<StageConsumer> stages, Type message) =>
        stages.FirstOrDefault(s => s.Message == message)?.Stage;
}
