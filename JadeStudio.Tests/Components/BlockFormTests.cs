using Bunit;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Blocks;
using MudBlazor;

namespace JadeStudio.Tests.Components;

/// <summary>The block form as a sysop fills it in: a partial block on two wikis, listed with both.</summary>
public sealed class BlockFormTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _sysop = default!;

    public async Task InitializeAsync()
    {
        _sysop = await _core.UserAsync("Block Sysop", "sysop");
        await _core.UserAsync("Edit Warrior");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_partial_block_on_two_chosen_wikis_is_placed_and_listed_with_both()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_sysop, "Block Sysop");
        var popovers = context.Render<MudPopoverProvider>();
        var page = context.Render<BlocksPage>();
        page.WaitForElement("[data-testid=block-form]");

        page.Find("input[data-testid=block-user-search]").Input("Edit W");
        page.Find("[data-testid=block-user-find]").Click();
        page.WaitForElement("[data-testid=block-user-match]").Click();
        // Untick "sitewide": the partial scope appears.
        page.Find("input[data-testid=block-sitewide]").Change(false);

        // Open the wiki picker and tick two wikis, as a mouse or keyboard user does.
        page.WaitForElement("input[data-testid=block-wikis]").Closest(".mud-input-control")!.MouseDown();
        popovers.WaitForElements(".mud-list-item");
        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Contains("cswiki", StringComparison.Ordinal)).Click();
        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Contains("nlwiki", StringComparison.Ordinal)).Click();
        page.WaitForAssertion(() => Assert.Equal("cswiki, nlwiki", page.Find("input[data-testid=block-wikis]").GetAttribute("value")));

        page.Find("input[data-testid=block-reason]").Input("Edit war on two wikis");
        page.Find("[data-testid=block-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("The user is blocked.", page.Find("[data-testid=block-message]").TextContent, StringComparison.Ordinal));
        var entry = page.FindAll("[data-testid=block-entry]").Single(e => e.TextContent.Contains("Edit war on two wikis", StringComparison.Ordinal));
        Assert.Contains("Edit Warrior", entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("cswiki", entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("nlwiki", entry.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("enwiki", entry.TextContent, StringComparison.Ordinal);
        // The reason is written in the message's place, in an element of its own (its own direction, its long words wrapped).
        Assert.Contains("reason: Edit war on two wikis · until", entry.TextContent, StringComparison.Ordinal);
        Assert.Equal("Edit war on two wikis", entry.QuerySelector(".jade-text")?.TextContent);
    }
}
