using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>The app shell as a person uses it: sign in, change language, change theme, sign out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellJourneyTests(BrowserFixture browser)
{
    /// <summary>Blazor marks the page once the interactive circuit is connected; before that clicks do nothing.</summary>
    private static async Task WaitForCircuitAsync(IPage page) =>
        await BrowserFixture.WaitForCircuitAsync(page);

    [Fact]
    public async Task A_reviewer_signs_in_with_the_development_sign_in_and_out_again()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("signin-link").ClickAsync();

        await Expect(page.GetByTestId("development-warning")).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("signin-as-reviewer").ClickAsync();

        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Dev Reviewer");
        await Expect(page.GetByTestId("home-welcome")).ToContainTextAsync("Welcome back, Dev Reviewer.");

        await page.GetByTestId("signout").ClickAsync();
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Choosing_Hebrew_in_the_language_selector_turns_the_page_right_to_left_and_stays_chosen()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.Locator(".jade-language").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "עברית" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("שיפוט עריכות בוויקי, ביחד");

        // The choice is remembered: a new visit to another page is still in Hebrew.
        await page.GotoAsync("/signin");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "he");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_theme_toggle_switches_to_dark_and_the_choice_survives_a_reload()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(page);
        var themeLink = page.Locator("link#radzen-theme-link");
        await Expect(themeLink).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("material-base\\.css"));

        await page.Locator(".jade-theme-toggle").ClickAsync();

        await Expect(themeLink).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("material-dark-base\\.css"));
        await page.ReloadAsync();
        await Expect(page.Locator("link#radzen-theme-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("material-dark-base\\.css"));
        await page.Context.CloseAsync();
    }
}
