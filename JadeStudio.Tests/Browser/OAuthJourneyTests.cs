using JadeStudio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>The app configured with the test OAuth provider instead of only development sign-in.</summary>
public sealed class OAuthBrowserFixture : BrowserFixture
{
    public FakeOAuthServer Provider { get; private set; } = default!;

    protected override async Task<AppProcess> StartAppAsync()
    {
        Provider = await FakeOAuthServer.StartAsync();
        return await AppProcess.StartAsync(Provider.AppSettings().ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class OAuthJourneyTests(OAuthBrowserFixture browser) : IClassFixture<OAuthBrowserFixture>
{
    [Fact]
    public async Task A_reviewer_signs_in_with_their_wiki_account_sees_name_and_rights_and_signs_out()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        // As every journey does before its first action: under a loaded CI machine a click made while the
        // circuit was still starting was once lost, leaving the browser on this page.
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("signin-oauth").ClickAsync();

        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Example Reviewer");
        await page.GotoAsync("/preferences/rights");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("rights-user")).ToContainTextAsync("Example Reviewer");
        await Expect(page.GetByTestId("wiki-profile")).ToContainTextAsync("2,741 edits");
        await Expect(page.GetByTestId("rights-table").Locator("tr", new() { HasText = "setpreferred" })).ToContainTextAsync("autopatrol");

        await page.GetByTestId("signout").ClickAsync();
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
