using Microsoft.Playwright;

namespace JadeStudio.Tests.Browser;

/// <summary>An app of its own: the forms are filled and their buttons pressed, which blocks, deletes and revokes.</summary>
public sealed class EveryFormBrowserFixture : BrowserFixture
{
    protected override Task<Support.AppProcess> StartAppAsync() => Support.AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Key"] = "everything",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Name"] = "Form Filler",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Groups__0"] = "sysop",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Groups__1"] = "oversight",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Groups__2"] = "bureaucrat",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Groups__3"] = "researcher",
    });
}

/// <summary>
/// Every page's form, filled with text no one should type (very long, markup, control and right-to-left characters) and
/// each of its buttons pressed, by someone who holds every right: the page answers with its own words, never with the
/// circuit's error bar or a lost connection.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EveryFormJourneyTests(EveryFormBrowserFixture browser) : IClassFixture<EveryFormBrowserFixture>
{
    private static readonly string Nasty = "\u202E<b>x</b><script>alert(1)</script> ' \" \\ %00 {{PLURAL:$1|a}} [[Link]] 😀 " + new string('x', 3000);

    /// <summary>The pages with a form in an app of demo data (the others show lists, empty here).</summary>
    public static TheoryData<string> Pages() =>
    [
        "/artifact/enwiki/diff/880001", "/campaigns/new", "/search", "/recentchanges", "/preferences", "/preferences/tokens", "/groups", "/blocks",
        "/rollback", "/log", "/abusefilter/new", "/query", "/dumps", "/wikis/enwiki/artifacts",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_form_filled_with_text_no_one_should_type_answers_in_its_own_words(string path)
    {
        var page = await browser.SignedInBeforeAsync("everything", path);
        var main = page.Locator("main");
        var filled = 0;
        var fields = main.Locator("input[type=text]:visible:enabled, input:not([type]):visible:enabled, input[type=search]:visible:enabled, input[type=number]:visible:enabled, textarea:visible:enabled");
        for (var i = 0; i < await fields.CountAsync(); i++)
        {
            var field = fields.Nth(i);
            if (await field.GetAttributeAsync("readonly") is not null)
            {
                continue;
            }
            var value = await field.GetAttributeAsync("type") == "number" ? "-99999999999999999999" : Nasty;
            await field.FillAsync(value, new() { Timeout = 5_000 });
            await field.BlurAsync();
            filled++;
        }
        var buttons = main.Locator("button:visible:enabled");
        var count = await buttons.CountAsync();
        var pressed = 0;
        for (var i = 0; i < count && i < 25; i++)
        {
            var button = buttons.Nth(i);
            if (!await button.IsVisibleAsync() || !await button.IsEnabledAsync())
            {
                continue;
            }
            try
            {
                await button.ClickAsync(new() { Timeout = 3_000 });
                pressed++;
            }
            catch (TimeoutException)
            {
                // Covered by a dialog the click before opened: closed below.
            }
            await page.Keyboard.PressAsync("Escape");
            // Pacing, not a measured time: the click's answer arrives over the circuit; an error bar seen late is still caught below.
            await page.WaitForTimeoutAsync(150);
            Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"{path}: the error bar after pressing button {i} ({await SafeTextAsync(button)})\n" + browser.App.Log[^Math.Min(browser.App.Log.Length, 3000)..]);
            if (!page.Url.EndsWith(path, StringComparison.Ordinal))
            {
                break;
            }
        }
        await page.WaitForTimeoutAsync(500);
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"{path}: the error bar");
        // The app is this test's alone: a circuit that failed anywhere on the way is in its log, whenever the bar showed.
        Assert.DoesNotContain("Unhandled exception", browser.App.Log, StringComparison.Ordinal);
        // What the console reported from the page's load on (BrowserFixture watches it): a script the security policy refuses is reported there.
        var console = BrowserFixture.ConsoleErrors(page);
        Assert.True(console.Count == 0, $"{path}: {string.Join("\n", console)}");
        await page.Context.CloseAsync();
        Assert.True(filled + pressed > 0, $"{path}: no field to fill and no button to press was found");
    }

    private static async Task<string> SafeTextAsync(ILocator button)
    {
        try
        {
            return (await button.InnerTextAsync(new() { Timeout = 1_000 })).Trim();
        }
        catch (TimeoutException)
        {
            return "?";
        }
    }
}
