using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using JadeStudio.Core.Settings;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Reads a configuration section into its options class and checks it before anything runs. A value the binder
/// cannot convert ("abc" for a number) crashed the start with a stack trace, and one outside what the app can run with
/// (a body limit of 0, a negative rate window) was taken without a word; both now refuse the start with the setting's
/// name and what it takes (<see cref="StartupRefusal"/>). What each takes is its options class's validation attributes
/// (<see cref="RangeAttribute"/>, <see cref="AllowedValuesAttribute"/>, a cron schedule's), checked in nested options
/// too (e.g. <c>JadeStudio:Dumps:Query</c>).
/// </summary>
public static class Settings
{
    public static T ReadSettings<T>(this IConfiguration configuration, string section) where T : class, new()
    {
        T value;
        try
        {
            value = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException unreadable) when (unreadable.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // "Failed to convert configuration value 'abc' at 'JadeStudio:Api:WritesPerWindow' to type 'System.Int32'."
            throw new InvalidSettingException(unreadable.Message);
        }
        Check(value, section);
        return value;
    }

    private static void Check(object options, string section)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var value = property.GetValue(options);
            if (property.GetCustomAttributes<ValidationAttribute>().FirstOrDefault(attribute => !attribute.IsValid(value)) is { } broken)
            {
                var advice = broken is RangeAttribute range
                    ? string.Format(CultureInfo.InvariantCulture, "give a value from {0} to {1}", range.Minimum, range.Maximum)
                    : broken.ErrorMessage;
                throw new InvalidSettingException(string.Format(CultureInfo.InvariantCulture, "The setting {0}:{1} is {2}; {3}.",
                    section, property.Name, value is null or "" ? "empty" : value, advice));
            }
            if (value is not null && property.PropertyType.Namespace?.StartsWith("JadeStudio.", StringComparison.Ordinal) == true && property.PropertyType.IsClass)
            {
                Check(value, section + ":" + property.Name);
            }
        }
    }
}
