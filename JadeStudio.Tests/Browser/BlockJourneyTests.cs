using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>A sysop blocks a user from commenting; the user is told why and until when; the sysop lifts the block.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BlockJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_partial_block_refuses_commenting_with_its_reason_and_is_lifted_from_the_list()
    {
        const string artifact = "/artifact/enwiki/diff/777201";
        // The blocked account must exist: it signs in first.
        var blocked = await browser.SignedInAsync("oversighter", artifact);
        var sysop = await browser.SignedInAsync("admin", "/blocks");

        var form = sysop.GetByTestId("block-form");
        await form.GetByTestId("block-user-search").FillAsync("Dev Oversighter");
        await form.GetByTestId("block-user-find").ClickAsync();
        await form.GetByTestId("block-user-match").First.ClickAsync();
        await form.GetByText("Sitewide").ClickAsync();
        // A partial block with nothing chosen is refused with a readable message.
        await form.GetByTestId("block-reason").FillAsync("Heated replies");
        await form.GetByTestId("block-submit").ClickAsync();
        await Expect(sysop.GetByTestId("block-message")).ToContainTextAsync("A partial block needs at least one wiki, artifact or action.");
        await form.GetByText("commenting", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("block-submit").ClickAsync();
        await Expect(sysop.GetByTestId("block-message")).ToContainTextAsync("The user is blocked.");
        var entry = sysop.GetByTestId("block-entry").Filter(new() { HasText = "Heated replies" });
        await Expect(entry).ToContainTextAsync("Dev Oversighter");
        await Expect(entry).ToContainTextAsync("from commenting");

        // The block applies at once, with its scope, reason and expiry in the refusal.
        await BrowserFixture.StartThreadAsync(blocked, "Blocked?", "Trying to comment.");
        var newThread = blocked.GetByTestId("new-thread");
        await Expect(newThread.GetByTestId("thread-error")).ToContainTextAsync("Heated replies");
        await Expect(newThread.GetByTestId("thread-error")).ToContainTextAsync("never (indefinite)");
        await Expect(blocked.GetByTestId("thread")).ToHaveCountAsync(0);

        // Lifting needs a reason too.
        await entry.GetByTestId("unblock").ClickAsync();
        await Expect(sysop.GetByTestId("block-message")).ToContainTextAsync("A block needs a reason.");
        await Expect(entry).ToHaveCountAsync(1);
        await sysop.GetByTestId("unblock-reason").FillAsync("Calmed down");
        await entry.GetByTestId("unblock").ClickAsync();
        await Expect(sysop.GetByTestId("block-message")).ToContainTextAsync("The block is lifted.");
        await Expect(sysop.GetByTestId("block-entry").Filter(new() { HasText = "Heated replies" })).ToHaveCountAsync(0);

        await newThread.GetByTestId("thread-start").ClickAsync();
        await Expect(blocked.GetByTestId("thread")).ToHaveCountAsync(1);

        await blocked.Context.CloseAsync();
        await sysop.Context.CloseAsync();
    }

    [Fact]
    public async Task A_partial_block_on_two_wikis_is_made_with_the_keyboard_alone()
    {
        // The blocked account must exist: it signs in first.
        var target = await browser.SignedInAsync("oversighter", "/");
        await target.Context.CloseAsync();
        var sysop = await browser.SignedInAsync("admin", "/blocks");
        var form = sysop.GetByTestId("block-form");

        await form.GetByTestId("block-user-search").FocusAsync();
        await sysop.Keyboard.TypeAsync("Dev Oversight");
        await sysop.Keyboard.PressAsync("Tab");
        await sysop.Keyboard.PressAsync("Enter");
        await form.GetByTestId("block-user-match").First.FocusAsync();
        await sysop.Keyboard.PressAsync("Enter");
        // Untick "sitewide" with Space; in the wiki picker the arrows move and Enter ticks (arwiki, cswiki, enwiki, nlwiki, …).
        await form.GetByTestId("block-sitewide").FocusAsync();
        await sysop.Keyboard.PressAsync("Space");
        var picker = form.GetByTestId("block-wikis");
        await picker.FocusAsync();
        await sysop.Keyboard.PressAsync("ArrowDown");
        await Expect(sysop.GetByRole(AriaRole.Option, new() { Name = "cswiki" })).ToBeVisibleAsync();
        await sysop.Keyboard.PressAsync("ArrowDown");
        await sysop.Keyboard.PressAsync("Enter");
        await sysop.Keyboard.PressAsync("ArrowDown");
        await sysop.Keyboard.PressAsync("ArrowDown");
        await sysop.Keyboard.PressAsync("Enter");
        await sysop.Keyboard.PressAsync("Escape");
        await Expect(picker).ToHaveValueAsync("cswiki, nlwiki");

        await form.GetByTestId("block-reason").FocusAsync();
        await sysop.Keyboard.TypeAsync("Cross-wiki spam");
        await form.GetByTestId("block-submit").FocusAsync();
        await sysop.Keyboard.PressAsync("Enter");

        await Expect(sysop.GetByTestId("block-message")).ToContainTextAsync("The user is blocked.");
        var entry = sysop.GetByTestId("block-entry").Filter(new() { HasText = "Cross-wiki spam" });
        await Expect(entry).ToContainTextAsync("Dev Oversighter");
        await Expect(entry).ToContainTextAsync("cswiki");
        await Expect(entry).ToContainTextAsync("nlwiki");

        // Lifted again, so other journeys of this account are not blocked.
        await sysop.GetByTestId("unblock-reason").FillAsync("Test over");
        await entry.GetByTestId("unblock").ClickAsync();
        await Expect(sysop.GetByTestId("block-entry").Filter(new() { HasText = "Cross-wiki spam" })).ToHaveCountAsync(0);
        await sysop.Context.CloseAsync();
    }
}
