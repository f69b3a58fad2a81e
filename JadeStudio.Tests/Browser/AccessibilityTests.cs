using System.Net;
using JadeStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// axe-core over the main pages in light and dark, English and Hebrew (right to left): no serious or critical
/// violation (contrast included), and every interactive control can be reached with Tab. Each page is loaded once and
/// checked in the light scheme, then again once the browser has switched to dark, as a reader's system does at dusk.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly SemaphoreSlim CampaignLock = new(1, 1);
    private static string? _campaign;

    /// <summary>
    /// Made once through the API: a campaign with tasks for the campaign page and the labeling view, and on the
    /// artifact page a judgment, a score and a comment with a link.
    /// </summary>
    private async Task<string> CampaignAsync()
    {
        await CampaignLock.WaitAsync();
        try
        {
            if (_campaign is null)
            {
                var token = await browser.TokenAsync("researcher", "createcampaign", "uploadartifacts", "judge", "comment");
                using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
                // The artifact page with what it can show: a judgment, a model score and a comment with a link
                // (links in comments and the score box were unreadable in dark mode once).
                var score = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/wikis/enwiki/scores", token,
                    "rev_id,model,version,prediction,probability\n880001,damaging,1,true,0.83\n", "text/csv"));
                Assert.Equal(HttpStatusCode.OK, score.StatusCode);
                var judged = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/artifacts/enwiki/diff/880001/judgments", token,
                    "{\"facet\":\"editquality\",\"labeldata\":" + CoreHarness.EditQuality(true, false) + ",\"notes\":\"Blanks the lead.\"}"));
                Assert.True(judged.IsSuccessStatusCode);
                var thread = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/artifacts/enwiki/diff/880001/threads", token,
                    """{"title": "Reverted?", "text": "See [the revert guideline](https://en.wikipedia.org/wiki/Help:Reverting) and *why*."}"""));
                Assert.Equal(HttpStatusCode.Created, thread.StatusCode);
                var created = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/campaigns", token,
                    $$"""{"wiki":"enwiki","name":"Accessible {{Guid.NewGuid().ToString("N")[..6]}}","form":"editquality","labelsPerTask":3,"tasksPerWorkset":5,"instructions":"Judge the **edit**."}"""));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var id = (await ApiHarness.JsonAsync(created)).GetProperty("id").GetInt64();
                var upload = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/campaigns/{id}/tasks", token, "{\"rev_id\": 880001, \"before\": \"Old text\", \"after\": \"New text\"}\n{\"rev_id\": 880002}\n", "application/x-ndjson"));
                Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
                _campaign = $"/campaigns/{id}";
            }
            return _campaign;
        }
        finally
        {
            CampaignLock.Release();
        }
    }

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "home", "artifact", "labeling", "campaign", "analysis", "oversight", "blocks" })
        {
            foreach (var language in new[] { "en", "he" })
            {
                data.Add(page, language);
            }
        }
        return data;
    }

    /// <summary>
    /// The other pages, each in both schemes (the layout in Hebrew is covered above); {campaign}, {filter} and {researcher} stand for a
    /// campaign, an abuse filter and the account made for the check.
    /// </summary>
    public static TheoryData<string> OtherPages() => new(SignedInPaths);

    private static readonly string[] SignedInPaths =
    [
        "/wikis", "/wikis/enwiki/artifacts", "/wikis/enwiki/discussions", "/campaigns", "/campaigns/{campaign}/stats", "/campaigns/{campaign}/edit",
        "/search?q=revert", "/watchlist", "/preferences", "/preferences/rights", "/preferences/tokens", "/preferences/jobs", "/groups", "/rollback",
        "/log/suppression", "/log", "/recentchanges", "/contributions/{researcher}", "/wikis/enwiki/activity", "/abusefilter", "/abusefilter/log",
        "/abusefilter/new", "/abusefilter/{filter}", "/analysis", "/patrol/cswiki", "/api", "/campaigns/new", "/dumps", "/query", "/redaction-terms", "/not-found",
    ];

    /// <summary>What a reader sees before signing in (the layout offers the sign-in instead of the user's menu).</summary>
    private static readonly string[] AnonymousPaths =
    [
        "/", "/signin", "/artifact/enwiki/diff/880001", "/campaigns/{campaign}", "/wikis/enwiki/artifacts", "/recentchanges", "/search?q=revert", "/not-found", "/error",
    ];

    /// <summary>The main pages of <see cref="Pages"/>, as <see cref="OpenAsync"/> opens them, and the page a journey checks.</summary>
    private static readonly string[] CheckedElsewhere =
    [
        "/", "/artifact/enwiki/diff/880001", "/campaigns/{campaign}", "/campaigns/{campaign}/label", "/analysis/enwiki", "/oversight", "/blocks",
        "/query/{query}", // DumpsJourneyTests: a saved query needs a dump
    ];

    public static TheoryData<string> AnonymousPages() => new(AnonymousPaths);

    private async Task<string> AddressAsync(string path)
    {
        if (path.Contains("{campaign}", StringComparison.Ordinal))
        {
            path = path.Replace("/campaigns/{campaign}", await CampaignAsync(), StringComparison.Ordinal);
        }
        if (path.Contains("{researcher}", StringComparison.Ordinal))
        {
            // The researcher's account and judgments are made with the campaign: their contributions are not empty.
            await CampaignAsync();
            path = path.Replace("{researcher}", "Dev_Researcher", StringComparison.Ordinal);
        }
        if (path.Contains("{filter}", StringComparison.Ordinal))
        {
            path = path.Replace("{filter}", await FilterAsync(), StringComparison.Ordinal);
        }
        return path;
    }

    private static readonly SemaphoreSlim FilterLock = new(1, 1);
    private static string? _filter;

    private async Task<string> FilterAsync()
    {
        await FilterLock.WaitAsync();
        try
        {
            if (_filter is null)
            {
                var token = await browser.TokenAsync("admin", "abusefilter-modify");
                using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
                var created = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/abusefilters", token,
                    """{"description":"Link spam","words":["buy-cheap-pills"],"action":"warn","throttleCount":1,"throttleSeconds":600,"private":false}"""));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                _filter = (await ApiHarness.JsonAsync(created)).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return _filter;
        }
        finally
        {
            FilterLock.Release();
        }
    }

    [Theory]
    [MemberData(nameof(OtherPages))]
    public async Task Every_other_page_has_no_serious_or_critical_accessibility_violation(string path)
    {
        // The oversighter sees every page, the suppression log included; the researcher's pages are alike.
        var page = await browser.SignedInBeforeAsync("oversighter", await AddressAsync(path));
        await AssertNoSeriousViolationInBothSchemesAsync(page);
    }

    [Theory]
    [MemberData(nameof(AnonymousPages))]
    public async Task A_page_opened_without_signing_in_has_no_serious_or_critical_accessibility_violation(string path)
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(await AddressAsync(path));
        Assert.NotNull(response);
        // The error page is served without a circuit (it must show when the app cannot run one).
        if (path != "/error")
        {
            await BrowserFixture.WaitForCircuitAsync(page);
        }
        await Expect(page.GetByTestId("signout")).ToHaveCountAsync(0);
        await AssertNoSeriousViolationAsync(page);
    }

    [Fact]
    public void Every_page_of_the_app_is_checked()
    {
        var checkedPaths = SignedInPaths.Concat(AnonymousPaths).Concat(CheckedElsewhere).Select(p => p.Split('?')[0]).ToList();
        var missing = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), inherit: false).Cast<Microsoft.AspNetCore.Components.RouteAttribute>())
            .Select(route => route.Template)
            .Where(template =>
            {
                // A number's place ({Id:long}) takes digits or a stand-in such as {filter}, so /abusefilter/new is not /abusefilter/{Id:long}.
                var pattern = "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(template), @"\\\{[^/]+?\}",
                    placeholder => placeholder.Value.EndsWith(":long}", StringComparison.Ordinal) ? @"([0-9]+|\{[a-z]+\})" : "[^/]+") + "$";
                return !checkedPaths.Any(path => System.Text.RegularExpressions.Regex.IsMatch(path, pattern));
            })
            .ToList();
        Assert.True(missing.Count == 0, "Pages no accessibility check opens: " + string.Join(", ", missing));
    }

    /// <summary>The check itself: what it must report is reported when put into a real page of the app.</summary>
    [Fact]
    public async Task The_check_reports_a_low_contrast_text_and_an_image_without_a_name()
    {
        var page = await browser.SignedInAsync("reviewer", "/");
        await page.EvaluateAsync("""
            () => document.querySelector('main').insertAdjacentHTML('beforeend',
                '<p style="color:#999;background:#aaa">Hard to read</p><img src="/assets/icons/jadestudio.svg">')
            """);
        var result = await Axe.RunAsync(page);
        await page.Context.CloseAsync();
        Assert.Contains(result.Violations, v => v.Id == "color-contrast" && v.Impact == "serious");
        Assert.Contains(result.Violations, v => v.Id == "image-alt" && v.Impact == "critical");
    }

    internal static Task AssertNoSeriousViolationAsync(IPage page) => AssertNoSeriousViolationAsync(page, bothSchemes: false);

    /// <summary>The page as it opened (light), then the same page once the browser prefers dark.</summary>
    private static Task AssertNoSeriousViolationInBothSchemesAsync(IPage page) => AssertNoSeriousViolationAsync(page, bothSchemes: true);

    private static async Task AssertNoSeriousViolationAsync(IPage page, bool bothSchemes)
    {
        var serious = SeriousOf("", await Axe.RunAsync(page));
        if (bothSchemes)
        {
            var lightBackground = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            // The palette follows the browser's preference at once (a stylesheet's media query); wait until it is painted
            // and the colours' transitions (a button's 250 ms) have ended, as a reader sees the page a moment later.
            await page.WaitForFunctionAsync("light => getComputedStyle(document.body).backgroundColor !== light", lightBackground);
            await page.EvaluateAsync("""
                () => Promise.all(document.getAnimations()
                    .filter(a => a.effect?.getTiming().iterations !== Infinity)
                    .map(a => a.finished.catch(() => null)))
                """);
            serious.AddRange(SeriousOf("dark: ", await Axe.RunAsync(page)));
        }
        // What the console said while the page loaded and was checked: a refused script or a missing resource is seen by every reader.
        var console = BrowserFixture.ConsoleErrors(page);
        await page.Context.CloseAsync();
        Assert.True(console.Count == 0, "The console reported:\n" + string.Join("\n", console));
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    private static List<string> SeriousOf(string scheme, Deque.AxeCore.Commons.AxeResult result) =>
        result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{scheme}{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target + " " + n.Html))}")
            .ToList();

    /// <summary>The page open as its usual user: the labeling view with a task, the blocks page with its form.</summary>
    private async Task<IPage> OpenAsync(string name, string language)
    {
        var (account, path) = name switch
        {
            "home" => ("reviewer", "/"),
            "artifact" => ("reviewer", await CampaignAsync() is { } ? "/artifact/enwiki/diff/880001" : ""),
            "labeling" => ("reviewer", await CampaignAsync()),
            "campaign" => ("researcher", await CampaignAsync()),
            "analysis" => ("researcher", "/analysis/enwiki"),
            "oversight" => ("oversighter", "/oversight"),
            "blocks" => ("admin", "/blocks"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var page = await browser.SignedInBeforeAsync(account, path, language);
        if (name == "labeling")
        {
            await page.GetByTestId("request-workset").ClickAsync();
            await Expect(page.GetByTestId("task")).ToBeVisibleAsync();
        }
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        return page;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_or_critical_accessibility_violation(string name, string language)
    {
        await AssertNoSeriousViolationInBothSchemesAsync(await OpenAsync(name, language));
    }

    [Theory]
    [InlineData("home")]
    [InlineData("artifact")]
    [InlineData("labeling")]
    [InlineData("campaign")]
    [InlineData("blocks")]
    public async Task Every_interactive_control_is_reached_with_Tab(string name)
    {
        var page = await OpenAsync(name, "en");
        // Every visible control a mouse user could use, marked so the walk can tick them off.
        var count = await page.Locator("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])")
            .EvaluateAllAsync<int>("""
                els => els.filter(e => {
                    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                    // tabindex=-1: taken out of the tab order by its component, which offers the key another way
                    // (a date field opens its calendar with the keyboard; a checkbox's icon takes the focus).
                    return e.tabIndex >= 0 && r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && e.closest('[inert], [aria-hidden=true]') === null;
                }).map((e, i) => {
                    // A radio group is one tab stop (arrow keys move inside it), as in every browser.
                    e.dataset.tabTarget = e.type === 'radio' && e.name ? 'radio:' + e.name : String(i);
                    return e.dataset.tabTarget;
                }).filter((t, i, all) => all.indexOf(t) === i).length
                """);
        Assert.True(count > 3, $"only {count} controls found");

        var reached = new HashSet<string>();
        for (var i = 0; i < count * 2 + 10 && reached.Count < count; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var target = await page.Locator(":focus").EvaluateAllAsync<string?>("els => els.length ? (els[0].dataset.tabTarget ?? els[0].closest('[data-tab-target]')?.dataset.tabTarget ?? null) : null");
            if (target is not null)
            {
                reached.Add(target);
            }
        }
        var missed = await page.Locator("[data-tab-target]").EvaluateAllAsync<string[]>(
            "(els, reached) => els.filter(e => !reached.includes(e.dataset.tabTarget)).map(e => e.outerHTML.slice(0, 200))", reached.ToArray());
        await page.Context.CloseAsync();
        Assert.True(missed.Length == 0, "Not reachable with Tab:\n" + string.Join("\n", missed));
    }
}
