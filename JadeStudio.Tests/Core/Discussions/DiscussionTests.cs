using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Discussions;

public sealed class DiscussionTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _alice = null!;
    private ActorRef _bob = null!;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice");
        _bob = await _core.UserAsync("Bob");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<(long Thread, long Comment)> StartAsync(ActorRef who, string title = "Is this vandalism?", string text = "The edit removes a sourced paragraph.") =>
        (await _core.Discussions.StartThreadAsync(who, new NewThread(CoreHarness.Diff, title, text))).OrThrow();

    private async Task<ThreadView> ThreadAsync(long id, ActorRef? viewer = null) =>
        (await _core.DiscussionQueries.FindThreadAsync(id, await _core.ViewerAsync(viewer ?? ActorRef.Anonymous)))!;

    [Fact]
    public async Task An_artifact_page_without_a_discussion_asks_only_for_the_artifact_and_its_threads()
    {
        // The recorder comes before the contexts it records (EF Core's logging cache).
        using var recorder = new StatementRecorder();
        await using var core = new CoreHarness();
        var alice = await core.UserAsync("Alice");
        (await core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(false, true))).OrThrow();
        var viewer = await core.ViewerAsync(ActorRef.Anonymous);
        await using (var db = core.Database.CreateDbContext())
        {
            recorder.Record(db.Database.GetDbConnection());
        }

        var threads = await core.DiscussionQueries.ForArtifactAsync(CoreHarness.Diff, viewer);

        Assert.Empty(threads);
        // Every artifact page asks this; it used to go on to five empty lookups (comments, revisions, texts, users, artifacts).
        Assert.Equal(2, recorder.Statements.Count);
    }

    [Fact]
    public async Task A_thread_keeps_replies_in_order_and_a_reply_to_a_reply_attaches_to_its_post()
    {
        var (thread, post) = await StartAsync(_alice);
        var first = (await _core.Discussions.ReplyAsync(_bob, thread, post, "I disagree: the source is a blog.")).OrThrow();
        _core.Clock.Now += TimeSpan.FromSeconds(5);
        (await _core.Discussions.ReplyAsync(_alice, thread, first, "Blogs can be reliable.")).OrThrow();
        _core.Clock.Now += TimeSpan.FromSeconds(5);
        (await _core.Discussions.ReplyAsync(_bob, thread, null, "A second top-level post.")).OrThrow();

        var view = await ThreadAsync(thread);

        Assert.Equal("Is this vandalism?", view.Title.Value);
        Assert.Equal(["The edit removes a sourced paragraph.", "A second top-level post."], view.Posts.Select(p => p.Text.Value));
        Assert.Equal(["I disagree: the source is a blog.", "Blogs can be reliable."], view.Posts[0].Replies.Select(r => r.Text.Value));
        Assert.All(view.Posts[0].Replies, r => Assert.Equal(post, r.ParentId));
        Assert.Equal(4, view.CommentCount);
    }

    [Fact]
    public async Task Editing_keeps_the_earlier_text_and_only_the_author_may_edit()
    {
        var (thread, comment) = await StartAsync(_alice, text: "First wording.");

        var version = (await _core.Discussions.EditAsync(_alice, comment, "Second wording.")).OrThrow();
        var byOther = await _core.Discussions.EditAsync(_bob, comment, "Hijacked.");
        var stale = await _core.Discussions.EditAsync(_alice, comment, "Third wording.", expectedVersion: version - 1);

        Assert.IsType<JadeError.PermissionDenied>(byOther.Error);
        Assert.IsType<JadeError.EditConflict>(stale.Error);
        var post = (await ThreadAsync(thread)).Posts.Single();
        Assert.Equal("Second wording.", post.Text.Value);
        Assert.NotNull(post.EditedAt);
        Assert.Equal(["First wording."], post.History.Select(h => h.Text.Value));
    }

    [Fact]
    public async Task Resolving_records_who_and_when_and_can_be_undone()
    {
        var (thread, _) = await StartAsync(_alice);
        _core.Clock.Now += TimeSpan.FromHours(1);

        (await _core.Discussions.SetResolvedAsync(_bob, thread, true)).OrThrow();
        var resolved = await ThreadAsync(thread);
        var again = await _core.Discussions.SetResolvedAsync(_bob, thread, true);
        (await _core.Discussions.SetResolvedAsync(_alice, thread, false)).OrThrow();

        Assert.Equal(_core.Clock.Now, resolved.ResolvedAt);
        Assert.Equal("Bob", resolved.ResolvedBy!.Name);
        Assert.IsType<JadeError.NoChange>(again.Error);
        Assert.Null((await ThreadAsync(thread)).ResolvedAt);
    }

    [Fact]
    public async Task Empty_text_anonymous_callers_and_comment_blocks_are_refused_and_store_nothing()
    {
        var sysop = await _core.UserAsync("Admin", "sysop");
        (await _core.Blocks.BlockAsync(sysop, new BlockRequest(_bob.UserId!.Value, false, ["enwiki"], [], [BlockAction.Comment], null, "flaming"))).OrThrow();

        var empty = await _core.Discussions.StartThreadAsync(_alice, new NewThread(CoreHarness.Diff, "Title", "   "));
        var anonymous = await _core.Discussions.StartThreadAsync(ActorRef.Anonymous, new NewThread(CoreHarness.Diff, "Title", "Text"));
        var blocked = await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Title", "Text"));

        Assert.Equal("text", Assert.IsType<JadeError.EmptyText>(empty.Error).Field);
        Assert.IsType<JadeError.PermissionDenied>(anonymous.Error);
        Assert.IsType<JadeError.Blocked>(blocked.Error);
        Assert.Equal(0, await _core.CountAsync(db => db.Set<DiscussionThread>()));
        Assert.Equal(0, await _core.CountAsync(db => db.Set<Comment>()));
    }

    [Fact]
    public async Task A_comment_block_does_not_stop_judging_and_a_judging_block_does_not_stop_commenting()
    {
        var sysop = await _core.UserAsync("Admin", "sysop");
        (await _core.Blocks.BlockAsync(sysop, new BlockRequest(_bob.UserId!.Value, false, [], [], [BlockAction.Comment], null, "flaming"))).OrThrow();
        (await _core.Blocks.BlockAsync(sysop, new BlockRequest(_alice.UserId!.Value, false, [], [], [BlockAction.Judge], null, "bad labels"))).OrThrow();

        var judged = await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(true, false));
        var commented = await _core.Discussions.StartThreadAsync(_alice, new NewThread(CoreHarness.Diff, "Title", "Text"));
        var bobComments = await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Title", "Text"));
        var aliceJudges = await _core.Judgments.CreateAndEndorseAsync(_alice, CoreHarness.Propose(false, true));

        Assert.Null(judged.Error);
        Assert.Null(commented.Error);
        Assert.IsType<JadeError.Blocked>(bobComments.Error);
        Assert.IsType<JadeError.Blocked>(aliceJudges.Error);
    }

    [Fact]
    public async Task Posting_is_rate_limited_per_user_and_the_limit_passes_with_time()
    {
        _core.DiscussionOptions.PostsPerMinute = 3;
        var (thread, _) = await StartAsync(_alice);
        (await _core.Discussions.ReplyAsync(_alice, thread, null, "two")).OrThrow();
        (await _core.Discussions.ReplyAsync(_alice, thread, null, "three")).OrThrow();

        var fourth = await _core.Discussions.ReplyAsync(_alice, thread, null, "four");
        var otherUser = await _core.Discussions.ReplyAsync(_bob, thread, null, "Bob is not limited by Alice");
        _core.Clock.Now += TimeSpan.FromMinutes(2);
        var later = await _core.Discussions.ReplyAsync(_alice, thread, null, "four, later");

        Assert.IsType<JadeError.RateLimited>(fourth.Error);
        Assert.True(otherUser.IsSuccess);
        Assert.True(later.IsSuccess);
        Assert.DoesNotContain((await ThreadAsync(thread)).Posts, p => p.Text.Value == "four");
    }

    [Fact]
    public async Task Older_comments_edited_in_the_last_minute_count_toward_the_posting_rate_with_new_ones()
    {
        _core.DiscussionOptions.PostsPerMinute = 3;
        var (thread, first) = await StartAsync(_alice);
        var second = (await _core.Discussions.ReplyAsync(_alice, thread, null, "two")).OrThrow();
        _core.Clock.Now += TimeSpan.FromMinutes(2);

        // Two old comments edited and one new reply: three in the last minute.
        (await _core.Discussions.EditAsync(_alice, first, "The edit removes a sourced paragraph (diff linked).")).OrThrow();
        (await _core.Discussions.EditAsync(_alice, second, "two, reworded")).OrThrow();
        (await _core.Discussions.ReplyAsync(_alice, thread, null, "three")).OrThrow();
        var fourth = await _core.Discussions.ReplyAsync(_alice, thread, null, "four");
        _core.Clock.Now += TimeSpan.FromMinutes(2);
        var later = (await _core.Discussions.ReplyAsync(_alice, thread, null, "four, later")).OrThrow();
        // A new comment edited is still one comment.
        (await _core.Discussions.EditAsync(_alice, later, "four, later, reworded")).OrThrow();
        var fifth = await _core.Discussions.ReplyAsync(_alice, thread, null, "five");
        var sixth = await _core.Discussions.ReplyAsync(_alice, thread, null, "six");
        var seventh = await _core.Discussions.ReplyAsync(_alice, thread, null, "seven");

        Assert.IsType<JadeError.RateLimited>(fourth.Error);
        Assert.Equal((true, true), (fifth.IsSuccess, sixth.IsSuccess));
        Assert.IsType<JadeError.RateLimited>(seventh.Error);
    }

    [Fact]
    public async Task A_thread_can_refer_to_a_proposal_of_its_artifact_but_not_to_one_elsewhere()
    {
        var proposal = (await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;
        var elsewhere = new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 42);
        var other = (await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(false, true, artifact: elsewhere))).OrThrow().ProposalId!.Value;

        var ok = await _core.Discussions.StartThreadAsync(_alice, new NewThread(CoreHarness.Diff, "Why damaging?", "Explain", ThreadSubject.Proposal, proposal));
        var wrong = await _core.Discussions.StartThreadAsync(_alice, new NewThread(CoreHarness.Diff, "Why?", "Explain", ThreadSubject.Proposal, other));

        var thread = await ThreadAsync(ok.OrThrow().ThreadId);
        Assert.Equal(ThreadSubject.Proposal, thread.Subject);
        Assert.Equal(proposal, thread.SubjectId);
        Assert.IsType<JadeError.EntityNotFound>(wrong.Error);
    }

    [Fact]
    public async Task Search_finds_a_word_whether_its_accents_are_written_as_one_character_or_combining()
    {
        await StartAsync(_alice, title: "Zo\u00EB's edit", text: "Re\u0301sume\u0301 of the cafe\u0301 dispute.");
        var anyone = await _core.ViewerAsync(ActorRef.Anonymous);

        Assert.Single(await _core.DiscussionQueries.SearchAsync(new SearchQuery("r\u00E9sum\u00E9"), anyone));
        Assert.Single(await _core.DiscussionQueries.SearchAsync(new SearchQuery("caf\u00E9"), anyone));
        Assert.Single(await _core.DiscussionQueries.SearchAsync(new SearchQuery("zoe\u0308"), anyone));
    }

    [Fact]
    public async Task Search_finds_comments_titles_and_notes_filtered_by_wiki_author_and_date()
    {
        (await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(true, false, notes: "Blanking of the infobox"))).OrThrow();
        await StartAsync(_alice, text: "The infobox was removed without a summary.");
        _core.Clock.Now += TimeSpan.FromDays(3);
        var cswiki = new JadeStudio.Core.Artifacts.ArtifactKey("cswiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 7);
        (await _core.Discussions.StartThreadAsync(_alice, new NewThread(cswiki, "Infobox", "Another infobox removal."))).OrThrow();
        var anyone = await _core.ViewerAsync(ActorRef.Anonymous);

        var all = await _core.DiscussionQueries.SearchAsync(new SearchQuery("infobox"), anyone);
        var onEnwiki = await _core.DiscussionQueries.SearchAsync(new SearchQuery("infobox", Wiki: "enwiki"), anyone);
        var byBob = await _core.DiscussionQueries.SearchAsync(new SearchQuery("infobox", AuthorId: _bob.UserId), anyone);
        var early = await _core.DiscussionQueries.SearchAsync(new SearchQuery("infobox", To: _core.Clock.Now - TimeSpan.FromDays(1)), anyone);
        // Bounds an hour from each group of texts, written in UTC+14 and UTC−10: their clock times lie on the other side.
        var earlyFarEast = await _core.DiscussionQueries.SearchAsync(new SearchQuery("infobox", To: (_core.Clock.Now - TimeSpan.FromHours(1)).ToOffset(TimeSpan.FromHours(14))), anyone);
        var lateFarWest = await _core.DiscussionQueries.SearchAsync(new SearchQuery("infobox", From: (_core.Clock.Now - TimeSpan.FromDays(3) + TimeSpan.FromHours(1)).ToOffset(TimeSpan.FromHours(-10))), anyone);

        Assert.Equal(4, all.Count);
        Assert.Contains(all, h => h.Kind == SearchableKind.ThreadTitle && h.Artifact == cswiki);
        Assert.Equal(2, onEnwiki.Count);
        Assert.Equal(SearchableKind.Notes, Assert.Single(byBob).Kind);
        Assert.Equal(2, early.Count);
        Assert.Equal(2, earlyFarEast.Count);
        Assert.Equal([cswiki, cswiki], lateFarWest.Select(h => h.Artifact));
        Assert.Contains(all, h => h.Artifact == cswiki && h.Author.Name == "Alice");
    }

    [Fact]
    public async Task Search_finds_endorsement_comments_and_hides_their_author_where_the_name_is_hidden()
    {
        var proposal = (await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;
        var endorsement = (await _core.Judgments.EndorseAsync(_alice, proposal, "Clearly a wombatish revert war", JadeStudio.Core.Judgments.Origins.Ui)).OrThrow().EndorsementId!.Value;
        var anyone = await _core.ViewerAsync(ActorRef.Anonymous);

        var visible = Assert.Single(await _core.DiscussionQueries.SearchAsync(new SearchQuery("wombatish"), anyone));
        var oversighter = await _core.UserAsync("Search oversighter", "oversight");
        (await _core.Visibility.SetAsync(oversighter, new JadeStudio.Core.Oversight.VisibilityRequest(new JadeStudio.Core.Oversight.ItemRef(JadeStudio.Core.Oversight.ItemKind.Endorsement, endorsement),
            JadeStudio.Core.Oversight.HideableField.User, FieldVisibility.Suppressed, "test"))).OrThrow();
        var hidden = Assert.Single(await _core.DiscussionQueries.SearchAsync(new SearchQuery("wombatish"), anyone));
        var byAlice = await _core.DiscussionQueries.SearchAsync(new SearchQuery("wombatish", AuthorId: _alice.UserId), anyone);

        Assert.Equal((SearchableKind.EndorsementComment, "Alice"), (visible.Kind, visible.Author.Name));
        Assert.True(hidden.Author.Hidden);
        Assert.Empty(byAlice);
    }

    [Theory]
    [InlineData(FieldVisibility.Deleted, null, false)]
    [InlineData(FieldVisibility.Deleted, "sysop", true)]
    [InlineData(FieldVisibility.Suppressed, "sysop", false)]
    [InlineData(FieldVisibility.Suppressed, "oversight", true)]
    public async Task Search_never_returns_a_comment_whose_text_is_hidden_from_the_searcher(FieldVisibility hidden, string? group, bool found)
    {
        var (thread, comment) = await StartAsync(_alice, text: "My home address is Example Street 12.");
        await SetTextVisibilityAsync(comment, hidden);
        var searcher = group is null ? _bob : await _core.UserAsync("Searcher", group);

        var hits = await _core.DiscussionQueries.SearchAsync(new SearchQuery("address street"), await _core.ViewerAsync(searcher));
        var visibleThread = await ThreadAsync(thread, searcher);

        Assert.Equal(found, hits.Count == 1);
        Assert.All(hits, h => Assert.Contains("Example Street", h.Snippet));
        Assert.Equal(found, visibleThread.Posts.Single().Text.Value is not null);
    }

    [Fact]
    public async Task Search_does_not_find_an_earlier_text_once_it_is_hidden()
    {
        var (_, comment) = await StartAsync(_alice, text: "Call me at 555-0100.");
        (await _core.Discussions.EditAsync(_alice, comment, "Ping me on my talk page.")).OrThrow();
        await using (var db = _core.Database.CreateDbContext())
        {
            var earlier = await db.CommentRevisions.SingleAsync(r => r.CommentId == comment);
            (await db.Texts.SingleAsync(t => t.Id == earlier.TextId)).Visibility = FieldVisibility.Suppressed;
            await db.SaveChangesAsync();
        }

        var hits = await _core.DiscussionQueries.SearchAsync(new SearchQuery("555"), await _core.ViewerAsync(_bob));

        Assert.Empty(hits);
    }

    [Fact]
    public async Task The_watchlist_shows_others_activity_on_watched_artifacts_with_an_unread_count()
    {
        (await _core.Discussions.WatchAsync(_bob, CoreHarness.Diff, true)).OrThrow();
        var (thread, _) = await StartAsync(_alice);
        (await _core.Discussions.ReplyAsync(_bob, thread, null, "Bob's own reply")).OrThrow();
        (await _core.Judgments.CreateAndEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        var bobViewer = await _core.ViewerAsync(_bob);

        var before = await _core.DiscussionQueries.WatchlistAsync(_bob.UserId!.Value, bobViewer);
        (await _core.Discussions.UpdateWatchStateAsync(_bob, before.NewestSeq, null)).OrThrow();
        var after = await _core.DiscussionQueries.WatchlistAsync(_bob.UserId!.Value, bobViewer);
        (await _core.Discussions.WatchAsync(_bob, CoreHarness.Diff, false)).OrThrow();
        (await _core.Discussions.UpdateWatchStateAsync(_bob, null, false)).OrThrow();
        var unwatched = await _core.DiscussionQueries.WatchlistAsync(_bob.UserId!.Value, bobViewer);

        Assert.Equal(2, before.Unread); // the thread and the judgment (its proposal and endorsement are one change); not Bob's reply
        Assert.Equal([EventType.ProposalCreated, EventType.ThreadStarted], before.Events.Select(e => e.Type).Where(t => t != EventType.EndorsementCreated));
        Assert.DoesNotContain(before.Events, e => e.Actor?.Name == "Bob");
        Assert.Equal(0, after.Unread);
        Assert.Empty(unwatched.Events);
    }

    [Fact]
    public async Task Artifacts_one_commented_on_are_watched_without_asking()
    {
        var (thread, _) = await StartAsync(_alice);
        (await _core.Discussions.ReplyAsync(_bob, thread, null, "A reply from Bob")).OrThrow();

        var list = await _core.DiscussionQueries.WatchlistAsync(_alice.UserId!.Value, await _core.ViewerAsync(_alice));

        Assert.True(list.WatchOwnActivity);
        Assert.Equal(EventType.CommentPosted, Assert.Single(list.Events).Type);
        Assert.Equal(1, list.Unread);
    }

    [Fact]
    public async Task Artifacts_one_judged_are_watched_unless_one_asks_otherwise_and_the_menu_counts_what_the_watchlist_counts()
    {
        var judged = new ArtifactKey("enwiki", ArtifactType.Diff, 880_001);
        var elsewhere = new ArtifactKey("enwiki", ArtifactType.Diff, 880_002);
        (await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(true, false, artifact: judged))).OrThrow();
        (await _core.Judgments.CreateAndEndorseAsync(_alice, CoreHarness.Propose(false, true, artifact: judged))).OrThrow();
        (await _core.Judgments.CreateAndEndorseAsync(_alice, CoreHarness.Propose(false, true, artifact: elsewhere))).OrThrow();
        var bob = await _core.ViewerAsync(_bob);
        var carol = await _core.UserAsync("Carol");

        var watching = await _core.DiscussionQueries.WatchlistAsync(_bob.UserId!.Value, bob);
        var menu = await _core.DiscussionQueries.UnreadAsync(_bob.UserId!.Value, bob);
        (await _core.Discussions.UpdateWatchStateAsync(_bob, null, false)).OrThrow();
        var notWatching = await _core.DiscussionQueries.WatchlistAsync(_bob.UserId!.Value, bob);
        var menuNotWatching = await _core.DiscussionQueries.UnreadAsync(_bob.UserId!.Value, bob);

        Assert.Equal([judged], watching.Events.Select(e => e.Artifact).Distinct());
        Assert.Equal(1, watching.Unread); // Alice's judgment of it: a proposal and its endorsement, one change
        Assert.Equal(watching.Unread, menu);
        Assert.Empty(notWatching.Events);
        Assert.Equal(0, menuNotWatching);
        Assert.Equal(0, await _core.DiscussionQueries.UnreadAsync(carol.UserId!.Value, await _core.ViewerAsync(carol)));
    }

    [Fact]
    public async Task The_unread_count_stops_where_it_is_asked_to()
    {
        for (var rev = 881_001; rev <= 881_003; rev++)
        {
            var artifact = new ArtifactKey("enwiki", ArtifactType.Diff, rev);
            (await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(true, false, artifact: artifact))).OrThrow();
            (await _core.Judgments.CreateAndEndorseAsync(_alice, CoreHarness.Propose(false, true, artifact: artifact))).OrThrow();
        }
        var bob = await _core.ViewerAsync(_bob);

        Assert.Equal(3, await _core.DiscussionQueries.UnreadAsync(_bob.UserId!.Value, bob));
        Assert.Equal(2, await _core.DiscussionQueries.UnreadAsync(_bob.UserId!.Value, bob, atMost: 2));
        Assert.Equal(3, await _core.DiscussionQueries.UnreadAsync(_bob.UserId!.Value, bob, atMost: 5));
    }

    [Fact]
    public async Task Own_changes_are_listed_when_asked_for_and_never_count_as_unread()
    {
        var (thread, _) = await StartAsync(_alice);
        (await _core.Discussions.ReplyAsync(_bob, thread, null, "A reply from Bob")).OrThrow();
        var alice = await _core.ViewerAsync(_alice);

        var hidden = await _core.DiscussionQueries.WatchlistAsync(_alice.UserId!.Value, alice);
        var shown = await _core.DiscussionQueries.WatchlistAsync(_alice.UserId!.Value, alice, showOwnChanges: true);

        Assert.DoesNotContain(hidden.Events, e => e.Actor?.Id == _alice.UserId);
        Assert.Equal([EventType.CommentPosted, EventType.ThreadStarted], shown.Events.Select(e => e.Type));
        Assert.Equal(_alice.UserId, shown.Events[1].Actor?.Id);
        Assert.Equal(1, shown.Unread);
    }

    private async Task SetTextVisibilityAsync(long commentId, FieldVisibility visibility)
    {
        await using var db = _core.Database.CreateDbContext();
        var textId = await db.Comments.Where(c => c.Id == commentId).Select(c => c.TextId).SingleAsync();
        (await db.Texts.SingleAsync(t => t.Id == textId)).Visibility = visibility;
        await db.SaveChangesAsync();
    }
}
