using JadeStudio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Wiki Labels, end to end: create, upload, label with the keyboard, read the statistics.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_researcher_runs_a_campaign_and_a_reviewer_labels_with_the_keyboard()
    {
        // The researcher creates an edit-quality campaign on cswiki …
        var researcher = await browser.SignedInAsync("researcher", "/campaigns/new");
        var name = "Czech patrol " + Guid.NewGuid().ToString("N")[..6];
        await BrowserFixture.ChooseAsync(researcher, "campaign-wiki", "cswiki");
        await researcher.GetByTestId("campaign-name").FillAsync(name);
        await BrowserFixture.ChooseAsync(researcher, "campaign-facet", "Edit quality");
        await researcher.GetByTestId("campaign-infourl").FillAsync("https://meta.wikimedia.org/wiki/Research:Czech_patrol");
        await researcher.GetByTestId("campaign-save").ClickAsync();
        await Expect(researcher.GetByTestId("campaign-title")).ToHaveTextAsync(name);
        // The researcher's information page, linked as text anyone writes is: not endorsed by the site.
        await Expect(researcher.GetByTestId("campaign-info")).ToHaveAttributeAsync("href", "https://meta.wikimedia.org/wiki/Research:Czech_patrol");
        await Expect(researcher.GetByTestId("campaign-info")).ToHaveAttributeAsync("rel", "nofollow ugc noopener");
        var campaignUrl = researcher.Url;

        // … and uploads the real cswiki task list once the chooser is on: progress, then the report.
        await Expect(researcher.GetByTestId("upload-file")).ToBeEnabledAsync();
        await researcher.GetByTestId("upload-file").SetInputFilesAsync(Path.Combine(RepositoryPaths.SharedData, "cswiki.revisions_for_review.5k_2016.json"));
        await Expect(researcher.GetByTestId("import-report")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // The running count ("Reading… n lines so far") gives way to the report once the upload is over.
        await Expect(researcher.GetByTestId("upload-progress-text")).ToHaveCountAsync(0);
        await Expect(researcher.GetByTestId("report-imported")).ToHaveTextAsync("5,000 tasks imported");
        await Expect(researcher.GetByTestId("report-rejected")).ToHaveTextAsync("0 lines rejected");
        await Expect(researcher.GetByTestId("campaign-progress").First).ToContainTextAsync("0 of 5,000 tasks done");

        // A reviewer asks for work and labels with the keyboard alone.
        var reviewer = await browser.SignedInAsync("reviewer", new Uri(campaignUrl).AbsolutePath);
        await reviewer.GetByTestId("request-workset").ClickAsync();
        await Expect(reviewer.GetByTestId("workset-progress")).ToHaveTextAsync("0 of 20 labeled");
        await BrowserFixture.WaitForCircuitAsync(reviewer);
        await BrowserFixture.WaitForKeysAsync(reviewer);
        var first = await reviewer.GetByTestId("task-artifact").TextContentAsync();

        await reviewer.Keyboard.PressAsync("2"); // damaging: no
        await Expect(reviewer.GetByTestId("answer-damaging-false")).ToHaveAttributeAsync("data-chosen", "true");
        await reviewer.Keyboard.PressAsync("4"); // good faith: yes
        await reviewer.Keyboard.PressAsync("Enter");
        await Expect(reviewer.GetByTestId("workset-progress")).ToHaveTextAsync("1 of 20 labeled");
        await Expect(reviewer.GetByTestId("task-artifact")).Not.ToHaveTextAsync(first!);

        await reviewer.Keyboard.PressAsync("1"); // damaging: yes
        await reviewer.Keyboard.PressAsync("5"); // good faith: no
        await reviewer.Keyboard.PressAsync("Enter");
        await Expect(reviewer.GetByTestId("workset-progress")).ToHaveTextAsync("2 of 20 labeled");

        await reviewer.Keyboard.PressAsync("2"); // damaging: no
        await reviewer.Keyboard.PressAsync("6"); // good faith: unsure
        await reviewer.Keyboard.PressAsync("Enter");
        await Expect(reviewer.GetByTestId("label-message")).ToContainTextAsync("unsure answers");

        await reviewer.Keyboard.PressAsync("s"); // skip
        // A skip is not a label: the count of labeled tasks stays, the skip is counted apart.
        await Expect(reviewer.GetByTestId("workset-progress")).ToHaveTextAsync("3 of 20 labeled · 1 skipped");
        await Expect(reviewer.GetByTestId("label-message")).ToContainTextAsync("Skipped");

        // The statistics show exactly that.
        await reviewer.GotoAsync(new Uri(campaignUrl).AbsolutePath + "/stats");
        await Expect(reviewer.GetByTestId("stats-labels").Locator(".jade-stat-value")).ToHaveTextAsync("3");
        await Expect(reviewer.GetByTestId("stats-unsure").Locator(".jade-stat-value")).ToHaveTextAsync("1");
        await Expect(reviewer.GetByTestId("stats-skips").Locator(".jade-stat-value")).ToHaveTextAsync("1");
        await Expect(reviewer.GetByTestId("stats-done").Locator(".jade-stat-value")).ToHaveTextAsync("3");
        await Expect(reviewer.GetByTestId("stats-users")).ToContainTextAsync("Dev Reviewer");
        await Expect(reviewer.GetByTestId("stats-chart").Locator("svg")).ToBeVisibleAsync();

        // The first label became the reviewer's judgment, made through the campaign.
        await reviewer.GotoAsync("/artifact/" + first);
        await Expect(reviewer.GetByTestId("endorsement")).ToContainTextAsync("campaign/");
        await researcher.Context.CloseAsync();
        await reviewer.Context.CloseAsync();
    }

    [Fact]
    public async Task The_file_chooser_is_off_until_the_page_is_live_so_a_file_chosen_sooner_is_not_lost_without_a_word()
    {
        var name = "Chooser " + Guid.NewGuid().ToString("N")[..6];
        var id = await browser.CampaignAsync($$"""{"wiki":"cswiki","name":"{{name}}","labelsPerTask":1,"tasksPerWorkset":5}""", "1\n2\n");

        // The page as the server first sends it, before its circuit is live (scripts off keep it there).
        var prerendered = await browser.NewPageAsync(storageState: await browser.SessionOfAsync("researcher"), javaScriptEnabled: false);
        await prerendered.GotoAsync($"/campaigns/{id}");
        await Expect(prerendered.GetByTestId("campaign-title")).ToHaveTextAsync(name);
        await Expect(prerendered.GetByTestId("upload-file")).ToBeDisabledAsync();
        await prerendered.Context.CloseAsync();

        var live = await browser.SignedInBeforeAsync("researcher", $"/campaigns/{id}");
        await Expect(live.GetByTestId("upload-file")).ToBeEnabledAsync();
        await live.Context.CloseAsync();
    }
}
