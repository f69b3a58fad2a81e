using Bunit;
using JadeStudio.Core.Events;
using JadeStudio.Core.Patrol;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Patrol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>The patrol page's queue as another patroller sees it while it is open.</summary>
public sealed class PatrolPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private PatrolQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _queue = new PatrolQueue(_core.Writer, _core.Actors, _core.Database, new PatrolOptions { Wikis = ["enwiki"], ClaimMinutes = 5 }, _core.Wikis, _core.Clock);
        (await _queue.IngestAsync("enwiki", [.. Enumerable.Range(21, 3).Select(r =>
            new RecentEdit(r + 1000, r, r - 1, "Page " + r, "Editor " + r, _core.Clock.Now.AddMinutes(-r), "summary", 100, 150, false))])).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_patrollers_name_hidden_meanwhile_leaves_the_open_queue_of_another()
    {
        var alice = await _core.UserAsync("Alice Patroller");
        var bob = await _core.UserAsync("Bob Patroller");
        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _queue.NextAsync(alice, "enwiki")).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.Services.AddSingleton(_queue);
        context.SignIn(bob, "Bob Patroller");

        var page = context.Render<PatrolPage>(p => p.Add(x => x.Wiki, "enwiki"));
        page.WaitForAssertion(() => Assert.Contains("Alice Patroller", page.Find("[data-testid=patrol-taken]").TextContent, StringComparison.Ordinal));

        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(alice.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("Alice Patroller", page.Markup, StringComparison.Ordinal));
        Assert.Equal(3, page.FindAll("[data-testid=patrol-queue-item]").Count);
    }

    [Fact]
    public async Task The_edit_under_patrol_links_to_its_diff_on_the_wiki()
    {
        var carol = await _core.UserAsync("Carol Patroller");
        await using var context = new ComponentContext("en", _core);
        context.Services.AddSingleton(_queue);
        context.SignIn(carol, "Carol Patroller");

        var page = context.Render<PatrolPage>(p => p.Add(x => x.Wiki, "enwiki"));

        var edit = page.WaitForElement("[data-testid=patrol-edit]");
        var revId = long.Parse(edit.GetAttribute("data-rev")!, System.Globalization.CultureInfo.InvariantCulture);
        var link = page.Find("[data-testid=patrol-onwiki]");
        Assert.Equal(_core.Wikis.Find("enwiki")!.DiffUrl(revId), link.GetAttribute("href"));
        Assert.Equal("View the edit on enwiki", link.TextContent.Trim());
        // In the queue beside it, that edit is the one marked as current (for screen readers too), and no other.
        var current = Assert.Single(page.FindAll("[data-testid=patrol-queue-item][aria-current=true]"));
        Assert.Equal(revId.ToString(System.Globalization.CultureInfo.InvariantCulture), current.GetAttribute("data-rev"));
        Assert.Contains("jade-current", current.ClassList);
    }

    [Fact]
    public async Task A_second_answer_pressed_before_the_next_edit_shows_does_not_change_the_answer_just_given()
    {
        var dave = await _core.UserAsync("Dave Patroller");
        await using var context = new ComponentContext("en", _core);
        context.Services.AddSingleton(_queue);
        context.SignIn(dave, "Dave Patroller");
        var page = context.Render<PatrolPage>(p => p.Add(x => x.Wiki, "enwiki"));
        var first = page.WaitForElement("[data-testid=patrol-edit]").GetAttribute("data-rev");

        // "1" (vandalism) for the edit on screen, then "3" (good) meant for the next one, which is not shown yet.
        var vandalism = page.InvokeAsync(() => page.Instance.OnKey("Digit1"));
        var good = page.InvokeAsync(() => page.Instance.OnKey("Digit3"));
        await Task.WhenAll(vandalism, good);

        page.WaitForAssertion(() => Assert.NotEqual(first, page.Find("[data-testid=patrol-edit]").GetAttribute("data-rev")));
        await using var db = _core.Database.CreateDbContext();
        // One judgment, the first answer: its proposal and the patroller's endorsement of it, nothing moved after.
        Assert.Equal([EventType.ProposalCreated, EventType.EndorsementCreated], await db.Events.Where(e => e.ActorId == dave.UserId).OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync());
        var proposal = await db.Proposals.SingleAsync();
        Assert.Contains("\"damaging\":true", proposal.LabelData, StringComparison.Ordinal);
    }
}
