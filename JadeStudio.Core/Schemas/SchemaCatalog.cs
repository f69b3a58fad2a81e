using System.Reflection;
using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.Schemas;

/// <summary>The schemas and facets from the data files in Schemas/Definitions (embedded in Core).</summary>
public sealed class SchemaCatalog
{
    private readonly Dictionary<string, Schema> _schemas;
    private readonly Dictionary<string, Facet> _facets;

    private SchemaCatalog(Dictionary<string, Schema> schemas, Dictionary<string, Facet> facets)
    {
        _schemas = schemas;
        _facets = facets;
    }

    public IReadOnlyCollection<Schema> Schemas => _schemas.Values;

    public IReadOnlyCollection<Facet> Facets => _facets.Values;

    public Facet? FindFacet(string id) => _facets.GetValueOrDefault(id);

    public Schema? FindSchema(string id) => _schemas.GetValueOrDefault(id);

    /// <summary>The facets configured for a wiki that apply to an artifact type.</summary>
    public IReadOnlyList<Facet> FacetsFor(Wiki wiki, ArtifactType type) =>
        wiki.Facets.Select(FindFacet).OfType<Facet>().Where(f => f.EntityType == type).ToList();

    public static SchemaCatalog LoadEmbedded()
    {
        var assembly = typeof(SchemaCatalog).Assembly;
        var resources = assembly.GetManifestResourceNames().Where(n => n.Contains(".Schemas.Definitions.", StringComparison.Ordinal)).ToList();
        var schemas = new Dictionary<string, Schema>(StringComparer.Ordinal);
        foreach (var name in resources.Where(n => !n.EndsWith("facets.json", StringComparison.Ordinal)))
        {
            using var document = JsonDocument.Parse(Read(assembly, name));
            var schema = ParseSchema(document.RootElement);
            // Several versions may ship; the highest is the one in force.
            if (!schemas.TryGetValue(schema.Id, out var existing) || existing.Version < schema.Version)
            {
                schemas[schema.Id] = schema;
            }
        }

        var facets = new Dictionary<string, Facet>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(Read(assembly, resources.Single(n => n.EndsWith("facets.json", StringComparison.Ordinal)))))
        {
            foreach (var facet in document.RootElement.GetProperty("facets").EnumerateArray())
            {
                var id = facet.GetProperty("id").GetString()!;
                if (!ArtifactKey.TryParseType(facet.GetProperty("entityType").GetString()!, out var type))
                {
                    throw new InvalidDataException($"Facet '{id}' has an unknown entity type.");
                }
                var members = facet.GetProperty("schemas").EnumerateArray()
                    .Select(s => schemas.GetValueOrDefault(s.GetString()!) ?? throw new InvalidDataException($"Facet '{id}' names unknown schema '{s.GetString()}'."))
                    .ToList();
                if (members.Any(schema => !schema.EntityTypes.Contains(type)))
                {
                    throw new InvalidDataException($"Facet '{id}' holds a schema that does not apply to {type}.");
                }
                facets[id] = new Facet(id, type, members, facet.GetProperty("message").GetString()!);
            }
        }
        return new SchemaCatalog(schemas, facets);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Schema ParseSchema(JsonElement root)
    {
        var id = root.GetProperty("id").GetString()!;
        var kind = root.GetProperty("kind").GetString() switch
        {
            "boolean" => SchemaKind.Boolean,
            "ordinal" => SchemaKind.Ordinal,
            "enum" => SchemaKind.Enum,
            var other => throw new InvalidDataException($"Schema '{id}' has unknown kind '{other}'."),
        };
        var types = root.GetProperty("entityTypes").EnumerateArray()
            .Select(t => ArtifactKey.TryParseType(t.GetString()!, out var type) ? type : throw new InvalidDataException($"Schema '{id}' has unknown entity type."))
            .ToHashSet();
        var wikiValues = new Dictionary<string, IReadOnlyList<SchemaValue>>(StringComparer.Ordinal);
        if (root.TryGetProperty("wikiValues", out var perWiki))
        {
            foreach (var wiki in perWiki.EnumerateObject())
            {
                wikiValues[wiki.Name] = ParseValues(wiki.Value);
            }
        }
        return new Schema(id, root.GetProperty("version").GetInt32(), kind, types, root.GetProperty("message").GetString()!,
            ParseValues(root.GetProperty("values")), wikiValues);
    }

    private static List<SchemaValue> ParseValues(JsonElement values) =>
        values.EnumerateArray()
            .Select(v => new SchemaValue(LabelData.Token(v.GetProperty("value")) ?? throw new InvalidDataException("A schema value must be a boolean, an integer or a string."),
                v.GetProperty("value").ValueKind, v.GetProperty("message").GetString()!))
            .ToList();
}
