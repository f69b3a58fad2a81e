using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// Labeling with the keyboard on layouts other than US English, keys that belong to the focused control, and going back
/// to a label already saved.
/// Playwright types with a US layout; a Czech or Hebrew keyboard is a key event whose character differs while
/// its physical position (<c>code</c>) is the same, which is what these tests send.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LabelingKeyboardJourneyTests(BrowserFixture browser)
{
    private async Task<string> CampaignAsync(string instructions)
    {
        var name = "Keyboard " + Guid.NewGuid().ToString("N")[..6];
        var id = await browser.CampaignAsync($$"""{"wiki":"cswiki","name":"{{name}}","labelsPerTask":1,"tasksPerWorkset":5,"instructions":"{{instructions}}"}""",
            "13516538\n13516539\n13516540\n13516541\n");
        return $"/campaigns/{id}";
    }

    /// <summary>A key pressed on another layout: the character it types, at the position <paramref name="code"/>.</summary>
    private static Task PressOnLayoutAsync(IPage page, string key, string code) =>
        page.Locator("body").DispatchEventAsync("keydown", new Dictionary<string, object> { ["key"] = key, ["code"] = code, ["bubbles"] = true, ["cancelable"] = true });

    private static async Task<IPage> LabelingAsync(BrowserFixture browser, string campaign, string account)
    {
        var labeler = await browser.SignedInAsync(account, campaign);
        await labeler.GetByTestId("request-workset").ClickAsync();
        await Expect(labeler.GetByTestId("task")).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(labeler);
        await BrowserFixture.WaitForKeysAsync(labeler);
        return labeler;
    }

    [Fact]
    public async Task On_a_Czech_and_a_Hebrew_layout_the_same_key_positions_answer_save_and_open_the_instructions()
    {
        var campaign = await CampaignAsync("Judge the edit, not the editor.");
        var labeler = await LabelingAsync(browser, campaign, "reviewer");
        var first = await labeler.GetByTestId("task-artifact").TextContentAsync();

        // Czech: the number row types ě and č where a US keyboard has 2 and 4.
        await labeler.Locator("body").FocusAsync();
        await PressOnLayoutAsync(labeler, "ě", "Digit2");
        await Expect(labeler.GetByTestId("answer-damaging-false")).ToHaveAttributeAsync("data-chosen", "true");
        await PressOnLayoutAsync(labeler, "č", "Digit4");
        await Expect(labeler.GetByTestId("answer-goodfaith-true")).ToHaveAttributeAsync("data-chosen", "true");
        await PressOnLayoutAsync(labeler, "Enter", "Enter");
        await Expect(labeler.GetByTestId("task-artifact")).Not.ToHaveTextAsync(first!);

        // Hebrew: I types ן, S types ד.
        await PressOnLayoutAsync(labeler, "ן", "KeyI");
        await Expect(labeler.GetByTestId("instructions")).ToContainTextAsync("not the editor");
        await labeler.Keyboard.PressAsync("Escape");
        await Expect(labeler.GetByTestId("instructions")).ToHaveCountAsync(0);
        var second = await labeler.GetByTestId("task-artifact").TextContentAsync();
        await PressOnLayoutAsync(labeler, "ד", "KeyS");
        await Expect(labeler.GetByTestId("task-artifact")).Not.ToHaveTextAsync(second!);
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("1 skipped");
        await labeler.Context.CloseAsync();
    }

    [Fact]
    public async Task Enter_on_a_focused_link_or_button_does_what_that_control_does_and_never_saves()
    {
        var campaign = await CampaignAsync("Read the diff first.");
        var labeler = await LabelingAsync(browser, campaign, "sysop");
        var first = await labeler.GetByTestId("task-artifact").TextContentAsync();
        await labeler.Keyboard.PressAsync("Digit1");
        await labeler.Keyboard.PressAsync("Digit4");

        // Enter on the focused "Instructions" button opens them; nothing is saved.
        await labeler.GetByTestId("label-instructions").FocusAsync();
        await labeler.Keyboard.PressAsync("Enter");
        await Expect(labeler.GetByTestId("instructions")).ToBeVisibleAsync();
        await Expect(labeler.GetByTestId("task-artifact")).ToHaveTextAsync(first!);
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("0 of");

        // Enter on the focused link to the wiki follows the link (a new tab), and saves nothing.
        var popup = labeler.Context.WaitForPageAsync();
        await labeler.GetByTestId("task-link").FocusAsync();
        await labeler.Keyboard.PressAsync("Enter");
        await (await popup).CloseAsync();
        await Expect(labeler.GetByTestId("task-artifact")).ToHaveTextAsync(first!);
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("0 of");

        // Enter on the focused Skip button skips (what the button does), not save.
        await labeler.GetByTestId("label-skip").FocusAsync();
        await labeler.Keyboard.PressAsync("Enter");
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("0 of 4 labeled · 1 skipped");

        // Enter again on the still-focused Skip button skips again; with focus off the controls (a click on
        // plain text), Enter saves: refused, as nothing is answered on this task yet.
        await labeler.Keyboard.PressAsync("Enter");
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("0 of 4 labeled · 2 skipped");
        await labeler.GetByTestId("workset-progress").ClickAsync();
        await labeler.Keyboard.PressAsync("Enter");
        await Expect(labeler.GetByTestId("label-message")).ToContainTextAsync("Answer every question");
        await labeler.Context.CloseAsync();
    }

    [Fact]
    public async Task Giving_the_rest_back_asks_first_and_the_label_given_stays_readable_from_the_campaigns_list_of_worksets()
    {
        var campaign = await CampaignAsync("Take your time.");
        var labeler = await LabelingAsync(browser, campaign, "researcher");
        var first = await labeler.GetByTestId("task-artifact").TextContentAsync();
        await labeler.Keyboard.PressAsync("Digit1");
        await labeler.Keyboard.PressAsync("Digit4");
        await labeler.Keyboard.PressAsync("Enter");
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("1 of 4 labeled");

        await labeler.GetByTestId("label-abandon").ClickAsync();
        var dialog = labeler.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("3 tasks you have not labeled go back to the pool");
        await labeler.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(labeler.GetByTestId("task")).ToBeVisibleAsync();

        await labeler.GetByTestId("label-abandon").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Give the rest back" }).ClickAsync();
        await Expect(labeler.GetByTestId("label-message")).ToContainTextAsync("went back to the pool");

        // The campaign's page lists the workset given back; its label can be read, no longer changed.
        await labeler.GetByRole(AriaRole.Link, new() { Name = "Back to the campaign" }).ClickAsync();
        var row = labeler.GetByTestId("campaign-workset");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Given back");
        await Expect(row).ToContainTextAsync("1 of 4 labeled");
        await row.GetByRole(AriaRole.Link, new() { Name = "Workset 1" }).ClickAsync();
        await Expect(labeler.GetByTestId("label-readonly")).ToContainTextAsync("You gave this workset back");
        await Expect(labeler.GetByTestId("task-artifact")).ToHaveTextAsync(first!);
        await Expect(labeler.GetByTestId("answer-damaging")).ToHaveTextAsync("Yes, damaging");
        await Expect(labeler.GetByTestId("label-save")).ToHaveCountAsync(0);
        await Expect(labeler.GetByTestId("workset-task-2")).ToBeDisabledAsync();
        await labeler.Context.CloseAsync();
    }

    [Fact]
    public async Task A_saved_label_is_reopened_from_the_worksets_list_and_changed_also_once_the_workset_is_done()
    {
        var campaign = await CampaignAsync("Judge the edit.");
        var labeler = await LabelingAsync(browser, campaign, "reviewer");
        var first = await labeler.GetByTestId("task-artifact").TextContentAsync();
        await labeler.Keyboard.PressAsync("Digit2");
        await labeler.Keyboard.PressAsync("Digit4");
        await labeler.Keyboard.PressAsync("Enter");
        await Expect(labeler.GetByTestId("task-artifact")).Not.ToHaveTextAsync(first!);
        await labeler.Keyboard.PressAsync("KeyS");
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("1 skipped");
        var third = await labeler.GetByTestId("task-artifact").TextContentAsync();

        // The list: the first labeled, the second skipped (gone back to others, so it cannot be opened), the third on screen.
        await Expect(labeler.GetByTestId("workset-task-1")).ToHaveAttributeAsync("data-state", "labeled");
        await Expect(labeler.GetByTestId("workset-task-2")).ToBeDisabledAsync();
        await Expect(labeler.GetByTestId("workset-task-3")).ToHaveAttributeAsync("aria-current", "step");

        await labeler.GetByTestId("workset-task-1").ClickAsync();
        await Expect(labeler.GetByTestId("task-artifact")).ToHaveTextAsync(first!);
        await Expect(labeler.GetByTestId("label-changing")).ToContainTextAsync("changing your label for task 1");
        await Expect(labeler.GetByTestId("answer-damaging-false")).ToHaveAttributeAsync("data-chosen", "true");
        await Expect(labeler.GetByTestId("label-skip")).ToHaveCountAsync(0);
        await labeler.GetByTestId("answer-damaging-true").ClickAsync();
        await labeler.GetByTestId("label-save").ClickAsync();
        await Expect(labeler.GetByTestId("task-artifact")).ToHaveTextAsync(third!);
        await Expect(labeler.GetByTestId("label-changing")).ToHaveCountAsync(0);
        await Expect(labeler.GetByTestId("workset-progress")).ToContainTextAsync("1 of 4 labeled");

        // Done: the rest labeled, and the first still open to change, with the answer saved last.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await labeler.GetByTestId("answer-damaging-false").ClickAsync();
            await labeler.GetByTestId("answer-goodfaith-true").ClickAsync();
            await labeler.GetByTestId("label-save").ClickAsync();
        }
        await Expect(labeler.GetByTestId("workset-done")).ToBeVisibleAsync();
        await labeler.GetByTestId("workset-task-1").ClickAsync();
        await Expect(labeler.GetByTestId("answer-damaging-true")).ToHaveAttributeAsync("data-chosen", "true");
        await Expect(labeler.GetByTestId("label-abandon")).ToHaveCountAsync(0);
        await labeler.GetByTestId("answer-goodfaith-false").ClickAsync();
        await labeler.GetByTestId("label-save").ClickAsync();
        await Expect(labeler.GetByTestId("workset-done")).ToBeVisibleAsync();
        await Expect(labeler.GetByTestId("label-message")).ToContainTextAsync(first!);
        await labeler.GetByTestId("workset-task-1").ClickAsync();
        await Expect(labeler.GetByTestId("answer-goodfaith-false")).ToHaveAttributeAsync("data-chosen", "true");
        await labeler.GetByTestId("label-changing-leave").ClickAsync();
        await Expect(labeler.GetByTestId("workset-done")).ToBeVisibleAsync();
        await labeler.Context.CloseAsync();
    }
}
