using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>A patroller watches recent changes while a reviewer works: rows arrive live, pause, filter, lead to contributions.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RecentChangesJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_patroller_sees_a_new_thread_arrive_live_pauses_and_follows_the_name_to_the_contributions()
    {
        const string artifact = "/artifact/enwiki/diff/777301";
        var patroller = await browser.SignedInAsync("sysop", "/recentchanges?kinds=comment&wiki=enwiki");
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        await Expect(patroller.GetByTestId("changes-live")).ToBeVisibleAsync();

        await BrowserFixture.StartThreadAsync(reviewer, "Live row 777301", "Looks like a test edit.");

        var row = patroller.GetByTestId("change").Filter(new() { HasText = "Looks like a test edit." });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("change-artifact")).ToHaveAttributeAsync("href", "artifact/enwiki/diff/777301");

        // The reviewer's form empties once the first thread is saved; filling it before then loses the second one's text.
        await Expect(reviewer.GetByTestId("new-thread").GetByTestId("thread-title")).ToHaveValueAsync("");

        // Paused: the next one waits behind a button, then shows on request.
        await patroller.GetByTestId("changes-live").ClickAsync();
        await BrowserFixture.StartThreadAsync(reviewer, "Second row 777301", "Second thoughts on it.");
        await Expect(patroller.GetByTestId("changes-pending")).ToContainTextAsync("1 new change");
        await Expect(patroller.GetByTestId("change").Filter(new() { HasText = "Second thoughts on it." })).ToHaveCountAsync(0);
        await patroller.GetByTestId("changes-pending").ClickAsync();
        await Expect(patroller.GetByTestId("change").Filter(new() { HasText = "Second thoughts on it." })).ToHaveCountAsync(1);

        await row.GetByTestId("user-link").ClickAsync();
        await Expect(patroller).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/contributions/Dev_Reviewer$"));
        await Expect(patroller.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Contributions of Dev Reviewer");
        await Expect(patroller.GetByTestId("change").Filter(new() { HasText = "Looks like a test edit." })).ToHaveCountAsync(1);

        await reviewer.Context.CloseAsync();
        await patroller.Context.CloseAsync();
    }
}
