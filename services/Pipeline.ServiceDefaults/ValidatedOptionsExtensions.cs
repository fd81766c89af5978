using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// The one way a stage registers its options: bound to a configuration section, checked by the options' source-generated
/// <c>[OptionsValidator]</c> (and any further validators), validated when the host starts.
/// </summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the section <paramref name="sectionName"/> of the host's configuration,
    /// validates it with <typeparamref name="TValidator"/> and on start.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IHostApplicationBuilder builder, string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        return builder.Services.AddValidatedOptions<TOptions, TValidator>(builder.Configuration.GetSection(sectionName));
    }

    /// <summary>
    /// The same on a bare service collection: binds <paramref name="section"/> when given (else the options keep their
    /// defaults or what the caller configures), validates with <typeparamref name="TValidator"/> and on start.
    /// Calling it again adds the binding again but never a second validator.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration? section = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }

        return options.WithValidator<TOptions, TValidator>().ValidateOnStart();
    }

    /// <summary>A further validator (rules the data annotations cannot say), registered once.</summary>
    public static OptionsBuilder<TOptions> WithValidator<TOptions, TValidator>(this OptionsBuilder<TOptions> options)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return options;
    }
}
