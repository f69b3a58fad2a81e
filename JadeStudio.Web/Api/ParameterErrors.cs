using System.Globalization;
using Microsoft.AspNetCore.Http.Metadata;

namespace JadeStudio.Web.Api;

/// <summary>
/// Which of an address's values did not read, and the kind of value it takes ("'limit' must be a whole number …, not
/// "abc"."). The generated request delegates refuse a value that does not parse into an optional parameter
/// (<c>int? limit</c>) with an empty 400 and no exception, whatever <c>ThrowOnBadRequest</c> says, so the refused
/// value is found again here from the endpoint's own parameters, read as the delegate reads them.
/// </summary>
public static class ParameterErrors
{
    /// <summary>The first of the endpoint's route or query values that does not parse into its parameter's type; null if none.</summary>
    public static string? Describe(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint)
        {
            return null;
        }
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            var value = context.Request.RouteValues.TryGetValue(parameter.Name, out var routeValue)
                ? routeValue as string
                : context.Request.Query.TryGetValue(parameter.Name, out var query) ? query.ToString() : null;
            if (string.IsNullOrEmpty(value) || Reads(type, value) is not false)
            {
                continue;
            }
            var shown = value.Length > 40 ? value[..40] + "…" : value;
            // A whole number too large for its parameter is not of another kind: say so.
            return (type == typeof(int) || type == typeof(long)) && System.Numerics.BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? $"'{parameter.Name}' is out of range: \"{shown}\"."
                : $"'{parameter.Name}' must be {JsonBodyErrors.KindOf(type.FullName!) ?? "a value of another kind"}, not \"{shown}\".";
        }
        return null;
    }

    /// <summary>Whether the value parses as the generated delegate parses it (invariant culture); null for a type no address value takes.</summary>
    private static bool? Reads(Type type, string value) => type switch
    {
        _ when type == typeof(int) => int.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(double) => double.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(value, out _),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ => null,
    };
}
