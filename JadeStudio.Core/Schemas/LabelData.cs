using System.Globalization;
using System.Text;
using System.Text.Json;
using JadeStudio.Core.Commands;

namespace JadeStudio.Core.Schemas;

/// <summary>
/// A proposal's answers for one facet, e.g. <c>{"damaging":false,"goodfaith":true}</c>. Stored in a
/// canonical form (facet's schema order, canonical JSON tokens) so "the same labels" is string
/// equality and the (artifact, facet, labeldata) uniqueness holds in the database too.
/// </summary>
public static class LabelData
{
    /// <summary>Validates answers against a facet on a wiki; returns the canonical JSON or the exact problem.</summary>
    public static Result<string> Validate(Facet facet, string wiki, JsonElement labelData)
    {
        if (labelData.ValueKind != JsonValueKind.Object)
        {
            return new JadeError.InvalidLabelData(null, LabelDataProblem.NotAnObject);
        }
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in labelData.EnumerateObject())
        {
            if (!given.TryAdd(property.Name, property.Value))
            {
                return new JadeError.InvalidLabelData(property.Name, LabelDataProblem.DuplicateField);
            }
            if (facet.Schemas.All(s => s.Id != property.Name))
            {
                return new JadeError.InvalidLabelData(property.Name, LabelDataProblem.UnknownField);
            }
        }

        var tokens = new List<(string Schema, string Token)>();
        foreach (var schema in facet.Schemas)
        {
            if (!given.TryGetValue(schema.Id, out var value))
            {
                return new JadeError.InvalidLabelData(schema.Id, LabelDataProblem.MissingField);
            }
            var allowed = schema.ValuesFor(wiki);
            var token = Token(value);
            if (token is null || allowed.All(a => !SameJsonType(a.JsonKind, value.ValueKind)))
            {
                return new JadeError.InvalidLabelData(schema.Id, LabelDataProblem.WrongType);
            }
            if (allowed.All(a => a.Token != token))
            {
                return new JadeError.InvalidLabelData(schema.Id, LabelDataProblem.OutOfRange);
            }
            tokens.Add((schema.Id, token));
        }
        return Canonical(tokens);
    }

    /// <summary>Validates label data given as JSON text.</summary>
    public static Result<string> Validate(Facet facet, string wiki, string labelDataJson)
    {
        try
        {
            using var document = JsonDocument.Parse(labelDataJson);
            return Validate(facet, wiki, document.RootElement);
        }
        catch (JsonException)
        {
            return new JadeError.InvalidLabelData(null, LabelDataProblem.NotAnObject);
        }
    }

    /// <summary>The answers of stored (canonical) label data, in facet order.</summary>
    public static IReadOnlyList<(Schema Schema, SchemaValue Value)> Read(Facet facet, string wiki, string canonical)
    {
        using var document = JsonDocument.Parse(canonical);
        var answers = new List<(Schema, SchemaValue)>();
        foreach (var schema in facet.Schemas)
        {
            if (document.RootElement.TryGetProperty(schema.Id, out var value) && Token(value) is { } token &&
                schema.ValuesFor(wiki).FirstOrDefault(v => v.Token == token) is { } known)
            {
                answers.Add((schema, known));
            }
        }
        return answers;
    }

    /// <summary>Builds canonical label data from chosen values (e.g. from a form).</summary>
    public static string Canonical(IEnumerable<(string Schema, string Token)> answers)
    {
        var builder = new StringBuilder("{");
        var first = true;
        foreach (var (schema, token) in answers)
        {
            if (!first)
            {
                builder.Append(',');
            }
            first = false;
            builder.Append(JsonSerializer.Serialize(schema)).Append(':').Append(token);
        }
        return builder.Append('}').ToString();
    }

    /// <summary>The canonical JSON token of a scalar answer; null for anything else (objects, fractions…).</summary>
    public static string? Token(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        _ => null,
    };

    private static bool SameJsonType(JsonValueKind allowed, JsonValueKind given) =>
        allowed == given || (allowed is JsonValueKind.True or JsonValueKind.False && given is JsonValueKind.True or JsonValueKind.False);
}
