using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Messaging;

/// <summary>Reading a section at registration time without failing there.</summary>
public static class OptionsReading
{
    /// <summary>
    /// The section bound to <typeparamref name="T"/> for registration-time choices, or the defaults when a value cannot
    /// be converted or a validator rejects it. The same section is bound and validated again before the host starts
    /// (<c>WorkerHost.RunWorker</c>, or the host's own start), which names the key at fault and stops; composing the
    /// host with the defaults meanwhile keeps an invalid value from throwing while the host is still being built.
    /// </summary>
    public static T GetOrDefault<T>(this IConfigurationSection section, params IValidateOptions<T>[] validators)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(validators);
        T options;
        try
        {
            options = section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }

        return validators.Any(v => v.Validate(Options.DefaultName, options).Failed) ? new T() : options;
    }
}
