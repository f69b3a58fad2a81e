using System.Text.Json;

namespace JadeStudio.Core.Campaigns;

/// <summary>What an upload gave a task (its data, a JSON object), as the labeling page shows it.</summary>
public static class TaskData
{
    /// <summary>Fields that carry the texts a task is judged on: shown as the diff or the version, not among the fields.</summary>
    private static readonly HashSet<string> TextFields = ["before", "after", "old_text", "new_text", "text"];

    /// <summary>Fields that say who made the edit and when: left out when the campaign hides the editor.</summary>
    private static readonly HashSet<string> EditorFields = ["user", "user_text", "username", "editor", "timestamp", "rev_timestamp"];

    /// <summary>
    /// The task's texts (<c>before</c>/<c>after</c>, or <c>old_text</c>/<c>new_text</c>, and a version's <c>text</c>) and
    /// its other fields in the upload's order: a string as its text, null as null, an object as its fields named
    /// <c>outer.inner</c> (as Wiki Labels' <c>autolabel</c> holds <c>needs_review</c> and <c>review_reason</c>), a list of
    /// plain values as one line, a list of objects or lists as its items numbered from 1 (<c>reviews.1.user</c>), any other
    /// value as its JSON. A name given twice (stored by uploads before such lines were refused) has its last value.
    /// </summary>
    public static TaskContent Read(string? data, bool hideEditor)
    {
        var fields = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
        if (data is not null)
        {
            using var document = JsonDocument.Parse(data);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                Add(fields, property.Name, property.Value);
            }
        }
        string? Field(string name) => fields.GetValueOrDefault(name);
        // Only the top level carries the texts: a nested "before" is a field like any other (its name has a dot).
        return new TaskContent(Field("before") ?? Field("old_text"), Field("after") ?? Field("new_text"), Field("text"),
            [.. fields.Where(f => !TextFields.Contains(f.Key) && !(hideEditor && EditorFields.Contains(LastName(f.Key)))).Select(f => (f.Key, f.Value))]);
    }

    /// <summary>Whether a field as <see cref="Read"/> names it (<c>meta.user</c>) holds an editor's name, at any depth.</summary>
    public static bool NamesEditor(string field) => TaskDataNames.EditorFields.Contains(LastName(field));

    private static string LastName(string field) => field[(field.LastIndexOf('.') + 1)..];

    private static void Add(OrderedDictionary<string, string?> fields, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any())
        {
            foreach (var inner in value.EnumerateObject())
            {
                Add(fields, name + "." + inner.Name, inner.Value);
            }
            return;
        }
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
        {
            // A list of plain values reads as one line ("mw-reverted, mobile edit"); a list holding objects or lists
            // has its items numbered from 1 (reviews.1.user), as an object's fields are named.
            if (value.EnumerateArray().All(item => item.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)))
            {
                fields[name] = string.Join(", ", value.EnumerateArray().Select(item => Plain(item) ?? "null"));
                return;
            }
            var number = 0;
            foreach (var item in value.EnumerateArray())
            {
                Add(fields, name + "." + (++number).ToString(System.Globalization.CultureInfo.InvariantCulture), item);
            }
            return;
        }
        fields[name] = Plain(value);
    }

    /// <summary>A string as its text, null as null, anything else (a number, true, an empty object or list) as its JSON.</summary>
    private static string? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}

/// <param name="Before">The text before the edit, when the upload carries it.</param>
/// <param name="After">The text after the edit, when the upload carries it.</param>
/// <param name="Text">A version's text, when the upload carries it.</param>
/// <param name="Fields">The other fields, by name; a value null where the upload (or a hidden editor's name) has null.</param>
public sealed record TaskContent(string? Before, string? After, string? Text, IReadOnlyList<(string Name, string? Value)> Fields);
