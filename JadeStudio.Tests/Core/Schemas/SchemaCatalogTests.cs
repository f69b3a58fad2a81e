using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Schemas;

namespace JadeStudio.Tests.Core.Schemas;

public class SchemaCatalogTests
{
    private static readonly SchemaCatalog Catalog = SchemaCatalog.LoadEmbedded();

    [Fact]
    public void The_four_schemas_load_from_their_data_files() =>
        Assert.Equal(["contentquality", "damaging", "goodfaith", "itemquality"], Catalog.Schemas.Select(s => s.Id).Order());

    [Fact]
    public void Editquality_groups_damaging_and_goodfaith_for_diffs()
    {
        var facet = Catalog.FindFacet("editquality")!;

        Assert.Equal(ArtifactType.Diff, facet.EntityType);
        Assert.Equal(["damaging", "goodfaith"], facet.Schemas.Select(s => s.Id));
    }

    [Fact]
    public void Content_quality_runs_from_stub_to_featured()
    {
        var schema = Catalog.FindSchema("contentquality")!;

        Assert.Equal(SchemaKind.Ordinal, schema.Kind);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], schema.Values.Select(v => v.Token));
        Assert.Equal(["\"E\"", "\"D\"", "\"C\"", "\"B\"", "\"A\""], schema.ValuesFor("nlwiki").Select(v => v.Token));
    }

    [Fact]
    public void Every_value_has_a_message_in_English()
    {
        var english = JadeStudio.Core.I18n.MessageCatalog.LoadDirectory(Support.RepositoryPaths.I18n);
        var keys = Catalog.Schemas.SelectMany(s => s.Values.Concat(s.WikiValues.Values.SelectMany(v => v)).Select(v => v.MessageKey).Append(s.MessageKey))
            .Concat(Catalog.Facets.Select(f => f.MessageKey));

        Assert.All(keys, key => Assert.True(english.Exists(key), $"{key} is missing from en.json"));
    }
}
