using Microsoft.Extensions.Configuration;

namespace Pipeline.Messaging;

/// <summary>Reading a section at registration time without failing there.</summary>
public static class OptionsReading
{
    /// <summary>
    /// The section bound to <typeparamref name="T"/>, or the defaults when a value cannot be converted: the same
    /// section is bound and validated again when the host starts, which reports the key at fault (exit code 1) instead
    /// of an exception thrown while the host is still being composed.
    /// </summary>
    public static T GetOrDefault<T>(this IConfigurationSection section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(section);
        try
        {
            return section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }
}
