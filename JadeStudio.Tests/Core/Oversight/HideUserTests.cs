using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Logs;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Oversight;

public sealed class HideUserTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _troll = null!;
    private ActorRef _sysop = null!;
    private ActorRef _oversighter = null!;

    public async Task InitializeAsync()
    {
        _troll = await _core.UserAsync("Jane Doe lives at 12 Elm Street");
        _sysop = await _core.UserAsync("Sysop", "sysop");
        _oversighter = await _core.UserAsync("Oversighter", "oversight", "sysop");
        (await _core.Judgments.ProposeOrEndorseAsync(_troll, CoreHarness.Propose(true, false, notes: "notes"))).OrThrow();
        (await _core.Discussions.StartThreadAsync(_troll, new NewThread(CoreHarness.Diff, "Title", "Text"))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private BlockRequest HideRequest(bool sitewide = true, DateTimeOffset? expiry = null) =>
        new(_troll.UserId!.Value, sitewide, sitewide ? [] : ["enwiki"], [], [], expiry, "abusive user name", HideUser: true);

    [Fact]
    public async Task Hiding_is_refused_for_a_partial_or_expiring_block_and_without_the_right()
    {
        var partial = await _core.Blocks.BlockAsync(_oversighter, HideRequest(sitewide: false));
        var expiring = await _core.Blocks.BlockAsync(_oversighter, HideRequest(expiry: _core.Clock.Now.AddDays(3)));
        var withoutRight = await _core.Blocks.BlockAsync(_sysop, HideRequest());

        Assert.Equal(BlockProblem.HideUserNeedsIndefiniteSitewide, Assert.IsType<JadeError.InvalidBlock>(partial.Error).Problem);
        Assert.Equal(BlockProblem.HideUserNeedsIndefiniteSitewide, Assert.IsType<JadeError.InvalidBlock>(expiring.Error).Problem);
        Assert.Equal(Right.HideUser, Assert.IsType<JadeError.PermissionDenied>(withoutRight.Error).Missing);
        Assert.Empty(await _core.BlockQueries.ActiveAsync(await _core.ViewerAsync(_sysop)));
        Assert.Equal("Jane Doe lives at 12 Elm Street", (await _core.EditQualityAsync()).Proposals.Single().Author.Name);
    }

    [Fact]
    public async Task After_hiding_the_name_appears_nowhere_for_non_oversighters_and_everywhere_for_oversighters()
    {
        (await _core.Blocks.BlockAsync(_oversighter, HideRequest())).OrThrow();

        foreach (var viewer in new[] { ActorRef.Anonymous, _troll, _sysop })
        {
            var actor = await _core.ViewerAsync(viewer);
            Assert.True((await _core.EditQualityAsync(viewer: viewer)).Proposals.Single().Author.Hidden);
            var threads = await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, actor);
            Assert.True(threads.Single().Author.Hidden);
            Assert.True(threads.Single().Posts.Single().Author.Hidden);
            var feed = ((FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(), actor)).Items;
            Assert.DoesNotContain(feed, e => e.Actor?.Name?.Contains("Elm") == true || e.Subject?.Name?.Contains("Elm") == true);
            Assert.DoesNotContain(feed, e => e.Type == EventType.BlockCreated);
            Assert.Empty(await _core.BlockQueries.ActiveAsync(actor));
        }
        var oversighter = await _core.ViewerAsync(_oversighter);
        Assert.Equal("Jane Doe lives at 12 Elm Street", (await _core.EditQualityAsync(viewer: _oversighter)).Proposals.Single().Author.Name);
        Assert.Single(await _core.BlockQueries.ActiveAsync(oversighter));
        var logged = Assert.Single((await _core.Logs.ReadAsync(LogQuery.Of(LogType.Suppression), oversighter)).OrThrow().Entries);
        Assert.Equal(EventType.BlockCreated, logged.Type);
        Assert.Equal("Jane Doe lives at 12 Elm Street", logged.Subject!.Name);
    }

    [Fact]
    public async Task An_oversighter_without_the_block_right_can_hide_a_user_but_not_place_an_ordinary_block()
    {
        var oversightOnly = await _core.UserAsync("Oversight only", "oversight");

        var ordinary = await _core.Blocks.BlockAsync(oversightOnly, HideRequest() with { HideUser = false });
        (await _core.Blocks.BlockAsync(oversightOnly, HideRequest())).OrThrow();

        Assert.Equal(Right.Block, Assert.IsType<JadeError.PermissionDenied>(ordinary.Error).Missing);
        Assert.True((await _core.EditQualityAsync()).Proposals.Single().Author.Hidden);
    }

    [Fact]
    public async Task Lifting_the_hiding_block_needs_hideuser_and_shows_the_name_again()
    {
        var block = (await _core.Blocks.BlockAsync(_oversighter, HideRequest())).OrThrow();

        var bySysop = await _core.Blocks.UnblockAsync(_sysop, block.Id, "appeal");
        Assert.Equal(Right.HideUser, Assert.IsType<JadeError.PermissionDenied>(bySysop.Error).Missing);
        (await _core.Blocks.UnblockAsync(_oversighter, block.Id, "appeal accepted")).OrThrow();

        Assert.Equal("Jane Doe lives at 12 Elm Street", (await _core.EditQualityAsync()).Proposals.Single().Author.Name);
    }
}
