using Bunit;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Campaigns;

namespace JadeStudio.Tests.Components;

/// <summary>What a labeler sees of a task: the upload's own texts when it has them, else the content from the wiki.</summary>
public sealed class TaskViewTests : IAsyncDisposable
{
    private readonly CoreHarness _core = new();

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    private static Campaign Campaign(CampaignView view) => new() { Id = 1, Wiki = "arwiki", Name = "Versions", Facet = "editquality", View = view };

    private static WorksetItem Item(long revId, string? data) => new(1, new ArtifactKey("arwiki", ArtifactType.Revision, revId), null, data, TaskState.Pending, null);

    [Fact]
    public async Task A_version_whose_upload_carries_its_text_is_shown_from_that_text_and_the_wiki_is_not_asked()
    {
        var wiki = new ScriptedWiki();
        await using var context = new ComponentContext("en", _core, wiki);
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5151, """{"text":"النيل نهر","user":"Someone"}""")).Add(x => x.Campaign, Campaign(CampaignView.Page)));

        var text = task.Find("[data-testid=task-text]");
        Assert.Equal("النيل نهر", text.TextContent);
        Assert.Equal("rtl", text.GetAttribute("dir"));
        Assert.Empty(task.FindAll("[data-testid=wiki-content]"));
        Assert.DoesNotContain("النيل نهر", task.Find("[data-testid=task-data]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_without_text_in_the_upload_shows_the_page_as_of_the_revision_from_the_wiki()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5252, null)).Add(x => x.Campaign, Campaign(CampaignView.Page)));

        task.WaitForAssertion(() => Assert.Contains("Version 5252 of the page", task.Find("[data-testid=wiki-page]").TextContent, StringComparison.Ordinal));
        Assert.Empty(task.FindAll("[data-testid=task-text]"));
    }

    [Fact]
    public async Task An_uploaded_editor_name_hidden_here_is_shown_as_removed()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5353, """{"text":"x","user":null,"note":"check"}""")).Add(x => x.Campaign, Campaign(CampaignView.Page)));

        var data = task.Find("[data-testid=task-data]").TextContent;
        Assert.Contains("(username removed)", data, StringComparison.Ordinal);
        Assert.Contains("check", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nested_object_shows_its_fields_one_by_one_a_hidden_nested_name_as_removed_and_hiding_the_editor_hides_nested_ones()
    {
        // Wiki Labels' cswiki task list nests its auto-labels: {"autolabel": {"needs_review": false, "review_reason": "trusted edits"}}.
        const string data = """{"autolabel":{"needs_review":false,"review_reason":"trusted edits"},"meta":{"user":null,"timestamp":"2016-01-01"},"tags":["mw-reverted","mobile edit",3],"reviews":[{"editor":"Ann","ok":true},["x"]],"empty":{},"none":[]}""";
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5656, data)).Add(x => x.Campaign, Campaign(CampaignView.Page)));
        task.WaitForElement("[data-testid=task-data]");

        Assert.Equal(["autolabel.needs_review", "autolabel.review_reason", "meta.user", "meta.timestamp", "tags", "reviews.1.editor", "reviews.1.ok", "reviews.2", "empty", "none"],
            task.FindAll("[data-testid=task-data] dt").Select(name => name.TextContent));
        Assert.Equal(["false", "trusted edits", "(username removed)", "2016-01-01", "mw-reverted, mobile edit, 3", "Ann", "true", "x", "{}", "[]"],
            task.FindAll("[data-testid=task-data] dd").Select(value => value.TextContent));

        task.Render(p => p.Add(x => x.HideEditor, true));
        Assert.Equal(["autolabel.needs_review", "autolabel.review_reason", "tags", "reviews.1.ok", "reviews.2", "empty", "none"], task.FindAll("[data-testid=task-data] dt").Select(name => name.TextContent));
    }

    [Fact]
    public async Task A_task_stored_with_a_field_named_twice_shows_its_last_value_once()
    {
        // Uploads stored such data as written before a name given twice was refused.
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5454, """{"before":"old","after":"first","note":"A","after":"new","note":"B"}""")).Add(x => x.Campaign, Campaign(CampaignView.Diff)));

        Assert.Equal(["- old", "+ new"], task.FindAll("[data-testid=task-diff] span").Select(line => line.TextContent.Trim().Replace('−', '-')));
        Assert.Equal(["note"], task.FindAll("[data-testid=task-data] dt").Select(name => name.TextContent));
        Assert.Equal(["B"], task.FindAll("[data-testid=task-data] dd").Select(value => value.TextContent));
    }

    [Fact]
    public async Task An_uploaded_edit_marks_the_words_it_changed_in_the_wikis_direction()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5555, """{"before":"النيل نهر طويل\nجدا","after":"النيل نهر عظيم\nجدا"}""")).Add(x => x.Campaign, Campaign(CampaignView.Diff)));

        var diff = task.Find("[data-testid=task-diff]");
        Assert.Equal("rtl", diff.GetAttribute("dir"));
        Assert.Equal(["− النيل نهر طويل", "+ النيل نهر عظيم", "جدا"], diff.Children.Select(line => line.TextContent.Trim()));
        Assert.Equal(["طويل"], diff.QuerySelectorAll("del").Select(word => word.TextContent));
        Assert.Equal(["عظيم"], diff.QuerySelectorAll("ins").Select(word => word.TextContent));
        // The removed line keeps its kept words readable: only the changed word is struck through.
        Assert.Contains("jade-diff-words", diff.Children[0].ClassList);
    }

    /// <summary>
    /// A one-word edit of a long uploaded text shows that line with two lines around it, as a wiki's diff page does, and
    /// says how many unchanged lines it leaves out, in the viewer's way of writing numbers.
    /// </summary>
    [Theory]
    [InlineData("en", "… 1,497 unchanged lines …", "… 498 unchanged lines …")]
    [InlineData("de", "… 1.497 unveränderte Zeilen …", "… 498 unveränderte Zeilen …")]
    public async Task A_long_uploaded_text_shows_its_change_with_the_lines_around_it_and_counts_the_rest(string language, string before, string after)
    {
        var lines = Enumerable.Range(1, 2_000).Select(i => $"Line {i} of the article.").ToList();
        var edited = lines.Select(line => line == "Line 1500 of the article." ? "Line 1500 of the essay." : line);
        var data = System.Text.Json.JsonSerializer.Serialize(new { before = string.Join('\n', lines), after = string.Join('\n', edited) });
        await using var context = new ComponentContext(language, _core, new ScriptedWiki());

        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5858, data)).Add(x => x.Campaign, Campaign(CampaignView.Diff)));

        Assert.Equal([before, "Line 1498 of the article.", "Line 1499 of the article.", "− Line 1500 of the article.", "+ Line 1500 of the essay.",
            "Line 1501 of the article.", "Line 1502 of the article.", after],
            task.Find("[data-testid=task-diff]").Children.Select(row => row.TextContent.Trim()));
        Assert.Equal(["essay"], task.FindAll("[data-testid=task-diff] ins").Select(word => word.TextContent));
        // The count is the reader's words inside the wiki's text.
        Assert.All(task.FindAll("[data-testid=diff-gap]"), gap => Assert.Equal(language, gap.GetAttribute("lang")));
    }

    [Fact]
    public async Task The_view_follows_the_next_task_and_the_editor_hidden_meanwhile()
    {
        await using var context = new ComponentContext("en", _core, new ScriptedWiki());
        var task = context.Render<TaskView>(p => p.Add(x => x.Item, Item(5656, """{"before":"a b","after":"a c","user":"Someone"}""")).Add(x => x.Campaign, Campaign(CampaignView.Diff)));
        Assert.Equal(["c"], task.FindAll("[data-testid=task-diff] ins").Select(word => word.TextContent));

        task.Render(p => p.Add(x => x.Item, Item(5757, """{"before":"x y","after":"x z","user":"Someone"}""")));
        Assert.Equal(["z"], task.FindAll("[data-testid=task-diff] ins").Select(word => word.TextContent));
        Assert.Contains("Someone", task.Find("[data-testid=task-data]").TextContent, StringComparison.Ordinal);

        task.Render(p => p.Add(x => x.HideEditor, true));
        Assert.DoesNotContain("Someone", task.Markup, StringComparison.Ordinal);
    }
}
