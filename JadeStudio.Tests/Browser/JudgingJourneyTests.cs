using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Judging an edit as reviewers do: answer, save, see it preferred; another reviewer disagrees and is preferred.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JudgingJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_reviewers_judge_an_edit_and_the_preference_moves()
    {
        const string artifact = "/artifact/enwiki/diff/98765";
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        var form = reviewer.GetByTestId("facet-editquality").GetByTestId("propose-form");

        // An incomplete answer is refused with a readable message.
        await form.GetByTestId("propose-submit").ClickAsync();
        await Expect(form.GetByTestId("propose-message")).ToContainTextAsync("Answer every question first.");

        await form.GetByTestId("answer-damaging").GetByText("Not damaging").ClickAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Good faith", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("propose-notes").FillAsync("Adds a sourced sentence.");
        await form.GetByTestId("propose-submit").ClickAsync();

        var first = reviewer.GetByTestId("proposal").First;
        await Expect(first).ToContainTextAsync("Adds a sourced sentence.");
        await Expect(first.GetByTestId("preferred-badge")).ToBeVisibleAsync();
        await Expect(first.GetByTestId("endorsement")).ToContainTextAsync("Dev Reviewer");

        // A sysop disagrees, then makes their proposal the preferred one.
        var sysop = await browser.SignedInAsync("sysop", artifact);
        var sysopForm = sysop.GetByTestId("facet-editquality").GetByTestId("propose-form");
        await sysopForm.GetByTestId("answer-damaging").GetByText("Yes, damaging").ClickAsync();
        await sysopForm.GetByTestId("answer-goodfaith").GetByText("Good faith", new() { Exact = true }).ClickAsync();
        await sysopForm.GetByTestId("propose-submit").ClickAsync();
        await Expect(sysopForm.GetByTestId("propose-message")).ToContainTextAsync("Your judgment was saved.");
        var sysopProposal = sysop.GetByTestId("proposal").Filter(new() { HasText = "Yes, damaging" });
        await sysopProposal.GetByTestId("set-preferred").ClickAsync();
        await Expect(sysopProposal.GetByTestId("preferred-badge")).ToBeVisibleAsync();

        // The reviewer's open page follows without a reload, history included.
        await Expect(reviewer.GetByTestId("proposal").First).ToContainTextAsync("Yes, damaging");
        await Expect(reviewer.GetByTestId("history-entry").First).ToContainTextAsync("made preferred");
        // One line per action: the preference, then each judgment (its proposal and its judge's endorsement).
        await Expect(reviewer.GetByTestId("history-entry")).ToHaveCountAsync(3);
        await Expect(reviewer.GetByTestId("history-entry").Nth(1)).ToHaveAttributeAsync("data-type", "Judgment");
        await Expect(reviewer.GetByTestId("history-entry").Nth(1)).ToContainTextAsync("judged");

        await reviewer.Context.CloseAsync();
        await sysop.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_without_the_right_sees_no_preference_button_and_can_withdraw_their_endorsement()
    {
        const string artifact = "/artifact/cswiki/diff/13148623";
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        var form = reviewer.GetByTestId("facet-editquality").GetByTestId("propose-form");
        await form.GetByTestId("answer-damaging").GetByText("Yes, damaging").ClickAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Bad faith").ClickAsync();
        await form.GetByTestId("propose-submit").ClickAsync();

        var proposal = reviewer.GetByTestId("proposal").First;
        await Expect(proposal.GetByTestId("endorsement")).ToHaveCountAsync(1);
        await Expect(proposal.GetByTestId("set-preferred")).ToHaveCountAsync(0);

        await proposal.GetByTestId("withdraw").ClickAsync();
        await Expect(proposal.GetByTestId("endorsement")).ToHaveCountAsync(0);
        await reviewer.Context.CloseAsync();
    }
}
