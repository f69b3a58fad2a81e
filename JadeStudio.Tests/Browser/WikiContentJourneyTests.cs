using System.Globalization;
using JadeStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Judging without leaving JadeStudio: the edit from its wiki (a fake MediaWiki here) on the artifact page and beside the labeling form.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WikiContentJourneyTests(FakeWikiFixture browser) : IClassFixture<FakeWikiFixture>
{
    private static long _revId = 23_000_000;

    private static long NextRevId() => Interlocked.Add(ref _revId, 10);

    [Fact]
    public async Task A_reviewer_sees_the_edits_title_editor_summary_and_diff_beside_the_judgments()
    {
        var revId = NextRevId();
        var token = await browser.TokenAsync("sysop", "judge");
        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        var judged = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/cswiki/diff/{revId}/judgments", token,
            """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}"""));
        Assert.True(judged.IsSuccessStatusCode, await judged.Content.ReadAsStringAsync());

        var page = await browser.SignedInAsync("reviewer", $"/artifact/cswiki/diff/{revId}");

        await Expect(page.GetByTestId("proposal")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("revision-title")).ToHaveTextAsync(FakeWikiFixture.Title);
        await Expect(page.GetByTestId("revision-user")).ToContainTextAsync(FakeWikiFixture.Editor);
        await Expect(page.GetByTestId("revision-summary")).ToContainTextAsync(FakeWikiFixture.Summary);
        await Expect(page.GetByTestId("revision-size")).ToHaveTextAsync("+193");
        var diff = page.GetByTestId("wiki-diff");
        await Expect(diff).ToContainTextAsync("Karlův most");
        await Expect(diff).ToHaveAttributeAsync("lang", "cs");
        await Expect(diff.Locator("td.diff-lineno").First).ToHaveTextAsync("Line 2:");
        await Expect(page.GetByTestId("revision-user").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/cswiki/wiki/Special:Contributions/"));

        // The page with the edit's content has no serious accessibility problem, in light and in dark.
        await AccessibilityTests.AssertNoSeriousViolationAsync(page);
        var dark = await browser.SignedInAsync("reviewer", $"/artifact/cswiki/diff/{revId}", colorScheme: ColorScheme.Dark);
        await Expect(dark.GetByTestId("wiki-diff")).ToContainTextAsync("Karlův most");
        await AccessibilityTests.AssertNoSeriousViolationAsync(dark);
    }

    [Fact]
    public async Task A_labeler_judges_three_edits_by_keyboard_with_the_diff_beside_the_form_each_read_ahead_and_not_asked_again()
    {
        var first = NextRevId();
        var revIds = Enumerable.Range(0, 4).Select(i => first + i).ToList();
        var campaign = await browser.CampaignAsync($$"""{"wiki":"nlwiki","name":"Diffs {{first}}","labelsPerTask":1,"tasksPerWorkset":4}""", string.Join('\n', revIds) + "\n");

        var labeler = await browser.SignedInAsync("reviewer", $"/campaigns/{campaign}");
        await labeler.GetByTestId("request-workset").ClickAsync();
        await Expect(labeler.GetByTestId("task")).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(labeler);
        await BrowserFixture.WaitForKeysAsync(labeler);

        // Giving the workset read all four diffs ahead; from now on the wiki is not asked for them again.
        await browser.DiffsAskedAsync("nlwiki", 4).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(revIds, id => Assert.Equal(1, browser.DiffRequests("nlwiki", id)));

        // Whenever the page changes, the diff under the task's heading must be that task's edit.
        await labeler.EvaluateAsync("""
            () => {
                window.jadeStaleDiffs = [];
                new MutationObserver(() => {
                    const heading = document.querySelector('[data-testid=task-artifact]');
                    const diff = document.querySelector('[data-testid=task] [data-testid=wiki-diff]');
                    if (heading && diff && !diff.textContent.includes('revize = ' + heading.textContent.split('/').pop())) {
                        window.jadeStaleDiffs.push(heading.textContent);
                    }
                }).observe(document.body, { childList: true, subtree: true, characterData: true });
            }
            """);
        for (var task = 0; task < 3; task++)
        {
            var shown = await labeler.GetByTestId("task-artifact").TextContentAsync();
            // The diff is this task's (never the last task's under the new heading), and beside the form (side by
            // side on a wide screen).
            var diff = labeler.GetByTestId("task").GetByTestId("wiki-diff");
            await Expect(diff).ToContainTextAsync(FakeWikiFixture.DiffLineNaming(long.Parse(shown!.Split('/')[^1], CultureInfo.InvariantCulture)));
            await Expect(diff).ToContainTextAsync("Karlův most");
            var diffBox = (await diff.BoundingBoxAsync())!;
            var formBox = (await labeler.GetByTestId("answer-damaging-false").BoundingBoxAsync())!;
            Assert.True(formBox.X > diffBox.X + diffBox.Width / 2, $"the form ({formBox.X}) is not beside the diff ({diffBox.X}+{diffBox.Width})");

            await labeler.Locator("body").FocusAsync();
            await labeler.Keyboard.PressAsync("Digit2");
            await labeler.Keyboard.PressAsync("Digit4");
            await labeler.Keyboard.PressAsync("Enter");
            await Expect(labeler.GetByTestId("task-artifact")).Not.ToHaveTextAsync(shown!);
        }
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("3 of 4 labeled");
        await Expect(labeler.GetByTestId("task").GetByTestId("wiki-diff")).ToContainTextAsync(FakeWikiFixture.DiffLineNaming(revIds[3]));
        Assert.Empty(await labeler.EvaluateAsync<string[]>("() => window.jadeStaleDiffs"));
        Assert.All(revIds, id => Assert.Equal(1, browser.DiffRequests("nlwiki", id)));
        // The labeling view with the diff beside the form has no serious accessibility problem either.
        await AccessibilityTests.AssertNoSeriousViolationAsync(labeler);
    }

    [Fact]
    public async Task On_a_phone_the_diff_stands_above_the_form_and_nothing_scrolls_sideways()
    {
        var revId = NextRevId();
        var campaign = await browser.CampaignAsync($$"""{"wiki":"cswiki","name":"Phone {{revId}}","labelsPerTask":1,"tasksPerWorkset":1}""", $"{revId}\n");

        var labeler = await browser.SignedInAsync("sysop", $"/campaigns/{campaign}", BrowserFixture.Phone);
        await labeler.GetByTestId("request-workset").ClickAsync();
        var diff = labeler.GetByTestId("task").GetByTestId("wiki-diff");
        await Expect(diff).ToContainTextAsync("Karlův most");

        var diffBox = (await diff.BoundingBoxAsync())!;
        var formBox = (await labeler.GetByTestId("answer-damaging-false").BoundingBoxAsync())!;
        Assert.True(formBox.Y >= diffBox.Y + diffBox.Height, $"the form ({formBox.Y}) is not below the diff ({diffBox.Y}+{diffBox.Height})");
        Assert.Equal(BrowserFixture.Phone.Width, await labeler.Locator("html").EvaluateAsync<int>("e => e.scrollWidth"));
        await labeler.Context.CloseAsync();
    }

    [Fact]
    public async Task With_the_wiki_unreachable_the_page_still_shows_the_judgments_a_clear_message_and_a_retry_that_works_once_it_is_back()
    {
        var revId = NextRevId();
        var page = await browser.SignedInAsync("reviewer", $"/artifact/arwiki/diff/{revId}");
        await Expect(page.GetByTestId("wiki-diff")).ToBeVisibleAsync();

        browser.Reachable = false;
        try
        {
            var other = NextRevId();
            await page.GotoAsync($"/artifact/arwiki/diff/{other}");
            await BrowserFixture.WaitForCircuitAsync(page);
            await Expect(page.GetByTestId("facet-editquality")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("content-unavailable")).ToContainTextAsync("arwiki");
            await Expect(page.GetByTestId("wiki-diff")).ToHaveCountAsync(0);
        }
        finally
        {
            browser.Reachable = true;
        }
        await page.GetByTestId("content-retry").ClickAsync();
        await Expect(page.GetByTestId("wiki-diff")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wiki-diff")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.GetByTestId("content-unavailable")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
