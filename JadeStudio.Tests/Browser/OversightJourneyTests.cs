using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Private information posted in a comment: flagged by a reviewer, suppressed from the queue by an oversighter.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OversightJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_oversighter_suppresses_a_flagged_comment_from_the_queue_and_nobody_else_sees_it_or_the_log()
    {
        const string artifact = "/artifact/enwiki/diff/777301";
        const string secret = "Her home address is 12 Elm Street";
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        await BrowserFixture.StartThreadAsync(reviewer, "Who made this edit?", secret);
        var comment = reviewer.GetByTestId("comment").Filter(new() { HasText = secret });
        await Expect(comment).ToBeVisibleAsync();

        // The thread's title and its first comment each offer oversight, side by side: each button's name says which.
        var itsThread = reviewer.GetByTestId("thread").Filter(new() { HasText = secret });
        await Expect(itsThread.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Request oversight: Discussion", Exact = true })).ToHaveCountAsync(1);
        await Expect(comment.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Request oversight: Comment", Exact = true })).ToHaveCountAsync(1);

        // The reviewer regrets it and asks for oversight on the comment's text.
        await comment.GetByTestId("oversight-report-open").ClickAsync();
        await comment.GetByTestId("oversight-reason").FillAsync("I posted someone's address");
        await comment.GetByTestId("oversight-submit").ClickAsync();
        await Expect(comment.GetByTestId("oversight-message")).ToContainTextAsync("sent to the oversighters");

        // The oversighter sees the request counted in the menu and in the queue, and suppresses the text.
        var oversighter = await browser.SignedInAsync("oversighter", "/oversight");
        var menuEntry = oversighter.GetByTestId("nav-oversight");
        await Expect(menuEntry).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Oversight \(\d+\)"));
        var openBefore = int.Parse(System.Text.RegularExpressions.Regex.Match(await menuEntry.InnerTextAsync(), @"\((\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entry = oversighter.GetByTestId("queue-entry").Filter(new() { HasText = "I posted someone's address" });
        await Expect(entry).ToContainTextAsync(secret);
        await oversighter.GetByTestId("queue-reason").FillAsync("Private information");
        await entry.GetByTestId("queue-suppress").ClickAsync();
        await Expect(oversighter.GetByTestId("queue-message")).ToContainTextAsync("hidden and the request closed");
        await Expect(entry).ToHaveCountAsync(0);
        // The menu's count follows at once (other journeys may have left requests of their own open).
        if (openBefore == 1)
        {
            await Expect(menuEntry).Not.ToContainTextAsync("(");
        }
        else
        {
            await Expect(menuEntry).ToContainTextAsync($"Oversight ({openBefore - 1})");
        }

        // A second, anonymous browser sees the placeholder, not the text.
        var anonymous = await browser.NewPageAsync();
        await anonymous.GotoAsync(artifact);
        var thread = anonymous.GetByTestId("thread").Filter(new() { HasText = "Who made this edit?" });
        await Expect(thread.GetByTestId("comment")).ToContainTextAsync("(comment removed)");
        await Expect(anonymous.GetByTestId("discussions")).Not.ToContainTextAsync(secret);

        // The requester learns only that it was handled.
        await reviewer.GotoAsync("/oversight");
        await Expect(reviewer.GetByTestId("own-request").Filter(new() { HasText = "I posted someone's address" }).GetByTestId("own-request-status")).ToHaveTextAsync("handled");

        // The suppression log is the oversighter's alone.
        await oversighter.GotoAsync("/log/suppression");
        await Expect(oversighter.GetByTestId("log-entry").Filter(new() { HasText = "Private information" })).ToContainTextAsync("Dev Oversighter");
        await reviewer.GotoAsync("/log/suppression");
        await Expect(reviewer.GetByTestId("log-denied")).ToBeVisibleAsync();
        await anonymous.GotoAsync("/log/suppression");
        await Expect(anonymous.GetByTestId("log-denied")).ToBeVisibleAsync();

        await reviewer.Context.CloseAsync();
        await oversighter.Context.CloseAsync();
        await anonymous.Context.CloseAsync();
    }

    [Fact]
    public async Task A_sysop_deletes_a_thread_title_on_the_artifact_page_and_still_sees_it_marked_deleted()
    {
        const string artifact = "/artifact/enwiki/diff/777302";
        const string title = "User:Someone is a liar";
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        await BrowserFixture.StartThreadAsync(reviewer, title, "See the diff.");
        await Expect(reviewer.GetByTestId("thread-heading")).ToHaveTextAsync(title);
        // A reviewer may ask for oversight but not change visibility.
        await Expect(reviewer.GetByTestId("thread").GetByTestId("visibility-open")).ToHaveCountAsync(0);

        var sysop = await browser.SignedInAsync("admin", artifact);
        var thread = sysop.GetByTestId("thread").Filter(new() { HasText = title });
        await thread.GetByTestId("visibility-open").First.ClickAsync();
        var change = thread.GetByTestId("oversight-form");
        await Expect(change.GetByTestId("oversight-level-suppressed")).ToHaveCountAsync(0);
        await change.GetByTestId("oversight-level-deleted").ClickAsync();
        await change.GetByTestId("oversight-reason").FillAsync("Personal attack");
        await change.GetByTestId("oversight-submit").ClickAsync();
        await Expect(thread.GetByTestId("thread-heading").GetByTestId("visibility-marker")).ToHaveTextAsync("deleted");
        await Expect(thread.GetByTestId("thread-heading")).ToContainTextAsync(title);

        // The reviewer's open page updates: the title is gone for them.
        await Expect(reviewer.GetByTestId("thread-heading")).ToHaveTextAsync("(text removed)");

        await reviewer.Context.CloseAsync();
        await sysop.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_rolls_back_a_users_judgments_and_undoes_it()
    {
        const string artifact = "/artifact/cswiki/diff/777401";
        var labeler = await browser.SignedInAsync("bureaucrat", artifact);
        var form = labeler.GetByTestId("facet-editquality").GetByTestId("propose-form");
        await form.GetByTestId("answer-damaging").GetByText("Not damaging").ClickAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Good faith", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("propose-notes").FillAsync("Looks fine to me");
        await form.GetByTestId("propose-submit").ClickAsync();
        await Expect(labeler.GetByTestId("proposal")).ToContainTextAsync("Looks fine to me");

        var admin = await browser.SignedInAsync("admin", "/rollback");
        var rollback = admin.GetByTestId("rollback-form");
        await rollback.GetByTestId("rollback-user-search").FillAsync("Dev Bureaucrat");
        await rollback.GetByTestId("rollback-user-find").ClickAsync();
        await rollback.GetByTestId("rollback-user-match").First.ClickAsync();
        // Without a reason nothing happens, and the form says why.
        await rollback.GetByTestId("rollback-submit").ClickAsync();
        await Expect(admin.GetByTestId("rollback-message")).ToContainTextAsync("A rollback needs a reason.");
        await rollback.GetByTestId("rollback-reason").FillAsync("Test labels");
        await rollback.GetByTestId("rollback-submit").ClickAsync();
        await Expect(admin.GetByTestId("rollback-message")).ToContainTextAsync("Rolled back");
        // The labeler's open page loses the judgment without a reload.
        await Expect(labeler.GetByTestId("proposal")).ToHaveCountAsync(0);

        var entry = admin.GetByTestId("rollback-entry").Filter(new() { HasText = "Test labels" });
        await entry.GetByTestId("rollback-undo").ClickAsync();
        await Expect(admin.GetByTestId("rollback-message")).ToContainTextAsync("The rollback was undone");
        await Expect(entry.GetByTestId("rollback-undone")).ToBeVisibleAsync();
        await Expect(labeler.GetByTestId("proposal")).ToContainTextAsync("Looks fine to me");

        await labeler.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }
}
