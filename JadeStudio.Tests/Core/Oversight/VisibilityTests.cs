using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Logs;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Oversight;

public sealed class VisibilityTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _author = null!;
    private ActorRef _reviewer = null!;
    private ActorRef _sysop = null!;
    private ActorRef _oversighter = null!;

    public async Task InitializeAsync()
    {
        _author = await _core.UserAsync("Author");
        _reviewer = await _core.UserAsync("Reviewer");
        _sysop = await _core.UserAsync("Sysop", "sysop");
        _oversighter = await _core.UserAsync("Oversighter", "oversight");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<long> CommentAsync(string text = "Call me at 555-0100, I live at 12 Elm Street.") =>
        (await _core.Discussions.StartThreadAsync(_author, new NewThread(CoreHarness.Diff, "About this edit", text))).OrThrow().CommentId;

    private Task<Result<VisibilityChange>> SetAsync(ActorRef who, ItemKind kind, long id, HideableField field, FieldVisibility level, string reason = "doxxing") =>
        _core.Visibility.SetAsync(who, new VisibilityRequest(new ItemRef(kind, id), field, level, reason));

    private async Task<string?> CommentTextAsync(long comment, ActorRef viewer)
    {
        var threads = await _core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, await _core.ViewerAsync(viewer));
        return threads.SelectMany(t => t.Posts).Single(c => c.Id == comment).Text.Value;
    }

    private async Task<IReadOnlyList<FeedEvent>> FeedAsync(ActorRef viewer, long? after = null) =>
        ((FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(AfterSeq: after), await _core.ViewerAsync(viewer))).Items;

    [Fact]
    public async Task Deleting_needs_deletecontent_and_a_refused_attempt_changes_nothing()
    {
        var comment = await CommentAsync();

        var refused = await SetAsync(_reviewer, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Deleted);

        Assert.Equal(Right.DeleteContent, Assert.IsType<JadeError.PermissionDenied>(refused.Error).Missing);
        Assert.Equal("Call me at 555-0100, I live at 12 Elm Street.", await CommentTextAsync(comment, ActorRef.Anonymous));
        Assert.DoesNotContain(await FeedAsync(_oversighter), e => e.Type is EventType.VisibilityChanged or EventType.ItemRedacted);
    }

    [Fact]
    public async Task A_deleted_comment_is_hidden_from_the_public_and_seen_with_viewdeleted_and_logged_in_the_deletion_log()
    {
        var comment = await CommentAsync();

        (await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Deleted, "personal information")).OrThrow();

        Assert.Null(await CommentTextAsync(comment, ActorRef.Anonymous));
        Assert.Null(await CommentTextAsync(comment, _author));
        Assert.Null(await CommentTextAsync(comment, _reviewer));
        Assert.Contains("555-0100", await CommentTextAsync(comment, _sysop));
        Assert.Contains("555-0100", await CommentTextAsync(comment, _oversighter));

        var log = (await _core.Logs.ReadAsync(LogQuery.Of(LogType.Deletion), await _core.ViewerAsync(_sysop))).OrThrow().Entries;
        var entry = Assert.Single(log);
        Assert.Equal(("Sysop", "personal information", FieldVisibility.Visible, FieldVisibility.Deleted), (entry.Performer!.Name, entry.Reason.Value, entry.From, entry.To));
        Assert.IsType<JadeError.PermissionDenied>((await _core.Logs.ReadAsync(LogQuery.Of(LogType.Deletion), await _core.ViewerAsync(_reviewer))).Error);
        Assert.Empty((await _core.Logs.ReadAsync(LogQuery.Of(LogType.Suppression), await _core.ViewerAsync(_oversighter))).OrThrow().Entries);
    }

    [Fact]
    public async Task Suppression_needs_suppress_hides_from_sysops_and_only_the_suppression_log_records_it()
    {
        var comment = await CommentAsync();

        var bySysop = await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Suppressed);
        (await SetAsync(_oversighter, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Suppressed, "address")).OrThrow();

        Assert.Equal(Right.Suppress, Assert.IsType<JadeError.PermissionDenied>(bySysop.Error).Missing);
        Assert.Null(await CommentTextAsync(comment, _sysop));
        Assert.Contains("555-0100", await CommentTextAsync(comment, _oversighter));
        Assert.Empty((await _core.Logs.ReadAsync(LogQuery.Of(LogType.Deletion), await _core.ViewerAsync(_sysop))).OrThrow().Entries);
        var entry = Assert.Single((await _core.Logs.ReadAsync(LogQuery.Of(LogType.Suppression), await _core.ViewerAsync(_oversighter))).OrThrow().Entries);
        Assert.Equal("Oversighter", entry.Performer!.Name);

        // Neither the public nor a sysop sees the action itself; both see only that an item was redacted, by nobody.
        foreach (var viewer in new[] { ActorRef.Anonymous, _sysop })
        {
            var feed = await FeedAsync(viewer);
            Assert.DoesNotContain(feed, e => e.Type == EventType.VisibilityChanged);
            var redacted = Assert.Single(feed, e => e.Type == EventType.ItemRedacted);
            Assert.Null(redacted.Actor);
            Assert.DoesNotContain("address", redacted.Data);
            Assert.DoesNotContain("suppressed", redacted.Data);
        }
    }

    [Fact]
    public async Task Restoring_needs_the_same_right_as_hiding_and_shows_the_text_again()
    {
        var comment = await CommentAsync();
        (await SetAsync(_oversighter, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Suppressed)).OrThrow();

        var bySysop = await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Visible, "mistake");
        (await SetAsync(_oversighter, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Visible, "mistake")).OrThrow();

        Assert.Equal(Right.Suppress, Assert.IsType<JadeError.PermissionDenied>(bySysop.Error).Missing);
        Assert.Contains("555-0100", await CommentTextAsync(comment, ActorRef.Anonymous));
        Assert.Contains(await FeedAsync(ActorRef.Anonymous), e => e.Type == EventType.ItemRestored && e.Actor is null);
    }

    [Fact]
    public async Task A_change_needs_a_reason_and_must_change_something()
    {
        var comment = await CommentAsync();

        var noReason = await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Deleted, " ");
        // A reason of characters that draw nothing (a zero-width space, a byte-order mark) is none.
        var invisibleReason = await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Deleted, "\u200B\uFEFF");
        var noChange = await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Visible);
        var noItem = await SetAsync(_sysop, ItemKind.Comment, 999_999, HideableField.Text, FieldVisibility.Deleted);

        Assert.Equal(VisibilityProblem.NoReason, Assert.IsType<JadeError.InvalidVisibility>(noReason.Error).Problem);
        Assert.Equal(VisibilityProblem.NoReason, Assert.IsType<JadeError.InvalidVisibility>(invisibleReason.Error).Problem);
        Assert.IsType<JadeError.NoChange>(noChange.Error);
        Assert.IsType<JadeError.EntityNotFound>(noItem.Error);
        Assert.NotNull(await CommentTextAsync(comment, ActorRef.Anonymous));
    }

    [Fact]
    public async Task Hiding_notes_hides_every_earlier_version_of_them_in_the_history_too()
    {
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false, notes: "Vandal lives at 12 Elm Street"))).OrThrow().ProposalId!.Value;
        (await _core.Judgments.UpdateProposalNotesAsync(_author, proposal, "Blanking")).OrThrow();

        (await SetAsync(_oversighter, ItemKind.Proposal, proposal, HideableField.Text, FieldVisibility.Suppressed)).OrThrow();

        var feed = await FeedAsync(_sysop);
        Assert.DoesNotContain(feed, e => e.Text.Value?.Contains("Elm") == true || e.PreviousText.Value?.Contains("Elm") == true);
        Assert.Contains(feed, e => e.Type == EventType.ProposalNotesUpdated && e.Text.Hidden && e.PreviousText.Hidden);
        Assert.True((await _core.EditQualityAsync(viewer: _reviewer)).Proposals.Single().Notes.Hidden);
        Assert.Equal("Blanking", (await _core.EditQualityAsync(viewer: _oversighter)).Proposals.Single().Notes.Value);
    }

    [Fact]
    public async Task A_hidden_user_name_on_an_item_disappears_from_the_item_and_its_events()
    {
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;

        (await SetAsync(_sysop, ItemKind.Proposal, proposal, HideableField.User, FieldVisibility.Deleted, "offensive user name")).OrThrow();

        var publicView = (await _core.EditQualityAsync()).Proposals.Single();
        Assert.True(publicView.Author.Hidden);
        Assert.Null(publicView.Author.Name);
        Assert.All((await FeedAsync(ActorRef.Anonymous)).Where(e => e.ProposalId == proposal && e.Type == EventType.ProposalCreated), e => Assert.True(e.Actor!.Hidden));
        Assert.Equal("Author", (await _core.EditQualityAsync(viewer: _sysop)).Proposals.Single().Author.Name);
        // Filtering the feed by the author must not reveal the hidden entry either.
        var byAuthor = (FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(UserId: _author.UserId), await _core.ViewerAsync(ActorRef.Anonymous));
        Assert.DoesNotContain(byAuthor.Items, e => e.Type == EventType.ProposalCreated);
    }

    [Fact]
    public async Task A_name_hidden_on_an_item_stays_hidden_on_what_its_user_does_with_the_item_afterwards()
    {
        var (hiddenSince, proposal, endorsement) = await HideNamesThenActOnTheItemsAsync();

        await AssertNamesHiddenOnLaterEventsAsync(hiddenSince, proposal, endorsement);
    }

    [Fact]
    public async Task Later_events_stored_naming_the_user_before_this_version_are_hidden_by_the_upgrade()
    {
        var (hiddenSince, proposal, endorsement) = await HideNamesThenActOnTheItemsAsync();
        await using var db = _core.Database.CreateDbContext();
        // As an earlier version stored them.
        Assert.Equal(6, await db.Events.Where(e => e.Seq > hiddenSince && e.ActorId == _author.UserId)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.ActorVisibility, FieldVisibility.Visible).SetProperty(x => x.SubjectVisibility, FieldVisibility.Visible)));
        Assert.Contains(await FeedAsync(ActorRef.Anonymous, hiddenSince), e => e.Actor?.Name == "Author");

        await _core.RunMigrationAgainAsync("HiddenNamesOnLaterEvents");

        await AssertNamesHiddenOnLaterEventsAsync(hiddenSince, proposal, endorsement);
    }

    /// <summary>The author's name is hidden on a proposal, an endorsement and a comment; then the author edits, moves and withdraws them.</summary>
    private async Task<(long HiddenSince, long Proposal, long Endorsement)> HideNamesThenActOnTheItemsAsync()
    {
        var judged = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false, notes: "first notes", comment: "first comment"))).OrThrow();
        var (proposal, endorsement) = (judged.ProposalId!.Value, judged.EndorsementId!.Value);
        var othersProposal = (await _core.Judgments.ProposeOrEndorseAsync(_reviewer, CoreHarness.Propose(false, true))).OrThrow().ProposalId!.Value;
        var comment = await CommentAsync("First text");
        (await SetAsync(_sysop, ItemKind.Proposal, proposal, HideableField.User, FieldVisibility.Deleted, "outing")).OrThrow();
        (await SetAsync(_sysop, ItemKind.Endorsement, endorsement, HideableField.User, FieldVisibility.Deleted, "outing")).OrThrow();
        (await SetAsync(_sysop, ItemKind.Comment, comment, HideableField.User, FieldVisibility.Deleted, "outing")).OrThrow();
        var hiddenSince = (await FeedAsync(_sysop)).Max(e => e.Seq);

        (await _core.Judgments.UpdateProposalNotesAsync(_author, proposal, "second notes")).OrThrow();
        (await _core.Discussions.EditAsync(_author, comment, "Second text")).OrThrow();
        // The endorsement moves to someone else's proposal, its comment changes, it is withdrawn; then the proposal is deleted.
        Assert.Equal(endorsement, (await _core.Judgments.EndorseAsync(_author, othersProposal, "agreed", "ui")).OrThrow().EndorsementId);
        (await _core.Judgments.UpdateEndorsementCommentAsync(_author, othersProposal, null, "second comment")).OrThrow();
        (await _core.Judgments.DeleteEndorsementAsync(_author, othersProposal, null, "changed my mind")).OrThrow();
        (await _core.Judgments.DeleteProposalAsync(_author, proposal, "withdrawn")).OrThrow();
        return (hiddenSince, proposal, endorsement);
    }

    private async Task AssertNamesHiddenOnLaterEventsAsync(long hiddenSince, long proposal, long endorsement)
    {
        bool AboutHiddenItem(FeedEvent e) => e.ProposalId == proposal || e.EndorsementId == endorsement || e.Type == EventType.CommentEdited;
        var aboutHidden = (await FeedAsync(ActorRef.Anonymous, hiddenSince)).Where(AboutHiddenItem).ToList();
        Assert.Equal(
            [EventType.ProposalNotesUpdated, EventType.CommentEdited, EventType.EndorsementMoved, EventType.EndorsementCommentUpdated, EventType.EndorsementDeleted, EventType.ProposalDeleted],
            aboutHidden.Select(e => e.Type));
        Assert.All(aboutHidden, e =>
        {
            Assert.True(e.Actor!.Hidden, $"{e.Type} names its performer");
            Assert.True(e.Subject is null or { Hidden: true }, $"{e.Type} names its subject");
        });
        // Nor do the author's contributions list them; readers with viewdeleted still see who it was.
        var contributions = (FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(AfterSeq: hiddenSince, UserId: _author.UserId), await _core.ViewerAsync(ActorRef.Anonymous));
        Assert.Empty(contributions.Items);
        Assert.All((await FeedAsync(_sysop, hiddenSince)).Where(AboutHiddenItem), e => Assert.Equal("Author", e.Actor!.Name));
        // Search finds the texts written since (the proposal's notes through their event, the proposal being gone) without their author.
        var found = await _core.DiscussionQueries.SearchAsync(new SearchQuery("second"), await _core.ViewerAsync(ActorRef.Anonymous));
        Assert.Equal(3, found.Count);
        Assert.All(found, hit => Assert.True(hit.Author.Hidden, $"{hit.Kind} names its author"));
    }

    [Fact]
    public async Task A_reader_who_saw_a_comment_gets_a_redaction_event_and_replaying_no_longer_returns_the_text()
    {
        var comment = await CommentAsync();
        var firstRead = await FeedAsync(ActorRef.Anonymous);
        Assert.Contains(firstRead, e => e.Text.Value?.Contains("555-0100") == true);
        var cursor = firstRead[^1].Seq;

        (await SetAsync(_oversighter, ItemKind.Comment, comment, HideableField.Text, FieldVisibility.Suppressed)).OrThrow();

        var next = await FeedAsync(ActorRef.Anonymous, after: cursor);
        var redaction = Assert.Single(next);
        Assert.Equal(EventType.ItemRedacted, redaction.Type);
        Assert.Contains($"\"id\":{comment}", redaction.Data);
        Assert.Contains("\"kind\":\"comment\"", redaction.Data);
        var replay = await FeedAsync(ActorRef.Anonymous);
        Assert.DoesNotContain(replay, e => e.Text.Value?.Contains("555-0100") == true);
        Assert.Contains(replay, e => e.Type == EventType.ThreadStarted && e.Text.Hidden);
    }

    [Fact]
    public async Task An_artifact_read_just_before_a_suppression_is_never_served_from_memory_after_it()
    {
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false, notes: "Vandal lives at 12 Elm Street"))).OrThrow().ProposalId!.Value;
        Assert.Equal("Vandal lives at 12 Elm Street", (await _core.EditQualityAsync()).Proposals.Single().Notes.Value);
        Assert.Equal("Vandal lives at 12 Elm Street", (await _core.EditQualityAsync()).Proposals.Single().Notes.Value);

        (await SetAsync(_oversighter, ItemKind.Proposal, proposal, HideableField.Text, FieldVisibility.Suppressed)).OrThrow();

        Assert.True((await _core.EditQualityAsync()).Proposals.Single().Notes.Hidden);
        Assert.Equal("Vandal lives at 12 Elm Street", (await _core.EditQualityAsync(viewer: _oversighter)).Proposals.Single().Notes.Value);
    }
}
