using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TodoGrains.Hosting;

/// <summary>
/// The one way an options class is read: bound from its configuration section and checked against its data
/// annotations when the host starts, whether a service asks for it later (<see cref="AddTodoOptions{T}"/>) or the
/// host needs it while it is still being built (<see cref="GetTodoOptions{T}"/>). A bad setting stops the start
/// with a message naming it, instead of surfacing on the first request that reads it.
/// </summary>
public static class TodoOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, validated at start-up.</summary>
    public static OptionsBuilder<T> AddTodoOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>The options of <paramref name="section"/> now, checked the same way; throws <see cref="OptionsValidationException"/>.</summary>
    public static T GetTodoOptions<T>(this IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T), results.Select(r =>
                $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        return options;
    }
}
