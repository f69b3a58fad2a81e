using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// A right removed by a bureaucrat leaves a tab that is already open at once: the page reads what it shows again for
/// its viewer's rights. (An action sent before that is refused in Core, which checks the rights of every mutation:
/// JudgmentServiceTests and the authorization matrix.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RightRemovalJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_sysops_open_page_loses_its_moderator_buttons_as_soon_as_the_sysop_group_is_removed()
    {
        const string artifact = "/artifact/wikidatawiki/diff/184877060";
        // A reviewer judges; the sysop opens the page and sees the moderator's "Remove" on that endorsement.
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        var form = reviewer.GetByTestId("propose-form").First;
        await form.GetByTestId("answer-damaging").GetByText("Yes, damaging").ClickAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Bad faith").ClickAsync();
        await form.GetByTestId("propose-submit").ClickAsync();
        await Expect(reviewer.GetByTestId("endorsement")).ToHaveCountAsync(1);
        var sysop = await browser.SignedInAsync("sysop", artifact);
        var remove = sysop.GetByTestId("endorsement").GetByRole(AriaRole.Button, new() { Name = "Remove" });
        await Expect(remove).ToBeVisibleAsync();

        // Meanwhile a bureaucrat takes the sysop group away.
        var bureaucrat = await browser.SignedInAsync("bureaucrat", "/groups");
        await bureaucrat.GetByTestId("group-user-search").FillAsync("Dev Sysop");
        await bureaucrat.GetByTestId("group-user-find").ClickAsync();
        await bureaucrat.GetByTestId("group-user-match").First.ClickAsync();
        var membership = bureaucrat.Locator("[data-testid=membership][data-group=sysop]");
        await membership.GetByTestId("remove-reason").FillAsync("no longer active");
        await membership.GetByTestId("group-remove").ClickAsync();
        await Expect(bureaucrat.GetByTestId("group-message")).ToContainTextAsync("Saved");
        await Expect(bureaucrat.Locator("[data-testid=group-log] [data-testid=log-entry]").First).ToContainTextAsync("removed from group");

        // The sysop's tab, not reloaded, no longer offers the button; the reviewer's endorsement stays.
        await Expect(remove).ToHaveCountAsync(0);
        await Expect(sysop.GetByTestId("endorsement")).ToHaveCountAsync(1);
        await reviewer.ReloadAsync();
        await Expect(reviewer.GetByTestId("endorsement")).ToHaveCountAsync(1);

        foreach (var page in new[] { reviewer, sysop, bureaucrat })
        {
            await page.Context.CloseAsync();
        }
    }
}
