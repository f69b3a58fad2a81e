using JadeStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>The main journeys on a phone (390×844): every header action on screen, the menu in a drawer.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MobileJourneyTests(BrowserFixture browser)
{
    /// <summary>Fully on screen and big enough to read and tap (WCAG 2.5.8: at least 24×24 CSS pixels).</summary>
    private static async Task AssertOnScreenAsync(ILocator control, string what)
    {
        await Expect(control).ToBeVisibleAsync();
        var box = (await control.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= BrowserFixture.Phone.Width, $"{what} is off screen: {box.X}+{box.Width}");
        Assert.True(box.Width >= 24 && box.Height >= 24, $"{what} is a {box.Width}×{box.Height} stub");
    }

    [Theory]
    [InlineData("en-US", "English")]
    [InlineData("de", "Deutsch")]
    [InlineData("he", "עברית")]
    public async Task Every_header_action_is_on_screen_and_usable_on_a_phone(string language, string autonym)
    {
        var page = await browser.SignedInAsync("reviewer", "/", BrowserFixture.Phone, language);

        await AssertOnScreenAsync(page.GetByTestId("nav-toggle"), "the menu button");
        var languageMenu = page.GetByTestId("language-menu").GetByRole(AriaRole.Button);
        await AssertOnScreenAsync(languageMenu, "the language picker");
        await Expect(languageMenu).ToContainTextAsync(autonym);
        await AssertOnScreenAsync(page.GetByTestId("theme-menu").GetByRole(AriaRole.Button), "the colour scheme menu");
        await AssertOnScreenAsync(page.GetByTestId("signout"), "sign out");
        // Nothing scrolls sideways.
        Assert.Equal(BrowserFixture.Phone.Width, await page.Locator("html").EvaluateAsync<int>("e => e.scrollWidth"));

        // The language menu opens, and Escape closes it again.
        await languageMenu.ClickAsync();
        await Expect(page.GetByTestId("language-he")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("language-he")).ToBeHiddenAsync();

        await page.GetByTestId("signout").ClickAsync();
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_menu_is_a_drawer_and_a_reviewer_judges_an_edit()
    {
        var page = await browser.SignedInAsync("reviewer", "/", BrowserFixture.Phone);
        // The page text has the whole width: the navigation waits in a closed drawer.
        await Expect(page.GetByTestId("nav-home")).Not.ToBeInViewportAsync();
        // The drawer learns the screen's width from the browser once the circuit is up, and only then closes itself
        // (the button then says so); a tap before that would close what was never shown.
        await Expect(page.GetByTestId("nav-toggle")).ToHaveAttributeAsync("aria-expanded", "false");
        await page.GetByTestId("nav-toggle").ClickAsync();
        await Expect(page.GetByTestId("nav-home")).ToBeInViewportAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Wikis" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wikis$"));

        await page.GotoAsync("/artifact/enwiki/diff/556677");
        await BrowserFixture.WaitForCircuitAsync(page);
        var form = page.GetByTestId("facet-editquality").GetByTestId("propose-form");
        await form.GetByTestId("answer-damaging").GetByText("Not damaging").TapAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Good faith", new() { Exact = true }).TapAsync();
        await form.GetByTestId("propose-submit").TapAsync();
        await Expect(form.GetByTestId("propose-message")).ToContainTextAsync("Your judgment was saved.");
        await AssertOnScreenAsync(page.GetByTestId("proposal").First, "the saved proposal");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_recent_changes_begin_on_the_first_screen_with_their_filters_folded_behind_a_button()
    {
        var page = await browser.SignedInAsync("reviewer", "/recentchanges", BrowserFixture.Phone);
        await BrowserFixture.WaitForCircuitAsync(page);
        // The filters filled the first screen: folded, the live switch and the first lines are on it.
        await Expect(page.GetByTestId("filter-wiki")).Not.ToBeVisibleAsync();
        await Expect(page.GetByTestId("changes-live")).ToBeInViewportAsync();
        await page.GetByTestId("changes-filters-toggle").TapAsync();
        await Expect(page.GetByTestId("filter-wiki")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("changes-filters-toggle")).ToHaveAttributeAsync("aria-expanded", "true");

        // Wider, they are always open and the button is gone.
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/recentchanges");
        await Expect(page.GetByTestId("filter-wiki")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("changes-filters-toggle")).Not.ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The forms, each with an account that may use it.</summary>
    private static readonly (string Account, string Path)[] Forms =
    [
        ("reviewer", "/artifact/enwiki/diff/880001"), ("researcher", "/campaigns/new"), ("researcher", "/analysis/cswiki"),
        ("sysop", "/abusefilter/new"), ("sysop", "/blocks"), ("sysop", "/rollback"), ("reviewer", "/recentchanges"),
        ("reviewer", "/preferences/tokens"), ("reviewer", "/log"), ("reviewer", "/search"), ("reviewer", "/wikis/enwiki/artifacts"),
        ("reviewer", "/preferences"), ("sysop", "/query"), ("sysop", "/groups"), ("oversighter", "/oversight"),
    ];

    /// <summary>
    /// A field's label (and a list's chosen value) is one line that is cut with "…" where it does not fit: on a phone (and
    /// the narrowest, 320 px wide) and on a desktop (where a field beside others is only as wide as its value), in
    /// English, German (the longest words) and Hebrew, none is cut, so no field hides what it asks for (help goes under
    /// the field), nor does a field run under its neighbour. The analysis has a model version chosen (a value of one
    /// character) and the numbers its operating point's field needs.
    /// </summary>
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("he")]
    public async Task No_fields_label_is_cut_off_or_covered_on_a_phone_or_a_desktop(string language)
    {
        // An edit of its own per language: the same judgment twice would be refused as already made.
        var revId = 880101 + Array.IndexOf<string>(["en", "de", "he"], language);
        var token = await browser.TokenAsync("researcher", "uploadartifacts", "judge");
        using (var api = new HttpClient { BaseAddress = browser.App.BaseAddress })
        {
            var scores = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/wikis/cswiki/scores", token,
                $"rev_id,model,version,prediction,probability\n{revId},damaging,1,true,0.83\n", "text/csv"));
            Assert.Equal(System.Net.HttpStatusCode.OK, scores.StatusCode);
            var judged = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/cswiki/diff/{revId}/judgments", token,
                "{\"facet\":\"editquality\",\"labeldata\":" + CoreHarness.EditQuality(true, false) + "}"));
            Assert.True(judged.IsSuccessStatusCode);
        }
        var cut = new List<string>();
        foreach (var account in Forms.Select(f => f.Account).Distinct())
        {
            var page = await browser.SignedInAsync(account, "/", BrowserFixture.Phone, language);
            foreach (var (path, width) in Forms.Where(f => f.Account == account).SelectMany(f => new[] { (f.Path, BrowserFixture.Phone.Width), (f.Path, 320), (f.Path, 1280) }))
            {
                await page.SetViewportSizeAsync(width, BrowserFixture.Phone.Height);
                await page.GotoAsync(path);
                await BrowserFixture.WaitForCircuitAsync(page);
                // Recent changes fold their filters away on a phone: opened, their fields are checked too.
                if (await page.GetByTestId("changes-filters-toggle").IsVisibleAsync())
                {
                    await page.GetByTestId("changes-filters-toggle").ClickAsync();
                    await Expect(page.GetByTestId("filter-wiki")).ToBeVisibleAsync();
                }
                // Strictly wider: the widths are whole pixels, and a text a fraction of one too wide already ends in "…".
                var labels = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('label.mud-input-label, .mud-select-input')]
                        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth)
                        .map(e => e.textContent.trim())
                    """);
                cut.AddRange(labels.Select(label => $"{path} at {width} px: {label}"));
                // Nor does a field run under the field or button beside it (MudBlazor puts a field's Style on the box
                // inside it: a minimum width there once let the operating point's field run under its button).
                var overlaps = await page.EvaluateAsync<string[]>("""
                    () => {
                        const boxes = [...document.querySelectorAll('.mud-input-control, .mud-input, button')].filter(e => e.offsetParent !== null);
                        const found = [];
                        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                            const [a, b] = [boxes[i], boxes[j]];
                            if (a.contains(b) || b.contains(a)) continue;
                            const [r, s] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
                            if (Math.min(r.right, s.right) - Math.max(r.left, s.left) > 1 && Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top) > 1)
                                found.push(`${a.dataset.testid ?? a.textContent.trim()} over ${b.dataset.testid ?? b.textContent.trim()}`);
                        }
                        return found;
                    }
                    """);
                cut.AddRange(overlaps.Select(overlap => $"{path} at {width} px: {overlap}"));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(cut.Count == 0, "Cut off: " + string.Join("; ", cut));
    }

    /// <summary>
    /// A chosen value longer than its field wraps instead of ending in "…": which proposal a new thread is about must be
    /// read whole on the narrowest phone.
    /// </summary>
    [Fact]
    public async Task A_long_choice_is_read_whole_on_the_narrowest_phone()
    {
        const long revId = 777501;
        var token = await browser.TokenAsync("reviewer", "judge");
        using (var api = new HttpClient { BaseAddress = browser.App.BaseAddress })
        {
            var judged = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/enwiki/diff/{revId}/judgments", token,
                """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}"""));
            Assert.Equal(System.Net.HttpStatusCode.Created, judged.StatusCode);
        }
        var page = await browser.SignedInAsync("reviewer", $"/artifact/enwiki/diff/{revId}", new ViewportSize { Width = 320, Height = 640 }, "de");

        await page.Locator("[data-testid=thread-subject]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "den Vorschlag" }).ClickAsync();

        var chosen = page.Locator("div[data-testid=thread-subject]");
        await Expect(chosen).ToHaveTextAsync("den Vorschlag „Nicht schädlich · In gutem Glauben“");
        Assert.False(await chosen.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "The chosen subject is cut off.");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// A word longer than a phone's line in what someone wrote (a run of letters, an address) breaks inside its line
    /// instead of widening the page: a proposal's notes, an endorsement's comment, a thread's title and comments (a code
    /// block scrolls inside itself instead), a block's reason, an oversight request's reason, an abuse filter's
    /// description and the text it caught, a campaign's name and its tasks' field names and values — on every page that
    /// shows them, search results and a list to choose from included; nor does an address's long unknown wiki or revision,
    /// repeated in the page's error.
    /// </summary>
    [Fact]
    public async Task A_word_longer_than_the_line_in_what_someone_wrote_breaks_instead_of_widening_a_phones_page()
    {
        const long revId = 777901;
        var word = string.Concat(Enumerable.Repeat("Supercalifragilistic", 10));
        var reviewer = await browser.TokenAsync("reviewer", "judge", "comment");
        var admin = await browser.TokenAsync("admin", "block", "abusefilter-modify");
        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        async Task<System.Text.Json.JsonElement> SendAsync(string token, string path, string json, bool refused = false)
        {
            var response = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, path, token, json));
            Assert.True(response.IsSuccessStatusCode != refused, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await ApiHarness.JsonAsync(response);
        }
        await SendAsync(reviewer, $"api/v1/artifacts/enwiki/diff/{revId}/judgments",
            $$"""{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":true},"notes":"{{word}}","comment":"{{word}}"}""");
        var thread = await SendAsync(reviewer, $"api/v1/artifacts/enwiki/diff/{revId}/threads",
            $$"""{"title":"{{word[..150]}}","text":"{{word}} https://example.org/{{word}}\n\n```\n{{word}}\n```"}""");
        var reviewerId = thread.GetProperty("author").GetProperty("id").GetInt64();
        var comment = thread.GetProperty("comments")[0].GetProperty("id").GetInt64();
        await SendAsync(reviewer, "api/v1/oversight-requests", $$"""{"kind":"comment","id":{{comment}},"field":"text","reason":"{{word}}"}""");
        // A partial block on another artifact: the reviewer's other journeys are not held back.
        var expiry = DateTimeOffset.UtcNow.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(admin, "api/v1/blocks",
            $$"""{"user":{{reviewerId}},"sitewide":false,"artifacts":["enwiki/diff/{{revId + 1}}"],"expiry":"{{expiry}}","reason":"{{word}}"}""");
        await SendAsync(admin, "api/v1/abusefilters", $$"""{"description":"{{word[..100]}}","words":["phonewrapcheck"],"action":"warn","private":false}""");
        await SendAsync(reviewer, $"api/v1/artifacts/enwiki/diff/{revId}/judgments",
            $$"""{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true},"comment":"phonewrapcheck {{word}}"}""", refused: true);

        var small = new ViewportSize { Width = 320, Height = 640 };
        var wide = new List<string>();
        async Task CheckAsync(string account, params string[] paths)
        {
            var page = await browser.SignedInAsync(account, paths[0], small);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                await BrowserFixture.WaitForCircuitAsync(page);
                // Each page is checked once it shows the word (a list's lines come with its first read).
                await Expect(page.Locator("main").GetByText(word[..40]).First).ToBeAttachedAsync();
                var width = await page.Locator("html").EvaluateAsync<int>("e => e.scrollWidth");
                if (width > small.Width)
                {
                    wide.Add($"{path}: {width} px");
                }
            }
            await page.Context.CloseAsync();
        }
        await CheckAsync("admin", $"/artifact/enwiki/diff/{revId}", "/wikis/enwiki/discussions", "/recentchanges", "/contributions/Dev_Reviewer",
            "/log", "/blocks", "/abusefilter/log", "/search?q=" + word, $"/wikis/{word}/artifacts", $"/artifact/enwiki/diff/{word}");
        await CheckAsync("oversighter", "/oversight");

        // A campaign's name and its tasks' field names and values come from a researcher's upload: the labeling view
        // shows them, and the analysis offers the campaign by name in a list as wide as its field.
        var campaign = await browser.CampaignAsync($$"""{"wiki":"enwiki","name":"{{word[..150]}}","labelsPerTask":1,"tasksPerWorkset":1}""",
            $$"""{"rev_id":777903,"{{word[..100]}}":1,"note":"{{word}}"}""" + "\n", "application/x-ndjson");
        var labeler = await browser.SignedInAsync("reviewer", $"/campaigns/{campaign}", small);
        await labeler.GetByTestId("request-workset").ClickAsync();
        await Expect(labeler.GetByTestId("task-data")).ToContainTextAsync(word[..40]);
        var labelingWidth = await labeler.Locator("html").EvaluateAsync<int>("e => e.scrollWidth");
        if (labelingWidth > small.Width)
        {
            wide.Add($"the labeling view: {labelingWidth} px");
        }
        await labeler.Context.CloseAsync();
        var analysis = await browser.SignedInAsync("researcher", "/analysis/enwiki", small);
        await analysis.Locator("[data-testid=analysis-campaign]").ClickAsync();
        var choice = analysis.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = word[..40] });
        await Expect(choice).ToBeVisibleAsync();
        if (await choice.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > document.documentElement.clientWidth"))
        {
            wide.Add("the analysis's campaign list: the name is cut off");
        }
        await analysis.Context.CloseAsync();
        Assert.True(wide.Count == 0, "A long word widens the page at 320 pixels: " + string.Join("; ", wide));
    }

    private static readonly string[] SysopPages =
    [
        "/redaction-terms", "/preferences/jobs", "/preferences/tokens", "/api", "/abusefilter", "/abusefilter/new", "/abusefilter/log", "/dumps",
        "/recentchanges", "/wikis", "/campaigns", "/log", "/blocks", "/rollback", "/groups", "/oversight", "/query",
    ];

    /// <summary>
    /// On the smallest phones (320 pixels) nothing makes the page scroll sideways: not a heading that is one long German
    /// word, not a row of checkboxes, not a table's long paths; nor does a table scroll sideways in its own frame (its rows
    /// are cards: the campaign's worksets, the dumps, the API's endpoints).
    /// </summary>
    [Theory]
    [InlineData("de")]
    [InlineData("he")]
    public async Task No_page_scrolls_sideways_on_a_small_phone(string language)
    {
        // The labeling view of a workset of 60 tasks (its numbered list, the edit, the form) with the rest.
        var campaign = await browser.CampaignAsync($$"""{"wiki":"cswiki","name":"Small phone {{language}}","labelsPerTask":1,"tasksPerWorkset":60}""",
            string.Join('\n', Enumerable.Range(13600000, 60)) + "\n");
        var page = await browser.SignedInAsync("sysop", $"/campaigns/{campaign}", new ViewportSize { Width = 320, Height = 640 }, language);
        await page.GetByTestId("request-workset").ClickAsync();
        await Expect(page.GetByTestId("workset-task-60")).ToBeAttachedAsync();
        var wide = new List<string>();
        async Task CheckAsync(IPage on, string path)
        {
            // What is folded away (a chart's numbers, the query's tables) is checked open, as a reader opens it.
            await on.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
            var width = await on.Locator("html").EvaluateAsync<int>("e => e.scrollWidth");
            if (width > 320)
            {
                wide.Add($"{path}: {width} px");
            }
            var tables = await on.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.mud-table-container')]
                    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
                    .map(e => `${e.closest('[data-testid]')?.dataset.testid}: ${e.scrollWidth} px`)
                """);
            wide.AddRange(tables.Select(table => $"{path}, table {table}"));
        }
        foreach (var path in SysopPages.Append($"/campaigns/{campaign}/label").Append($"/campaigns/{campaign}").Append($"/campaigns/{campaign}/stats").Append("/wikis/enwiki/activity"))
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitForCircuitAsync(page);
            await CheckAsync(page, path);
        }
        // The dumps as the one who may write them sees them, with at least one: a run is asked for only when none was
        // written yet (each public dump is rewritten after every redaction the later tests make).
        var steward = await browser.SignedInAsync("oversighter", "/dumps", new ViewportSize { Width = 320, Height = 640 }, language);
        await BrowserFixture.WaitForCircuitAsync(steward);
        if (await steward.GetByTestId("dump-row").CountAsync() == 0)
        {
            await steward.GetByTestId("dumps-request").ClickAsync();
        }
        await Expect(steward.GetByTestId("dump-row").First).ToBeAttachedAsync(new() { Timeout = 60_000 });
        await CheckAsync(steward, "/dumps");
        await steward.Context.CloseAsync();
        await page.Context.CloseAsync();
        Assert.True(wide.Count == 0, "Scrolls sideways at 320 pixels: " + string.Join("; ", wide));
    }
}
