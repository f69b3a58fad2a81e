using Bunit;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Artifacts;

namespace JadeStudio.Tests.Components;

/// <summary>An edited comment's history shows each earlier text and what the edit after it changed, word by word, to those who may read both.</summary>
public sealed class CommentHistoryTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _bob = default!;
    private ActorRef _oversighter = default!;
    private long _comment;

    public async Task InitializeAsync()
    {
        _bob = await _core.UserAsync("Bob Commenter");
        _oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Lead", "It adds nonsense to the lead."))).OrThrow();
        await using var db = _core.Database.CreateDbContext();
        _comment = db.Comments.Single().Id;
        (await _core.Discussions.EditAsync(_bob, _comment, "It adds nonsense to the lead section.")).OrThrow();
        (await _core.Discussions.EditAsync(_bob, _comment, "It adds plain nonsense to the section.")).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<IRenderedComponent<CommentBlock>> OpenHistoryAsync(ComponentContext context, ActorRef? viewer)
    {
        Actor actor;
        await using (var db = _core.Database.CreateDbContext())
        {
            actor = viewer is null ? _core.Actors.Anonymous : await _core.Actors.LoadAsync(db, viewer);
        }
        var thread = (await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, actor)).Single();
        var block = context.Render<CommentBlock>(p => p.Add(x => x.Comment, thread.Posts.Single()).Add(x => x.Viewer, actor));
        // A disclosure button: it says whether what it shows is open, and which element that is.
        Assert.Equal("false", block.Find("[data-testid=comment-history-toggle]").GetAttribute("aria-expanded"));
        block.Find("[data-testid=comment-history-toggle]").Click();
        var toggle = block.Find("[data-testid=comment-history-toggle]");
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        Assert.Equal(toggle.GetAttribute("aria-controls"), block.Find("[data-testid=comment-history]").Id);
        return block;
    }

    private static IEnumerable<string> Marked(AngleSharp.Dom.IElement change, string tag) => change.QuerySelectorAll(tag).Select(e => e.TextContent.Trim());

    [Fact]
    public async Task Each_earlier_text_shows_the_words_the_next_edit_removed_and_added()
    {
        await using var context = new ComponentContext("en", _core);
        var block = await OpenHistoryAsync(context, null);

        var versions = block.FindAll("[data-testid=comment-version]");
        Assert.Equal(2, versions.Count);
        Assert.All(versions, v => Assert.Contains("What the edit changed:", v.TextContent, StringComparison.Ordinal));
        var first = versions[0].QuerySelector("[data-testid=comment-change]")!;
        Assert.Empty(Marked(first, "del"));
        Assert.Equal(["section"], Marked(first, "ins"));
        var second = versions[1].QuerySelector("[data-testid=comment-change]")!;
        Assert.Equal(["lead"], Marked(second, "del"));
        Assert.Equal(["plain"], Marked(second, "ins"));
        Assert.Contains("− It adds nonsense to the lead section.", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("+ It adds plain nonsense to the section.", second.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_text_gets_no_diff_that_would_show_its_words_but_who_may_read_it_sees_them()
    {
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, _comment), HideableField.Text, FieldVisibility.Suppressed, "private"))).OrThrow();
        await using var context = new ComponentContext("en", _core);

        var reader = await OpenHistoryAsync(context, null);
        Assert.Equal(2, reader.FindAll("[data-testid=comment-version]").Count);
        Assert.Empty(reader.FindAll("[data-testid=comment-change]"));
        Assert.DoesNotContain("nonsense", reader.Markup, StringComparison.Ordinal);

        var oversighter = await OpenHistoryAsync(context, _oversighter);
        Assert.Equal(2, oversighter.FindAll("[data-testid=comment-change]").Count);
        Assert.Equal(["plain"], Marked(oversighter.FindAll("[data-testid=comment-change]")[1], "ins"));
    }

    [Fact]
    public async Task An_open_history_follows_an_edit_and_a_hiding_made_meanwhile()
    {
        await using var context = new ComponentContext("en", _core);
        var block = await OpenHistoryAsync(context, null);
        Assert.Equal(2, block.FindAll("[data-testid=comment-change]").Count);
        // What an open page does on such a commit: it reads the thread again and gives the comment as it is now.
        async Task RereadAsync()
        {
            var thread = (await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, _core.Actors.Anonymous)).Single();
            block.Render(p => p.Add(x => x.Comment, thread.Posts.Single()));
        }

        (await _core.Discussions.EditAsync(_bob, _comment, "It adds plain nonsense to the first section.")).OrThrow();
        await RereadAsync();
        var changes = block.FindAll("[data-testid=comment-change]");
        Assert.Equal(3, changes.Count);
        Assert.Equal(["first"], Marked(changes[2], "ins"));

        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, _comment), HideableField.Text, FieldVisibility.Deleted, "private"))).OrThrow();
        await RereadAsync();
        Assert.Empty(block.FindAll("[data-testid=comment-change]"));
        Assert.DoesNotContain("nonsense", block.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visible_earlier_text_replaced_by_a_hidden_one_shows_without_a_diff()
    {
        await using var context = new ComponentContext("en", _core);
        var at = _core.Clock.GetUtcNow();
        var comment = new CommentView(1, null, new RedactedUser(2, "Bob Commenter", false, FieldVisibility.Visible), 2,
            new RedactedText(null, true, FieldVisibility.Suppressed), at, at, 2,
            [(at, new RedactedText("An earlier text", false, FieldVisibility.Visible))], []);
        var block = context.Render<CommentBlock>(p => p.Add(x => x.Comment, comment).Add(x => x.Viewer, _core.Actors.Anonymous));
        block.Find("[data-testid=comment-history-toggle]").Click();

        Assert.Contains("An earlier text", block.Find("[data-testid=comment-version]").TextContent, StringComparison.Ordinal);
        Assert.Empty(block.FindAll("[data-testid=comment-change]"));
    }
}
