using Bunit;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Artifacts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>An open artifact page follows what its viewer may see: what is hidden meanwhile leaves it without a reload.</summary>
public sealed class ArtifactPageLiveTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _bob = default!;
    private ActorRef _oversighter = default!;

    public async Task InitializeAsync()
    {
        var alice = await _core.UserAsync("Alice Reviewer");
        _bob = await _core.UserAsync("Bob Commenter");
        _oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(true, false, notes: "obvious vandalism"))).OrThrow();
        (await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Really?", "I am not sure"))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>The harness's edit's page, at its own address (as a reader opens it).</summary>
    internal static IRenderedComponent<ArtifactPage> Open(ComponentContext context)
    {
        var key = CoreHarness.Diff;
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"artifact/{key}");
        return context.Render<ArtifactPage>(p => p
            .Add(x => x.Wiki, key.Wiki)
            .Add(x => x.Type, "diff")
            .Add(x => x.RevId, key.RevId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_name_hidden_by_a_block_leaves_an_open_page_though_the_block_names_no_artifact()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context);
        page.WaitForAssertion(() => Assert.Contains("Bob Commenter", page.Markup, StringComparison.Ordinal));

        (await _core.Blocks.BlockAsync(_oversighter, new BlockRequest(_bob.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("Bob Commenter", page.Markup, StringComparison.Ordinal));
        Assert.Contains("I am not sure", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_text_leaves_an_open_page_when_its_viewer_loses_the_right_to_see_it()
    {
        var sysop = await _core.UserAsync("Page Sysop", "sysop");
        var bureaucrat = await _core.UserAsync("Bureaucrat", "bureaucrat");
        long proposal;
        await using (var db = _core.Database.CreateDbContext())
        {
            proposal = db.Proposals.Single().Id;
        }
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, proposal), HideableField.Text, FieldVisibility.Deleted, "personal data"))).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.SignIn(sysop, "Page Sysop");
        var page = Open(context);
        page.WaitForAssertion(() => Assert.Contains("obvious vandalism", page.Markup, StringComparison.Ordinal));

        (await _core.Groups.RemoveAsync(bureaucrat, sysop.UserId!.Value, "sysop", "no longer active")).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("obvious vandalism", page.Markup, StringComparison.Ordinal));
    }
}
