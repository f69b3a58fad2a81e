using Bunit;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Changes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>Recent changes and contributions as a patroller uses them: filters in the address, new rows live, a pause.</summary>
public sealed class RecentChangesPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _alice = default!;
    private ActorRef _bob = default!;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice Reviewer");
        _bob = await _core.UserAsync("Bob");
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, notes: "obvious vandalism"))).OrThrow();
        (await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Really?", "I am not sure"))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static IRenderedComponent<RecentChangesPage> Open(ComponentContext context, string address)
    {
        context.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return context.Render<RecentChangesPage>();
    }

    /// <summary>MudBlazor puts a check box's attributes on its input or on its wrapper, depending on the component.</summary>
    private static string Input(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";

    [Fact]
    public async Task Lists_changes_with_links_to_artifacts_and_contributions_and_keeps_filters_from_the_address()
    {
        await using var context = new ComponentContext("en", _core);

        var all = Open(context, "recentchanges");
        // Alice's judgment (its proposal and her endorsement of it) is one line, Bob's thread another.
        all.WaitForAssertion(() => Assert.Equal(2, all.FindAll("[data-testid=change]").Count));
        Assert.Equal("contributions/Alice_Reviewer", all.FindAll("[data-testid=change] [data-testid=user-link]").Last().GetAttribute("href"));
        Assert.Equal($"artifact/{CoreHarness.Diff}", all.Find("[data-testid=change-artifact]").GetAttribute("href"));
        Assert.Contains("obvious vandalism", all.Markup, StringComparison.Ordinal);

        var comments = Open(context, "recentchanges?kinds=comment");
        comments.WaitForAssertion(() => Assert.Equal("ThreadStarted", Assert.Single(comments.FindAll("[data-testid=change]")).GetAttribute("data-type")));
        Assert.True(comments.Find(Input("filter-kind-comment")).HasAttribute("checked"));
    }

    /// <summary>
    /// As in the artifact's history, a judgment's line names its labels: a patroller reads what was proposed, what an
    /// endorsement moved from and to, and what a removed endorsement was of ("removed the endorsement of" ended the line).
    /// </summary>
    [Fact]
    public async Task A_judgments_line_names_its_labels_and_an_endorsement_moved_from_what_to_what()
    {
        var hers = (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(false, true))).OrThrow();
        var carol = await _core.UserAsync("Carol");
        (await _core.Judgments.ProposeOrEndorseAsync(carol, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.DeleteEndorsementAsync(carol, hers, null, "changed my mind")).OrThrow();
        await using var context = new ComponentContext("en", _core);

        var page = Open(context, "recentchanges?kinds=judgment,endorsement");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=change][data-type=EndorsementDeleted]")));
        // Each label chip: a removed endorsement's, a moved one's before, then after.
        string[] Labels(string type) =>
            [.. page.Find($"[data-testid=change][data-type={type}]").QuerySelectorAll(".jade-label").Select(label => label.TextContent)];
        Assert.Equal(["Damaging: Yes, damaging", "Good faith: Bad faith"], Labels("EndorsementDeleted"));
        Assert.Equal(["Damaging: Yes, damaging", "Good faith: Bad faith", "Damaging: Not damaging", "Good faith: Good faith"], Labels("EndorsementMoved"));
        Assert.Contains("Good faith: Bad faith→Damaging: Not damaging", page.Find("[data-testid=change][data-type=EndorsementMoved]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Damaging: Yes, damaging", "Good faith: Bad faith"], Labels("Judgment"));
        // Each new proposal is part of its author's line: none stands alone.
        Assert.Empty(page.FindAll("[data-testid=change][data-type=ProposalCreated]"));
    }

    /// <summary>A filter's tag on a judgment's notes is the line's: shown once, though the judgment's two events both carry it.</summary>
    [Fact]
    public async Task A_tagged_judgment_shows_its_tag_once_on_its_one_line()
    {
        var sysop = await _core.UserAsync("Filter Admin", "sysop");
        (await _core.Filters.SaveAsync(sysop, null, new JadeStudio.Core.AbuseFilters.FilterDraft("Spam", "buy cheap", null, null, null, null, [],
            [JadeStudio.Core.AbuseFilters.TextAction.ProposalNotes], JadeStudio.Core.AbuseFilters.FilterAction.Tag, null, null, null, "possible-spam", true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(false, true, notes: "buy cheap pills here"))).OrThrow();
        await using var context = new ComponentContext("en", _core);

        var page = Open(context, "recentchanges?kinds=judgment,endorsement");

        page.WaitForAssertion(() => Assert.Contains("buy cheap pills here", page.Markup, StringComparison.Ordinal));
        var line = page.FindAll("[data-testid=change]").Single(row => row.TextContent.Contains("buy cheap pills here", StringComparison.Ordinal));
        Assert.Equal("Judgment", line.GetAttribute("data-type"));
        Assert.Equal(["Tag: possible-spam"], line.QuerySelectorAll("[data-testid=change-tag]").Select(tag => tag.TextContent.Trim()));
    }

    /// <summary>On a phone the filters fold behind a button naming how many are set (the style sheet hides the closed panel there).</summary>
    [Fact]
    public async Task The_filters_button_names_how_many_are_set_and_opens_and_folds_them()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context, "recentchanges?disputed=1&wiki=enwiki");
        page.WaitForElement("[data-testid=changes-empty], [data-testid=changes]");
        var toggle = page.Find("[data-testid=changes-filters-toggle]");
        var panel = page.Find("#changes-filters");

        Assert.Equal(("Show filters (2 set)", "false", "changes-filters"), (toggle.TextContent.Trim(), toggle.GetAttribute("aria-expanded"), toggle.GetAttribute("aria-controls")));
        Assert.DoesNotContain("jade-filters-open", panel.ClassList);

        await toggle.ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        toggle = page.Find("[data-testid=changes-filters-toggle]");
        Assert.Equal(("Hide filters", "true"), (toggle.TextContent.Trim(), toggle.GetAttribute("aria-expanded")));
        Assert.Contains("jade-filters-open", page.Find("#changes-filters").ClassList);
        Assert.Equal("Show filters", Open(context, "recentchanges").Find("[data-testid=changes-filters-toggle]").TextContent.Trim());
    }

    [Fact]
    public async Task A_bad_filter_is_named_and_lists_nothing()
    {
        await using var context = new ComponentContext("en", _core);

        var page = Open(context, "recentchanges?days=forever");

        Assert.Contains("\"days\"", page.Find("[data-testid=changes-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=change]"));
    }

    [Fact]
    public async Task Ticking_a_filter_puts_it_in_the_address()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context, "recentchanges");
        page.WaitForElement("[data-testid=changes-empty], [data-testid=changes]");

        await page.Find(Input("filter-disputed")).ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true });

        Assert.EndsWith("/recentchanges?disputed=1", context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_changes_appear_live_and_wait_behind_a_button_while_paused()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context, "recentchanges");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=change]").Count));

        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(false, true))).OrThrow();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=change]").Count));
        Assert.Equal("Judgment", page.FindAll("[data-testid=change]")[0].GetAttribute("data-type"));

        await page.Find(Input("changes-live")).ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });
        (await _core.Discussions.StartThreadAsync(_alice, new NewThread(CoreHarness.Diff, "Second", "thoughts"))).OrThrow();
        page.WaitForAssertion(() => Assert.Equal("1 new change — show", page.Find("[data-testid=changes-pending]").TextContent.Trim()));
        Assert.Equal(3, page.FindAll("[data-testid=change]").Count);

        await page.Find("[data-testid=changes-pending]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=change]").Count));
        Assert.Empty(page.FindAll("[data-testid=changes-pending]"));
    }

    [Fact]
    public async Task A_text_hidden_while_the_list_is_open_leaves_it_at_once_even_while_paused()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context, "recentchanges");
        page.WaitForAssertion(() => Assert.Contains("obvious vandalism", page.Markup, StringComparison.Ordinal));
        await page.Find(Input("changes-live")).ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });

        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        long proposal;
        await using (var db = _core.Database.CreateDbContext())
        {
            proposal = db.Proposals.Single().Id;
        }
        (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, proposal), HideableField.Text, FieldVisibility.Deleted, "personal data"))).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("obvious vandalism", page.Markup, StringComparison.Ordinal));
        Assert.Equal(2, page.FindAll("[data-testid=change]").Count);
    }

    [Fact]
    public async Task A_name_hidden_by_a_block_while_the_list_is_open_leaves_it()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context, "recentchanges");
        page.WaitForAssertion(() => Assert.Contains("Bob", page.Markup, StringComparison.Ordinal));

        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(_bob.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("Bob", page.Markup, StringComparison.Ordinal));
        Assert.NotEmpty(page.FindAll("[data-testid=change] [data-testid=user-hidden]"));
    }

    [Fact]
    public async Task An_open_contributions_list_of_an_account_hidden_meanwhile_empties()
    {
        await using var context = new ComponentContext("en", _core);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("contributions/Bob");
        var bob = context.Render<ContributionsPage>(p => p.Add(x => x.User, "Bob"));
        bob.WaitForAssertion(() => Assert.Single(bob.FindAll("[data-testid=change]")));

        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(_bob.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        bob.WaitForAssertion(() => Assert.Empty(bob.FindAll("[data-testid=change]")));
        Assert.DoesNotContain("I am not sure", bob.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contributions_list_one_users_changes_and_a_hidden_account_is_unknown()
    {
        await using var context = new ComponentContext("de", _core);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("contributions/Alice_Reviewer");

        var alice = context.Render<ContributionsPage>(p => p.Add(x => x.User, "Alice_Reviewer"));
        alice.WaitForAssertion(() => Assert.Single(alice.FindAll("[data-testid=change]")));
        Assert.Equal("Beiträge von Alice Reviewer", alice.Find("h1").TextContent);
        Assert.All(alice.FindAll("[data-testid=change] [data-testid=user-link]"), link => Assert.Equal("Alice Reviewer", link.TextContent));

        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(_bob.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();
        var bob = context.Render<ContributionsPage>(p => p.Add(x => x.User, "Bob"));
        bob.WaitForElement("[data-testid=not-found]");
        Assert.Empty(bob.FindAll("[data-testid=change]"));
    }

    [Fact]
    public async Task A_name_spelled_as_a_wiki_reads_it_leads_to_the_account_and_the_page_names_it_as_stored()
    {
        await using var context = new ComponentContext("en", _core);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("contributions/alice__Reviewer");

        var alice = context.Render<ContributionsPage>(p => p.Add(x => x.User, "alice__Reviewer"));
        alice.WaitForAssertion(() => Assert.Single(alice.FindAll("[data-testid=change]")));
        Assert.Equal("Contributions of Alice Reviewer", alice.Find("h1").TextContent);
    }

    [Fact]
    public async Task A_known_users_contributions_do_not_say_not_found_while_the_page_loads()
    {
        await using var context = new ComponentContext("en", _core);
        // The viewer's sign-in state is still being read: the page has not looked the name up yet.
        context.Authorization.SetAuthorizing();
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("contributions/Alice_Reviewer");

        var alice = context.Render<ContributionsPage>(p => p.Add(x => x.User, "Alice_Reviewer"));
        var whileLoading = alice.FindAll("[data-testid=not-found]").Count;
        context.Authorization.SetNotAuthorized();

        alice.WaitForAssertion(() => Assert.Single(alice.FindAll("[data-testid=change]")));
        Assert.Equal(0, whileLoading);
        Assert.Empty(alice.FindAll("[data-testid=not-found]"));
    }

    [Fact]
    public async Task A_hidden_name_is_not_a_link()
    {
        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        await using (var db = _core.Database.CreateDbContext())
        {
            var thread = db.Threads.Single();
            var comment = db.Comments.Single(c => c.ThreadId == thread.Id);
            (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment.Id), HideableField.User, FieldVisibility.Suppressed, "name"))).OrThrow();
        }
        await using var context = new ComponentContext("en", _core);

        var page = Open(context, "recentchanges?kinds=comment");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=change] [data-testid=user-hidden]")));
        Assert.Empty(page.FindAll("[data-testid=change] [data-testid=user-link]"));
        Assert.DoesNotContain("Bob", page.Markup, StringComparison.Ordinal);
    }
}
