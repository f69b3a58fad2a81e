using System.Net;
using JadeStudio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ApiTokenJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_researcher_creates_a_token_uses_it_and_revokes_it()
    {
        var page = await browser.NewPageAsync();
        // The page needs a signed-in user: visitors are sent to sign in and brought back.
        await page.GotoAsync("/preferences/tokens");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fpreferences%2Ftokens"));
        await BrowserFixture.SignInOnPageAsync(page, "researcher");
        // A token is issued only after its owner accepts the redaction terms, here or on their page.
        await BrowserFixture.AcceptRedactionTermsAsync(page);
        await Expect(page.GetByTestId("token-create")).ToBeEnabledAsync();

        await page.GetByTestId("token-name").FillAsync("labeling bot");
        await page.GetByTestId("token-rights").GetByText("judge", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("token-create").ClickAsync();
        var secret = await page.GetByTestId("token-secret").InputValueAsync();
        Assert.StartsWith("jade_", secret);

        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        var judged = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/cswiki/diff/{ApiHarness.UniqueRevId() + 90_000_000}/judgments", secret,
            """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}"""));
        Assert.Equal(HttpStatusCode.Created, judged.StatusCode);

        // Other journeys make tokens for the same account: this one is the row with its name.
        var row = page.GetByTestId("token-table").Locator("tr", new() { HasText = "labeling bot" });
        await row.GetByTestId("token-revoke").ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        var refused = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/cswiki/diff/{ApiHarness.UniqueRevId() + 90_000_000}/judgments", secret,
            """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await page.Context.CloseAsync();
    }
}
