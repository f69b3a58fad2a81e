using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Two patrollers work cswiki's queue, fed by the fake wiki's recent changes: never the same edit, one key per answer, judged edits leave both queues.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PatrolJourneyTests(FakeWikiFixture browser) : IClassFixture<FakeWikiFixture>
{
    [Fact]
    public async Task Two_patrollers_get_different_edits_and_a_judged_edit_leaves_both_queues()
    {
        var first = await browser.SignedInAsync("reviewer", "/patrol/cswiki");
        await Expect(first.GetByTestId("patrol-edit")).ToBeVisibleAsync();
        var second = await browser.SignedInAsync("sysop", "/patrol/cswiki");
        await Expect(second.GetByTestId("patrol-edit")).ToBeVisibleAsync();

        var firstRev = await first.GetByTestId("patrol-edit").GetAttributeAsync("data-rev");
        var secondRev = await second.GetByTestId("patrol-edit").GetAttributeAsync("data-rev");
        Assert.NotEqual(firstRev, secondRev);
        Assert.Contains(long.Parse(firstRev!, System.Globalization.CultureInfo.InvariantCulture), FakeWikiFixture.RecentRevisions);
        await Expect(first.GetByTestId("wiki-diff")).ToBeVisibleAsync();
        // The other's edit is marked as being looked at.
        await Expect(first.Locator($"[data-testid=patrol-queue-item][data-rev='{secondRev}'] [data-testid=patrol-taken]")).ToContainTextAsync("Dev Sysop");

        // "3": good. The first patroller moves on; the judged edit leaves the second's queue without a reload.
        await first.Locator("html[data-keys=listening]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await first.Keyboard.PressAsync("Digit3");
        await Expect(first.GetByTestId("patrol-edit")).Not.ToHaveAttributeAsync("data-rev", firstRev!);
        await Expect(second.Locator($"[data-testid=patrol-queue-item][data-rev='{firstRev}']")).ToHaveCountAsync(0);
        await Expect(first.Locator($"[data-testid=patrol-queue-item][data-rev='{firstRev}']")).ToHaveCountAsync(0);

        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }
}
