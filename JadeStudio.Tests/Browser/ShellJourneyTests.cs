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
    public async Task An_open_page_keeps_its_circuit_over_a_websocket_to_this_site_which_the_security_policy_allows()
    {
        var page = await browser.NewPageAsync();
        var sockets = new List<string>();
        page.WebSocket += (_, socket) =>
        {
            lock (sockets)
            {
                sockets.Add(socket.Url);
            }
        };
        await page.GotoAsync("/recentchanges");
        await BrowserFixture.WaitForCircuitAsync(page);

        // A policy that refused the socket would leave the circuit to fall back to slower transports, with an error in the console.
        var site = new Uri(page.Url);
        lock (sockets)
        {
            var socket = new Uri(Assert.Single(sockets));
            Assert.Equal(("ws", site.Authority, "/_blazor"), (socket.Scheme, socket.Authority, socket.AbsolutePath));
        }
        Assert.Empty(BrowserFixture.ConsoleErrors(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Choosing_Hebrew_in_the_language_selector_turns_the_page_right_to_left_and_stays_chosen()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByTestId("language-menu").GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("language-he").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("שיפוט עריכות בוויקי, ביחד");
        // MudBlazor's own right-to-left layout follows: the drawer opens from the right.
        await Expect(page.Locator(".mud-application-layout-rtl")).ToHaveCountAsync(1);

        // The choice is remembered: a new visit to another page is still in Hebrew.
        await page.GotoAsync("/signin");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "he");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// English written on a Hebrew page reads in its own direction, as MediaWiki's bdi and dir="auto" make it: a comment,
    /// a thread's title and a proposal's notes end with their punctuation at their end (the page's direction had put it
    /// before the first word), and a comment's Latin author name stays first (rightmost) before the date.
    /// </summary>
    [Fact]
    public async Task English_written_on_a_Hebrew_page_reads_left_to_right_in_its_place()
    {
        const long revId = 777601;
        var token = await browser.TokenAsync("reviewer", "judge", "comment");
        using (var api = new HttpClient { BaseAddress = browser.App.BaseAddress })
        {
            var judged = await api.SendAsync(JadeStudio.Tests.Support.ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/enwiki/diff/{revId}/judgments", token,
                """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":true},"notes":"Removes a sourced sentence."}"""));
            Assert.True(judged.IsSuccessStatusCode);
            var thread = await api.SendAsync(JadeStudio.Tests.Support.ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/enwiki/diff/{revId}/threads", token,
                """{"title":"Sourced?","text":"The removed sentence had a source."}"""));
            Assert.True(thread.IsSuccessStatusCode);
        }
        var page = await browser.NewPageAsync("he");
        await page.GotoAsync($"/artifact/enwiki/diff/{revId}");
        // Measured once the page is interactive: a text measured while the first render replaces it has no position.
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("comment")).ToContainTextAsync("The removed sentence had a source.");

        // Where a text's last character is drawn against its first: right of it when the text reads left to right.
        const string endsRightOfStart = """
            e => {
                const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
                const texts = [];
                while (walker.nextNode()) if (walker.currentNode.textContent.trim()) texts.push(walker.currentNode);
                const at = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
                const first = texts[0], last = texts[texts.length - 1];
                const start = first.textContent.search(/\S/), end = last.textContent.trimEnd().length - 1;
                return at(last, end) > at(first, start);
            }
            """;
        Assert.True(await page.GetByTestId("comment").Locator(".jade-comment-text p").EvaluateAsync<bool>(endsRightOfStart), "The comment's full stop is drawn before its first word.");
        Assert.True(await page.GetByTestId("thread-heading").EvaluateAsync<bool>(endsRightOfStart), "The thread title's question mark is drawn before its first word.");
        Assert.True(await page.Locator(".jade-notes").EvaluateAsync<bool>(endsRightOfStart), "The notes' full stop is drawn before their first word.");
        var authorFirst = await page.GetByTestId("comment").Locator(".jade-muted").First.EvaluateAsync<bool>("""
            meta => {
                const author = meta.querySelector('[data-testid=user-link]').getBoundingClientRect();
                const date = [...meta.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes('UTC'));
                const range = document.createRange();
                range.selectNodeContents(date);
                return author.left > range.getBoundingClientRect().right - 1;
            }
            """);
        Assert.True(authorFirst, "The comment's author is drawn after its date on a right-to-left page.");
        await page.Context.CloseAsync();
    }

    // The page's background as the reader sees it.
    private const string DarkBackground = "rgb(18, 18, 18)";
    private const string LightBackground = "rgb(255, 255, 255)";

    [Fact]
    public async Task The_colour_scheme_follows_the_browser_until_the_visitor_picks_one_which_survives_a_reload()
    {
        var page = await browser.NewPageAsync(colorScheme: ColorScheme.Dark);
        await page.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);

        await page.GetByTestId("theme-menu").GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("theme-light").ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);

        // The choice beats the browser's preference, from the first paint of the next page on.
        await page.ReloadAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);

        await page.GetByTestId("theme-menu").GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("theme-dark").ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_following_a_dark_browser_is_dark_from_its_first_paint_without_any_script()
    {
        // No JavaScript: no circuit can switch anything; what shows is the page as the server sent it.
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.App.BaseAddress.ToString(), ColorScheme = ColorScheme.Dark, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "system");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await context.CloseAsync();

        var light = await browser.Browser.NewContextAsync(new() { BaseURL = browser.App.BaseAddress.ToString(), ColorScheme = ColorScheme.Light, JavaScriptEnabled = false });
        var lightPage = await light.NewPageAsync();
        await lightPage.GotoAsync("/");
        await Expect(lightPage.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        await light.CloseAsync();
    }

    [Fact]
    public async Task A_signed_in_users_colour_scheme_is_saved_with_the_account_and_follows_them_to_another_browser()
    {
        var page = await browser.SignedInAsync("researcher", "/");
        await page.GetByTestId("theme-menu").GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("theme-dark").ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);

        var elsewhere = await browser.SignedInAsync("researcher", "/campaigns");
        await Expect(elsewhere.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await elsewhere.GetByTestId("theme-menu").GetByRole(AriaRole.Button).ClickAsync();
        await elsewhere.GetByTestId("theme-system").ClickAsync();
        await Expect(elsewhere.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        await page.Context.CloseAsync();
        await elsewhere.Context.CloseAsync();
    }

    /// <summary>
    /// A tab, a bookmark or the history names the page and the site, as MediaWiki's "Recent changes - Wikipedia": every
    /// page's title is its heading, then "JadeStudio" (the home page's is the site's name alone), in the viewer's
    /// language, and it follows the page when the circuit navigates without a reload.
    /// </summary>
    [Theory]
    [InlineData("en", "Recent changes", "Blocks")]
    [InlineData("he", "שינויים אחרונים", "חסימות")]
    public async Task Every_pages_tab_names_the_page_then_the_site(string language, string recentChanges, string blocks)
    {
        var page = await browser.SignedInAsync("sysop", "/", acceptLanguage: language);
        await Expect(page).ToHaveTitleAsync("JadeStudio");
        var wrong = new List<string>();
        foreach (var path in new[] { "/recentchanges", "/wikis", "/campaigns", "/campaigns/new", "/log", "/blocks", "/groups", "/oversight", "/dumps", "/query", "/api", "/abusefilter", "/preferences", "/preferences/tokens", "/redaction-terms", "/analysis", "/wikis/cswiki/artifacts", "/no-such-page" })
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitForCircuitAsync(page);
            var heading = (await page.Locator("main h1").First.TextContentAsync())!.Trim();
            var title = await page.TitleAsync();
            if (title != heading + " – JadeStudio")
            {
                wrong.Add($"{path}: \"{title}\" under the heading \"{heading}\"");
            }
        }
        Assert.True(wrong.Count == 0, "Tab titles: " + string.Join("; ", wrong));

        await page.GotoAsync("/recentchanges");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page).ToHaveTitleAsync(recentChanges + " – JadeStudio");
        await page.Locator("#jade-nav a[href='blocks']").ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync(blocks);
        await Expect(page).ToHaveTitleAsync(blocks + " – JadeStudio");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Until_the_page_is_live_its_controls_are_off_so_nothing_typed_there_is_dropped_but_the_plain_search_form_works()
    {
        var page = await browser.NewPageAsync(storageState: await browser.SessionOfAsync("reviewer"));
        // Blazor's script held back: the page stays as the server prerendered it, as on a slow network.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/_framework/blazor.web*.js", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("/artifact/enwiki/diff/880001", new() { WaitUntil = WaitUntilState.Commit });
        var title = page.GetByTestId("new-thread").GetByTestId("thread-title");
        await Expect(title).ToBeDisabledAsync();

        release.SetResult();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(title).ToBeEnabledAsync();
        await title.FillAsync("Typed once live");
        await Expect(page.GetByTestId("new-thread").GetByTestId("thread-title")).ToHaveValueAsync("Typed once live");

        // The search page is a plain GET form: usable from the first byte, live or not.
        var search = await browser.NewPageAsync(storageState: await browser.SessionOfAsync("reviewer"));
        await search.RouteAsync("**/_framework/blazor.web*.js", route => route.AbortAsync());
        await search.GotoAsync("/search");
        await search.GetByTestId("search-text").FillAsync("quokka");
        await search.GetByTestId("search-text").PressAsync("Enter");
        await Expect(search).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("search\\?q=quokka"));
        await page.Context.CloseAsync();
        await search.Context.CloseAsync();
    }
}
