using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Oversight;

public sealed class OversightRequestTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _author = null!;
    private ActorRef _reporter = null!;
    private ActorRef _sysop = null!;
    private ActorRef _oversighter = null!;
    private long _comment;

    public async Task InitializeAsync()
    {
        _author = await _core.UserAsync("Author");
        _reporter = await _core.UserAsync("Reporter");
        _sysop = await _core.UserAsync("Sysop", "sysop");
        _oversighter = await _core.UserAsync("Oversighter", "oversight");
        _comment = (await _core.Discussions.StartThreadAsync(_author, new NewThread(CoreHarness.Diff, "Title", "Her phone number is 555-0100"))).OrThrow().CommentId;
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private Task<Result<long>> RequestAsync(ActorRef who, string reason = "private phone number") =>
        _core.OversightRequests.RequestAsync(who, new ItemRef(ItemKind.Comment, _comment), HideableField.Text, reason);

    [Fact]
    public async Task Any_signed_in_user_may_ask_and_only_suppressors_see_the_queue_and_its_count()
    {
        var anonymous = await RequestAsync(ActorRef.Anonymous);
        var noReason = await RequestAsync(_reporter, "");
        var id = (await RequestAsync(_reporter)).OrThrow();
        var again = (await RequestAsync(_reporter)).OrThrow();

        Assert.IsType<JadeError.PermissionDenied>(anonymous.Error);
        Assert.IsType<JadeError.EmptyText>(noReason.Error);
        Assert.Equal(id, again);
        Assert.Equal(1, await _core.OversightQueue.OpenCountAsync(await _core.ViewerAsync(_oversighter)));
        Assert.Equal(0, await _core.OversightQueue.OpenCountAsync(await _core.ViewerAsync(_sysop)));
        Assert.Empty(await _core.OversightQueue.QueueAsync(await _core.ViewerAsync(_sysop)));
        var queued = Assert.Single(await _core.OversightQueue.QueueAsync(await _core.ViewerAsync(_oversighter)));
        Assert.Equal(("Reporter", "private phone number", "Her phone number is 555-0100"), (queued.Requester.Name, queued.Reason, queued.Text.Value));
        // Where someone asked for oversight is not public.
        var publicFeed = ((FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(), await _core.ViewerAsync(_sysop))).Items;
        Assert.DoesNotContain(publicFeed, e => e.Type == EventType.OversightRequested);
    }

    [Fact]
    public async Task Handling_suppresses_the_field_and_closes_the_request_and_the_requester_only_learns_handled()
    {
        var id = (await RequestAsync(_reporter)).OrThrow();

        var bySysop = await _core.OversightRequests.HandleAsync(_sysop, id, FieldVisibility.Suppressed, "oversight");
        (await _core.OversightRequests.HandleAsync(_oversighter, id, FieldVisibility.Suppressed, "private information")).OrThrow();

        Assert.Equal(Right.Suppress, Assert.IsType<JadeError.PermissionDenied>(bySysop.Error).Missing);
        var threads = await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, await _core.ViewerAsync(_reporter));
        Assert.True(threads.Single().Posts.Single().Text.Hidden);
        Assert.Equal(0, await _core.OversightQueue.OpenCountAsync(await _core.ViewerAsync(_oversighter)));
        var own = Assert.Single(await _core.OversightQueue.OwnAsync(_reporter.UserId!.Value));
        Assert.False(own.Open);
        Assert.IsType<JadeError.EntityNotFound>((await _core.OversightRequests.DeclineAsync(_oversighter, id)).Error);
    }

    [Fact]
    public async Task A_declined_request_looks_the_same_to_the_requester_and_leaves_the_text_alone()
    {
        var id = (await RequestAsync(_reporter)).OrThrow();

        (await _core.OversightRequests.DeclineAsync(_oversighter, id)).OrThrow();

        var own = Assert.Single(await _core.OversightQueue.OwnAsync(_reporter.UserId!.Value));
        Assert.False(own.Open);
        var threads = await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, await _core.ViewerAsync(ActorRef.Anonymous));
        Assert.Equal("Her phone number is 555-0100", threads.Single().Posts.Single().Text.Value);
    }
}
