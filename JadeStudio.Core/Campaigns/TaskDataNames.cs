using System.Collections.Frozen;
using System.Text.Json;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Campaigns;

/// <summary>
/// Fields of an uploaded task that name the edit's author (Wiki Labels' task data). A name whose JadeStudio account
/// is hidden (hideuser) is hidden there too for every reader without <c>viewsuppressed</c>: it is the same name,
/// carried by another object. The field stays, with the value null. Editor fields are looked for at every depth (an
/// upload may nest them, e.g. <c>{"meta": {"user": …}}</c>, and the labeling view shows nested fields one by one), and
/// one may list several names (<c>{"user": ["A", "B"]}</c>): each hidden one becomes null in its place.
/// </summary>
public static class TaskDataNames
{
    public static readonly FrozenSet<string> EditorFields = new[] { "user", "user_text", "username", "editor" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The hidden account names among the editor fields of these task data, as <paramref name="viewerRights"/> may not see them.</summary>
    public static Task<IReadOnlySet<string>> HiddenAmongAsync(JadeDbContext db, IEnumerable<string?> data, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken) =>
        HiddenAccounts.AmongAsync(db, data.SelectMany(Names), viewerRights, cancellationToken);

    /// <summary>The task data with every editor field naming a hidden account set to null (unchanged when none does).</summary>
    public static string? Redact(string? data, IReadOnlySet<string> hidden)
    {
        if (data is null || hidden.Count == 0 || !Names(data).Any(hidden.Contains))
        {
            return data;
        }
        // Field by field, as stored: a name given twice (stored by uploads before such lines were refused) is redacted in
        // both places.
        using var document = JsonDocument.Parse(data);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(data.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, document.RootElement, hidden);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, JsonElement value, IReadOnlySet<string> hidden)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    json.WritePropertyName(property.Name);
                    if (IsEditorName(property) && hidden.Contains(property.Value.GetString()!))
                    {
                        json.WriteNullValue();
                    }
                    else if (IsEditorList(property))
                    {
                        // Names listed under an editor field ("user": ["A", "B"]): each hidden one removed from its place.
                        json.WriteStartArray();
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            if (item.ValueKind == JsonValueKind.String && hidden.Contains(item.GetString()!))
                            {
                                json.WriteNullValue();
                            }
                            else
                            {
                                Write(json, item, hidden);
                            }
                        }
                        json.WriteEndArray();
                    }
                    else
                    {
                        Write(json, property.Value, hidden);
                    }
                }
                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(json, item, hidden);
                }
                json.WriteEndArray();
                break;
            default:
                value.WriteTo(json);
                break;
        }
    }

    private static bool IsEditorName(JsonProperty property) => EditorFields.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.String;

    private static bool IsEditorList(JsonProperty property) => EditorFields.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Array;

    private static IEnumerable<string> Names(string? data)
    {
        if (data is null)
        {
            return [];
        }
        using var document = JsonDocument.Parse(data);
        var names = new List<string>();
        Collect(document.RootElement, names);
        return names;
    }

    private static void Collect(JsonElement value, List<string> names)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                Collect(item, names);
            }
        }
        else if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (IsEditorName(property))
                {
                    names.Add(property.Value.GetString()!);
                }
                else
                {
                    if (IsEditorList(property))
                    {
                        names.AddRange(property.Value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
                    }
                    Collect(property.Value, names);
                }
            }
        }
    }
}
