using System.Text.Json;
using System.Text.RegularExpressions;

namespace JadeStudio.Web.Api;

/// <summary>
/// Why a request body did not read, in the caller's terms: the field (its JSON path) and the kind of value it takes,
/// never the server's type names ("System.Nullable`1[System.DateTimeOffset]", "JadeStudio.Web.Api.BlockBody").
/// System.Text.Json says which rule a body broke only in its message, so the message's known shapes are read here;
/// any other message (the reader's own: a character where a value should start) is kept, its type names removed.
/// </summary>
public static partial class JsonBodyErrors
{
    public static string Describe(JsonException exception)
    {
        var field = FieldOf(exception.Path);
        var message = exception.Message;
        if (NotConverted().Match(message) is { Success: true } conversion)
        {
            // A field's own kind, or (a text the reader cannot decode, such as a lone surrogate) the kind of the object holding it.
            return (field, KindOf(conversion.Groups["type"].Value)) switch
            {
                (null, _) => "The body must be a JSON object.",
                (_, { } kind) => $"'{field}' must be {kind}.",
                (_, null) => $"'{field}' holds a value that cannot be read.",
            };
        }
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "The body is empty: send a JSON object.";
        }
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            return $"'{field ?? unmapped.Groups["name"].Value}' is not a field of this request.";
        }
        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return $"Required but missing: {missing.Groups["names"].Value.TrimEnd('.')}.";
        }
        if (NullNotAllowed().Match(message) is { Success: true } isNull)
        {
            return $"'{isNull.Groups["name"].Value}' must not be null.";
        }
        var text = TypeNames().Replace(PathSuffix().Replace(message, ""), "").Trim();
        return field is null ? $"Malformed request body: {text}" : $"Malformed request body at '{field}': {text}";
    }

    /// <summary>"$.expiry" → "expiry", "$.words[3]" → "words[3]"; the body itself ("$") or no path → null.</summary>
    private static string? FieldOf(string? path) => path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The kind of value a .NET type takes, as a caller writes it (in JSON, or in an address: <see cref="ParameterErrors"/>); null for a body's own type.</summary>
    internal static string? KindOf(string type) => Unwrap(type) switch
    {
        "System.String" => "a text",
        "System.Boolean" => "true or false",
        "System.Int16" or "System.Int32" or "System.Int64" => "a whole number",
        "System.Single" or "System.Double" or "System.Decimal" => "a number",
        "System.DateTimeOffset" or "System.DateTime" => "a date and time (ISO 8601, e.g. 2026-12-31T00:00:00Z)",
        var other when other.Contains("List", StringComparison.Ordinal) || other.EndsWith("[]", StringComparison.Ordinal) => "a list",
        _ => null,
    };

    private static string Unwrap(string type) => type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? type["System.Nullable`1[".Length..^1] : type;

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+?)\.(?: Path:|$)")]
    private static partial Regex NotConverted();

    [GeneratedRegex(@"^The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"was missing required properties including: (?<names>.+)$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"^The (?:property or field|constructor parameter) '(?<name>[^']*)' on type '[^']*' doesn't allow")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@" ?Path: .*$")]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@" (?:on|of|for|in|contained in) type '[^']*'|\b(?:System|JadeStudio|Microsoft)\.[\w.`\[\]+]+")]
    private static partial Regex TypeNames();
}
