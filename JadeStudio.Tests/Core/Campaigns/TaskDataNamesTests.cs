using System.Text.Json;
using JadeStudio.Core.Campaigns;

namespace JadeStudio.Tests.Core.Campaigns;

/// <summary>An uploaded editor name whose account is hidden is removed from the task's data wherever the data is read.</summary>
public sealed class TaskDataNamesTests
{
    [Fact]
    public void A_hidden_name_is_removed_from_every_field_that_carries_it_the_other_fields_kept()
    {
        var redacted = TaskDataNames.Redact("""{"user":"Hidden One","page":"Straße <b>","editor":"Someone","n":[1,null]}""", new HashSet<string> { "Hidden One" });

        using var data = JsonDocument.Parse(redacted!);
        Assert.Equal(JsonValueKind.Null, data.RootElement.GetProperty("user").ValueKind);
        Assert.Equal(("Straße <b>", "Someone", "[1,null]"),
            (data.RootElement.GetProperty("page").GetString(), data.RootElement.GetProperty("editor").GetString(), data.RootElement.GetProperty("n").GetRawText()));
    }

    [Fact]
    public void A_field_named_twice_has_the_hidden_name_removed_in_both_places()
    {
        // Uploads stored such data as written before a name given twice was refused.
        var redacted = TaskDataNames.Redact("""{"user":"Hidden One","note":"x","user":"Hidden One"}""", new HashSet<string> { "Hidden One" });

        Assert.DoesNotContain("Hidden One", redacted, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"x\"", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hidden_name_nested_in_an_object_or_a_list_is_removed_and_found_there()
    {
        const string data = """{"meta":{"user":"Hidden One","note":"x"},"reviews":[{"editor":"Hidden One"},{"editor":"Someone"}],"user":"Someone"}""";

        var redacted = TaskDataNames.Redact(data, new HashSet<string> { "Hidden One" });

        Assert.Equal("""{"meta":{"user":null,"note":"x"},"reviews":[{"editor":null},{"editor":"Someone"}],"user":"Someone"}""", redacted);
        // Only a hidden name found in the data makes it rewritten: a nested one counts.
        Assert.Equal(data, TaskDataNames.Redact(data, new HashSet<string> { "Nobody" }));
    }

    [Fact]
    public void A_hidden_name_among_several_listed_under_an_editor_field_is_removed_from_its_place()
    {
        const string data = """{"user":["Someone","Hidden One"],"meta":{"editor":["Hidden One"]},"tags":["Hidden One"]}""";

        var redacted = TaskDataNames.Redact(data, new HashSet<string> { "Hidden One" });

        // A list under another name is not an editor's: "tags" keeps its words.
        Assert.Equal("""{"user":["Someone",null],"meta":{"editor":[null]},"tags":["Hidden One"]}""", redacted);
    }
}
