using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// An administrator writes a warning filter, a reviewer is warned and sends the same text again, the log shows both. An app
/// of its own, with an administrator of its own: the shared app's Dev Sysop loses the sysop group in another journey.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AbuseFilterJourneyTests(FakeWikiFixture browser) : IClassFixture<FakeWikiFixture>
{
    [Fact]
    public async Task A_warning_filter_explains_and_the_same_text_sent_again_is_saved()
    {
        var word = "spamword" + Guid.NewGuid().ToString("N")[..8];
        var admin = await browser.SignedInAsync("admin", "/abusefilter/new");
        await admin.Locator("[data-testid=abusefilter-description] input, input[data-testid=abusefilter-description]").FillAsync("Advertising " + word);
        await admin.Locator("[data-testid=abusefilter-words] textarea, textarea[data-testid=abusefilter-words]").FillAsync(word);
        await admin.GetByTestId("abusefilter-save").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/abusefilter/[0-9]+$"));

        const string artifact = "/artifact/enwiki/diff/777401";
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        await BrowserFixture.StartThreadAsync(reviewer, "Great offer", $"Visit {word} today");
        await Expect(reviewer.GetByTestId("thread-error")).ToContainTextAsync("Advertising " + word);
        await Expect(reviewer.GetByTestId("thread")).ToHaveCountAsync(0);

        await reviewer.GetByTestId("new-thread").GetByTestId("thread-start").ClickAsync();
        await Expect(reviewer.GetByTestId("thread").Filter(new() { HasText = "Great offer" })).ToHaveCountAsync(1);

        await admin.GotoAsync("/abusefilter/log");
        var entries = admin.GetByTestId("abuselog-entry").Filter(new() { HasText = "Advertising " + word });
        await Expect(entries).ToHaveCountAsync(2);
        await Expect(entries.First).ToContainTextAsync("warned, saved when sent again");
        await Expect(entries.Nth(1)).ToContainTextAsync("warned");
        // The text is saved on its comment now, where deleting or suppressing it hides it: the log keeps no copy of it.
        await Expect(entries.GetByTestId("abuselog-text")).ToHaveCountAsync(0);
        await Expect(admin.GetByText($"Visit {word} today")).ToHaveCountAsync(0);

        await reviewer.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }
}
