using JadeStudio.Tests.Core.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Discussing a judgment: threads with live updates, replies, resolving, watching, search, and hostile Markdown.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DiscussionJourneyTests(BrowserFixture browser)
{
    private static readonly System.Text.RegularExpressions.Regex UnreadInMenu = new("Watchlist \\([0-9]+\\)");

    [Fact]
    public async Task A_double_click_on_start_or_reply_posts_once()
    {
        var reviewer = await browser.SignedInAsync("reviewer", "/artifact/enwiki/diff/777151");
        var form = reviewer.GetByTestId("new-thread");
        await form.GetByTestId("thread-title").FillAsync("Posted once?");
        await form.GetByTestId("thread-text").FillAsync("A double click is two clicks.");
        await form.GetByTestId("thread-start").DblClickAsync();

        var thread = reviewer.GetByTestId("thread").Filter(new() { HasText = "Posted once?" });
        await Expect(thread).ToHaveCountAsync(1);
        await thread.GetByTestId("reply-text").FillAsync("And so is this.");
        await thread.GetByTestId("reply-send").DblClickAsync();
        await Expect(thread.GetByTestId("comment")).ToHaveCountAsync(2);
        // Nor does the second click complain that the cleared form is empty.
        await Expect(form.GetByTestId("thread-error")).ToHaveCountAsync(0);
        await Expect(thread).Not.ToContainTextAsync("must not be empty");

        // Whatever the second click could have added is in by now: a fresh page counts what was stored.
        var again = await browser.SignedInAsync("reviewer", "/artifact/enwiki/diff/777151");
        var stored = again.GetByTestId("thread").Filter(new() { HasText = "Posted once?" });
        await Expect(stored).ToHaveCountAsync(1);
        await Expect(stored.GetByTestId("comment")).ToHaveCountAsync(2);
        await reviewer.Context.CloseAsync();
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_reviewers_discuss_an_edit_and_each_sees_the_other_without_reloading()
    {
        const string artifact = "/artifact/enwiki/diff/777101";
        var reviewer = await browser.SignedInAsync("reviewer", artifact);
        var sysop = await browser.SignedInAsync("sysop", artifact);
        await Expect(reviewer.GetByTestId("discussions")).ToContainTextAsync("No discussions yet.");
        await Expect(reviewer.GetByTestId("new-thread")).ToContainTextAsync("By posting, you agree to release your text under");

        await BrowserFixture.StartThreadAsync(reviewer, "Is this a test edit?", "It adds **nonsense** to the lead.");

        // The sysop's page was open before the thread existed; it appears there without a reload.
        var sysopThread = sysop.GetByTestId("thread").Filter(new() { HasText = "Is this a test edit?" });
        await Expect(sysopThread.GetByTestId("comment")).ToContainTextAsync("It adds nonsense to the lead.");
        await Expect(sysopThread.Locator("strong", new() { HasText = "nonsense" })).ToBeVisibleAsync();
        await sysopThread.GetByTestId("reply-text").FillAsync("Agreed, reverting is right.");
        await sysopThread.GetByTestId("reply-send").ClickAsync();

        var reviewerThread = reviewer.GetByTestId("thread").Filter(new() { HasText = "Is this a test edit?" });
        await Expect(reviewerThread.GetByTestId("comment")).ToHaveCountAsync(2);
        await Expect(reviewerThread.GetByTestId("comment").Nth(1)).ToContainTextAsync("Agreed, reverting is right.");

        // A reply to the first comment goes under it, indented, before the later comment; the box at the end adds to the thread.
        // Its button follows the comment's text, as a talk page's "reply" does.
        var firstText = (await reviewerThread.GetByTestId("comment").First.Locator(".jade-comment-text").BoundingBoxAsync())!;
        var replyButton = (await reviewerThread.GetByTestId("comment").First.GetByTestId("comment-reply").BoundingBoxAsync())!;
        Assert.True(replyButton.Y >= firstText.Y + firstText.Height - 1, $"The reply button (top {replyButton.Y}) is above the end of the text it answers ({firstText.Y + firstText.Height}).");
        await reviewerThread.GetByTestId("comment").First.GetByTestId("comment-reply").ClickAsync();
        var answerBox = reviewerThread.GetByTestId("replies").GetByTestId("reply-text");
        await answerBox.FillAsync("It does: see the second sentence.");
        await reviewerThread.GetByTestId("replies").GetByTestId("reply-send").ClickAsync();
        await Expect(sysopThread.GetByTestId("replies").GetByTestId("comment")).ToContainTextAsync("It does: see the second sentence.");
        await Expect(sysopThread.GetByTestId("comment")).ToHaveCountAsync(3);
        await Expect(sysopThread.GetByTestId("comment").Nth(2)).ToContainTextAsync("Agreed, reverting is right.");
        var post = await sysopThread.GetByTestId("comment").First.BoundingBoxAsync();
        var answer = await sysopThread.GetByTestId("replies").GetByTestId("comment").BoundingBoxAsync();
        Assert.True(answer!.X >= post!.X + 16, $"the reply starts at {answer.X} px, its comment at {post.X} px");
        await Expect(reviewerThread.GetByTestId("reply-text")).ToHaveCountAsync(1);

        // Editing keeps the earlier text; resolving shows on both pages.
        var first = reviewerThread.GetByTestId("comment").First;
        await first.GetByTestId("comment-edit").ClickAsync();
        await first.GetByTestId("comment-editor").FillAsync("It adds nonsense to the lead section.");
        await first.GetByTestId("comment-save").ClickAsync();
        await Expect(first).ToContainTextAsync("edited");
        await first.GetByTestId("comment-history-toggle").ClickAsync();
        await Expect(first.GetByTestId("comment-history")).ToContainTextAsync("It adds nonsense to the lead.");
        // What the edit changed, word by word (in the text as written: the bold marks went, a word came).
        await Expect(first.GetByTestId("comment-change").Locator("del")).ToHaveTextAsync(["**nonsense**"]);
        await Expect(first.GetByTestId("comment-change").Locator("ins")).ToHaveTextAsync(["nonsense", "section"]);

        await sysopThread.GetByTestId("thread-resolve").ClickAsync();
        await Expect(reviewerThread.GetByTestId("thread-resolved")).ToBeVisibleAsync();

        await reviewer.Context.CloseAsync();
        await sysop.Context.CloseAsync();
    }

    /// <summary>
    /// A text box sends its whole value to the server at once: the longest comment allowed, in a script of three UTF-8 bytes
    /// a character or in characters JSON writes as six, is posted and the page stays connected.
    /// </summary>
    [Theory]
    [InlineData("\u6f22", 777103)]
    [InlineData("\u0001", 777104)]
    public async Task The_longest_comment_allowed_is_posted_whatever_its_characters(string character, long revId)
    {
        var page = await browser.SignedInAsync("reviewer", $"/artifact/enwiki/diff/{revId}");
        var text = string.Concat(Enumerable.Repeat(character, JadeStudio.Core.Discussions.DiscussionService.MaxText));

        await BrowserFixture.StartThreadAsync(page, "A long comment", text);

        await Expect(page.GetByTestId("discussions")).ToContainTextAsync("A long comment");
        await Expect(page.GetByTestId("discussions")).ToContainTextAsync(text[..100]);
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        Assert.Empty(BrowserFixture.ConsoleErrors(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Hostile_markdown_in_a_comment_runs_nothing_and_links_nowhere_dangerous()
    {
        const string artifact = "/artifact/enwiki/diff/777102";
        var author = await browser.SignedInAsync("researcher", artifact);
        // Not the payload holding U+0000: no text may hold one (refused as jade-nulcharacter, BadInputTests); SafeMarkdownTests renders it.
        await BrowserFixture.StartThreadAsync(author, "XSS attempts", string.Join("\n\n", SafeMarkdownTests.Payloads.Where(payload => !payload.Contains('\0'))));
        await Expect(author.GetByTestId("thread")).ToHaveCountAsync(1);
        await author.Context.CloseAsync();

        // A fresh reader loads the page with every payload on it.
        var reader = await browser.NewPageAsync();
        var dialogs = new List<string>();
        reader.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await reader.GotoAsync(artifact);
        var comment = reader.GetByTestId("comment").First;
        await Expect(comment).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(comment).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await BrowserFixture.WaitForCircuitAsync(reader);

        var dangerous = await reader.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=comment] *')]
                .flatMap(e => [...e.attributes].map(a => e.tagName + ' ' + a.name + '=' + a.value))
                .filter(s => /\s(href|src|xlink:href)=\s*(javascript|vbscript|data):/i.test(s) || /\son[a-z]+=/i.test(s)
                             || /^(SCRIPT|IFRAME|OBJECT|EMBED|SVG|ANIMATE) /.test(s))
            """);
        var scripts = await reader.Locator("[data-testid=comment] script, [data-testid=comment] svg, [data-testid=comment] img[onerror]").CountAsync();

        Assert.Empty(dangerous);
        Assert.Equal(0, scripts);
        Assert.Empty(dialogs);
        await reader.Context.CloseAsync();
    }

    [Fact]
    public async Task A_watched_artifacts_new_comment_shows_on_the_watchlist_and_in_search()
    {
        const string artifact = "/artifact/enwiki/diff/777103";
        var watcher = await browser.SignedInAsync("sysop", artifact);
        await watcher.GetByTestId("watch-toggle").ClickAsync();
        await Expect(watcher.GetByTestId("watch-toggle")).ToContainTextAsync("Stop watching");

        var author = await browser.SignedInAsync("researcher", artifact);
        await BrowserFixture.StartThreadAsync(author, "Copyvio?", "The paragraph matches quokkalicious prose from a newspaper.");
        await Expect(author.GetByTestId("thread")).ToHaveCountAsync(1);

        // The menu counts the unread change; the interactive watch list (not only its prerender) still counts
        // the new comment as unread, and the menu's count is gone once it is read ...
        await watcher.GotoAsync("/wikis");
        await BrowserFixture.WaitForCircuitAsync(watcher);
        await Expect(watcher.GetByTestId("nav-watchlist")).ToContainTextAsync(UnreadInMenu);
        await watcher.GotoAsync("/watchlist");
        await BrowserFixture.WaitForCircuitAsync(watcher);
        await Expect(watcher.GetByTestId("watchlist-entry").First).ToContainTextAsync("started a discussion");
        // (other journeys share this app and may add unread changes of their own for this account)
        await Expect(watcher.GetByTestId("watchlist-unread")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(One|[0-9]+) unread changes?\\.$"));
        // Unread lines stand out: bold, a dot before them, and a word for screen readers.
        await Expect(watcher.GetByTestId("watchlist-entry").First).ToHaveCSSAsync("font-weight", "700");
        await Expect(watcher.GetByTestId("watchlist-entry").First).ToContainTextAsync("New since your last visit:");
        await Expect(watcher.GetByTestId("nav-watchlist")).Not.ToContainTextAsync("(");

        // ... and the next visit finds it read (the menu's count dropped only once the read mark was saved).
        await watcher.ReloadAsync();
        await Expect(watcher.GetByTestId("watchlist-unread")).ToHaveTextAsync("No unread changes.");
        await Expect(watcher.GetByTestId("watchlist-entry").First).ToHaveCSSAsync("font-weight", "400");

        await watcher.GotoAsync("/search");
        await BrowserFixture.WaitForCircuitAsync(watcher);
        await watcher.GetByTestId("search-text").FillAsync("quokkalicious");
        // Enter submits, as in any search box, and the search lands in the address.
        await watcher.GetByTestId("search-text").PressAsync("Enter");
        await Expect(watcher).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/search\\?q=quokkalicious"));
        await Expect(watcher.GetByTestId("search-count")).ToContainTextAsync("One result.");
        await Expect(watcher.GetByTestId("search-hit")).ToContainTextAsync("quokkalicious");
        await watcher.GetByTestId("search-hit").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(watcher).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("artifact/enwiki/diff/777103"));

        await watcher.GotoAsync("/wikis");
        await BrowserFixture.WaitForCircuitAsync(watcher);
        await watcher.GetByTestId("discussions-enwiki").ClickAsync();
        await Expect(watcher.GetByTestId("recent-thread").First).ToContainTextAsync("Copyvio?");

        // A later comment shows in the menu's count at the watcher's next move within the open page.
        await Expect(watcher.GetByTestId("nav-watchlist")).Not.ToContainTextAsync("(");
        await BrowserFixture.StartThreadAsync(author, "Source check", "Found the newspaper article.");
        await Expect(author.GetByTestId("thread")).ToHaveCountAsync(2);
        await watcher.GetByTestId("nav-home").ClickAsync();
        await Expect(watcher.GetByTestId("nav-watchlist")).ToContainTextAsync(UnreadInMenu);

        await watcher.Context.CloseAsync();
        await author.Context.CloseAsync();
    }
}
