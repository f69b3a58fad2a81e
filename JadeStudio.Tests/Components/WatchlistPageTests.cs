using Bunit;
using JadeStudio.Core.Events;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Layout;
using JadeStudio.Web.Components.Pages.Discussions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>The watchlist as a reviewer reads it: the lines of recent changes, for the artifacts they watch.</summary>
public sealed class WatchlistPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>A judgment on a watched artifact names its labels, as recent changes and the artifact's history do.</summary>
    [Fact]
    public async Task A_judgment_on_a_watched_artifact_is_one_line_naming_its_labels_marked_unread()
    {
        var watcher = await _core.UserAsync("Watcher");
        (await _core.Discussions.WatchAsync(watcher, CoreHarness.Diff, true)).OrThrow();
        var judge = await _core.UserAsync("Judge");
        (await _core.Judgments.ProposeOrEndorseAsync(judge, CoreHarness.Propose(true, false))).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.Services.AddScoped<MenuCounts>();
        context.SignIn(watcher, "Watcher");

        var page = context.Render<WatchlistPage>();

        // One line for the judgment, not one for its proposal and one for the judge's endorsement of it.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=watchlist-entry]")));
        var line = Assert.Single(page.FindAll("[data-testid=watchlist-entry]"));
        Assert.Equal("Judgment", line.GetAttribute("data-type"));
        Assert.Contains("judged", line.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Damaging: Yes, damaging", "Good faith: Bad faith"], line.QuerySelectorAll(".jade-label").Select(label => label.TextContent));
        Assert.Equal($"artifact/{CoreHarness.Diff}", line.QuerySelector("[data-testid=change-artifact]")!.GetAttribute("href"));
        Assert.Contains("jade-unread", line.ClassList);
        Assert.Equal("New since your last visit:", line.QuerySelector(".jade-visually-hidden")!.TextContent);
    }

    /// <summary>A count of every unread change grows with them at every view: the page stops at a thousand.</summary>
    [Theory]
    [InlineData(999, "999 unread changes.")]
    [InlineData(1000, "More than 999 unread changes.")]
    [InlineData(1001, "More than 999 unread changes.")]
    public async Task The_unread_count_says_more_than_999_from_a_thousand_on(int changes, string shown)
    {
        var watcher = await _core.UserAsync("Watcher");
        (await _core.Discussions.WatchAsync(watcher, CoreHarness.Diff, true)).OrThrow();
        var judge = await _core.UserAsync("Judge");
        (await _core.Judgments.ProposeOrEndorseAsync(judge, CoreHarness.Propose(true, false))).OrThrow();
        await using (var db = _core.Database.CreateDbContext())
        {
            var artifactId = await db.Artifacts.Where(a => a.RevId == CoreHarness.Diff.RevId).Select(a => a.Id).SingleAsync();
            db.Events.AddRange(Enumerable.Range(1, changes - 1).Select(_ => new StoredEvent
            {
                Type = EventType.CommentPosted,
                At = _core.Clock.Now,
                ActorId = judge.UserId,
                Wiki = CoreHarness.Diff.Wiki,
                ArtifactId = artifactId,
            }));
            await db.SaveChangesAsync();
        }
        // Counted no further than a thousand (read before the page marks them read).
        var counted = (await _core.DiscussionQueries.WatchlistAsync(watcher.UserId!.Value, await _core.ViewerAsync(watcher))).Unread;
        await using var context = new ComponentContext("en", _core);
        context.Services.AddScoped<MenuCounts>();
        context.SignIn(watcher, "Watcher");

        var page = context.Render<WatchlistPage>();

        page.WaitForAssertion(() => Assert.Equal(shown, page.Find("[data-testid=watchlist-unread]").TextContent));
        Assert.Equal(Math.Min(changes, 1000), counted);
    }
}
