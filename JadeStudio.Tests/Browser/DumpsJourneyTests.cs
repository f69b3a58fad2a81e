using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>An oversighter writes the dumps; a researcher queries the public one, downloads the answer and shares a permalink.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DumpsJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Dumps_are_written_on_request_queried_downloaded_and_shared_by_permalink()
    {
        var steward = await browser.SignedInAsync("oversighter", "/dumps");
        await steward.GetByTestId("dumps-request").ClickAsync();
        await Expect(steward.GetByTestId("dumps-message")).ToBeVisibleAsync();
        // The page follows the run (on whichever node does it): the newest two are the full and the public dump, ready.
        var newest = steward.GetByTestId("dump-row");
        await Expect(newest.Nth(0).GetByTestId("dump-state")).ToHaveTextAsync("Ready", new() { Timeout = 90_000 });
        await Expect(newest.Nth(1).GetByTestId("dump-state")).ToHaveTextAsync("Ready", new() { Timeout = 90_000 });
        await Expect(newest.Nth(0)).ToContainTextAsync("Full");
        await Expect(newest.Nth(1)).ToContainTextAsync("Public");
        await steward.Context.CloseAsync();

        var researcher = await browser.SignedInAsync("researcher", "/query");
        await Expect(researcher.GetByTestId("query-dump")).ToBeVisibleAsync();
        await researcher.GetByTestId("query-sql").FillAsync("COPY proposals TO 'stolen.csv'");
        await researcher.GetByTestId("query-run").ClickAsync();
        await Expect(researcher.GetByTestId("query-error")).ToContainTextAsync("Only a SELECT statement");

        await researcher.GetByTestId("query-example-reviewer-activity").ClickAsync();
        await Expect(researcher.GetByTestId("query-sql")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("FROM endorsements"));
        await researcher.GetByTestId("query-run").ClickAsync();
        await Expect(researcher.GetByTestId("query-result").Locator("th")).ToHaveTextAsync(["reviewer", "month", "judgments"]);
        await Expect(researcher.GetByTestId("query-error")).ToHaveCountAsync(0);

        var download = await researcher.RunAndWaitForDownloadAsync(() => researcher.GetByTestId("query-csv").ClickAsync());
        Assert.Matches("^query-dump[0-9]+\\.csv$", download.SuggestedFilename);
        Assert.StartsWith("reviewer,month,judgments", await File.ReadAllTextAsync((await download.PathAsync())!), StringComparison.Ordinal);

        // A long value (an address) wraps within its column instead of making the table scroll sideways in its frame.
        await researcher.GetByTestId("query-sql").FillAsync($"SELECT 'https://example.org/{new string('a', 300)}' AS address, 1 AS n");
        await researcher.GetByTestId("query-run").ClickAsync();
        await Expect(researcher.GetByTestId("query-result").Locator("th")).ToHaveTextAsync(["address", "n"]);
        Assert.False(await researcher.GetByTestId("query-result").Locator(".mud-table-container").EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"),
            "A long value makes the result scroll sideways.");

        await researcher.GetByTestId("query-sql").FillAsync("SELECT count(*) AS events FROM events");
        await researcher.GetByTestId("query-title").FillAsync("Every event so far");
        await researcher.GetByTestId("query-save").ClickAsync();
        await Expect(researcher).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/query/[0-9]+$"));
        var permalink = researcher.Url;
        await researcher.Context.CloseAsync();

        // Anyone opening the permalink sees the title, the author and the answer.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(permalink);
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Every event so far");
        await Expect(visitor.GetByTestId("query-saved-by")).ToContainTextAsync("Dev Researcher");
        await Expect(visitor.GetByTestId("query-result").Locator("th")).ToHaveTextAsync(["events"]);
        // The permalink is a page of its own (/query/{id}), checked here where a saved query exists.
        await AccessibilityTests.AssertNoSeriousViolationAsync(visitor);
    }
}
