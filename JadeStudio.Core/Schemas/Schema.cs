using System.Text.Json;
using JadeStudio.Core.Artifacts;

namespace JadeStudio.Core.Schemas;

public enum SchemaKind
{
    Boolean,
    Ordinal,
    Enum,
}

/// <summary>One allowed answer: its JSON value (canonical token, e.g. <c>true</c>, <c>3</c>, <c>"E"</c>) and its message key.</summary>
public sealed record SchemaValue(string Token, JsonValueKind JsonKind, string MessageKey)
{
    /// <summary>The value as a .NET object for display and export (bool, long or string).</summary>
    public object Clr => JsonKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => long.Parse(Token, System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonSerializer.Deserialize<string>(Token)!,
    };
}

/// <summary>A versioned question, e.g. "damaging" (yes/no) or "contentquality" (1–6).</summary>
public sealed record Schema(
    string Id,
    int Version,
    SchemaKind Kind,
    IReadOnlySet<ArtifactType> EntityTypes,
    string MessageKey,
    IReadOnlyList<SchemaValue> Values,
    IReadOnlyDictionary<string, IReadOnlyList<SchemaValue>> WikiValues)
{
    /// <summary>Allowed values on a wiki, ordered low to high for ordinal scales (a wiki may have its own scale).</summary>
    public IReadOnlyList<SchemaValue> ValuesFor(string wiki) => WikiValues.TryGetValue(wiki, out var own) ? own : Values;
}

/// <summary>A group of schemas judged together on one artifact type, e.g. editquality = damaging + goodfaith on diffs.</summary>
public sealed record Facet(string Id, ArtifactType EntityType, IReadOnlyList<Schema> Schemas, string MessageKey);
