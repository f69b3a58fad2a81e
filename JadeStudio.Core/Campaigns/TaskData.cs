using System.Text.Json;

namespace JadeStudio.Core.Campaigns;

/// <summary>The fields an upload gave a task (its data, a JSON object), as a page shows them.</summary>
public static class TaskData
{
    /// <summary>
    /// Each field by name, in the upload's order: a string as its text, null as null, any other value as its JSON. A name
    /// given twice (stored by uploads before such lines were refused) has its last value.
    /// </summary>
    public static OrderedDictionary<string, string?> Fields(string? data)
    {
        var fields = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
        if (data is null)
        {
            return fields;
        }
        using var document = JsonDocument.Parse(data);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }
        return fields;
    }
}
