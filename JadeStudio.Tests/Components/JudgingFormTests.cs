using Bunit;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Artifacts;
using JadeStudio.Web.Components.Shared;

namespace JadeStudio.Tests.Components;

/// <summary>The forms a reviewer and an oversighter use on the artifact page.</summary>
public sealed class JudgingFormTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _reviewer = default!;
    private ActorRef _oversighter = default!;

    public async Task InitializeAsync()
    {
        _reviewer = await _core.UserAsync("Form Reviewer");
        _oversighter = await _core.UserAsync("Form Oversighter", "oversight");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>Clicks the radio button whose label says <paramref name="label"/>, as a mouse user does.</summary>
    private static void ChooseRadio<T>(IRenderedComponent<T> form, string group, string label) where T : Microsoft.AspNetCore.Components.IComponent =>
        form.FindAll($"[data-testid={group}] label").Single(l => l.TextContent.Trim() == label).QuerySelector("input")!.Click();

    [Fact]
    public async Task The_propose_form_refuses_an_incomplete_answer_then_saves_the_judgment_with_its_notes()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_reviewer, "Form Reviewer");
        var changed = 0;
        var form = context.Render<ProposeForm>(p => p
            .Add(x => x.Facet, _core.Schemas.FindFacet("editquality")!)
            .Add(x => x.Artifact, CoreHarness.Diff)
            .Add(x => x.Changed, () => changed++));

        form.Find("[data-testid=propose-submit]").Click();
        form.WaitForAssertion(() => Assert.Equal("Answer every question first.", form.Find("[data-testid=propose-message]").TextContent.Trim()));
        Assert.Empty((await _core.EditQualityAsync()).Proposals);

        ChooseRadio(form, "answer-damaging", "Not damaging");
        ChooseRadio(form, "answer-goodfaith", "Good faith");
        form.Find("textarea[data-testid=propose-notes]").Input("Adds a sourced sentence.");
        form.Find("[data-testid=propose-submit]").Click();

        form.WaitForAssertion(() => Assert.Equal("Your judgment was saved.", form.Find("[data-testid=propose-message]").TextContent.Trim()));
        var proposal = Assert.Single((await _core.EditQualityAsync()).Proposals);
        Assert.Equal("Adds a sourced sentence.", proposal.Notes.Value);
        Assert.Equal(1, changed);
    }

    [Fact]
    public async Task Changing_visibility_needs_a_reason_and_then_hides_the_chosen_field_at_the_chosen_level()
    {
        var comment = (await _core.Discussions.StartThreadAsync(_reviewer, new NewThread(CoreHarness.Diff, "About this edit", "My phone is 555-0100."))).OrThrow().CommentId;
        var viewer = await _core.ViewerAsync(_oversighter);
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_oversighter, "Form Oversighter");
        var actions = context.Render<OversightActions>(p => p
            .Add(x => x.Item, new ItemRef(ItemKind.Comment, comment))
            .Add(x => x.Viewer, viewer));

        actions.Find("[data-testid=visibility-open]").Click();
        // A reason is required before anything changes.
        ChooseRadio(actions, "oversight-level", "suppressed (only oversighters can see it)");
        actions.Find("[data-testid=oversight-submit]").Click();
        actions.WaitForAssertion(() => Assert.Equal("Hiding or restoring a field needs a reason.", actions.Find("[data-testid=oversight-message]").TextContent.Trim()));
        Assert.Equal("My phone is 555-0100.", await CommentTextAsync(comment, ActorRef.Anonymous));

        actions.Find("input[data-testid=oversight-reason]").Input("Personal information");
        actions.Find("[data-testid=oversight-submit]").Click();

        actions.WaitForAssertion(() => Assert.Equal("The visibility was changed.", actions.Find("[data-testid=oversight-message]").TextContent.Trim()));
        Assert.Null(await CommentTextAsync(comment, ActorRef.Anonymous));
        Assert.Null(await CommentTextAsync(comment, await _core.UserAsync("Another sysop", "sysop")));
        Assert.Equal("My phone is 555-0100.", await CommentTextAsync(comment, _oversighter));
    }

    private async Task<string?> CommentTextAsync(long comment, ActorRef viewer)
    {
        var threads = await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, await _core.ViewerAsync(viewer));
        return threads.SelectMany(t => t.Posts).Single(c => c.Id == comment).Text.Value;
    }
}
