using JadeStudio.Core.AbuseFilters;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Changes;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.AbuseFilters;

/// <summary>AbuseFilter on every free text: each action, the author conditions, the log and its private details, and the rule tester.</summary>
public sealed class AbuseFilterTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _sysop = null!;
    private ActorRef _newbie = null!;

    public async Task InitializeAsync()
    {
        _sysop = await _core.UserAsync("Filter Admin", "sysop");
        _newbie = await _core.UserAsync("Newbie");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static FilterDraft Draft(FilterAction action, string? pattern = "buy cheap", string? words = null, bool isPrivate = false, int? maxAge = null,
        string? exempt = null, IReadOnlyList<TextAction>? texts = null, IReadOnlyList<string>? wikis = null) =>
        new("Spam links", pattern, words, maxAge, null, exempt, wikis ?? [], texts ?? [], action,
            action == FilterAction.Throttle ? 2 : null, action == FilterAction.Throttle ? 60 : null, action == FilterAction.Block ? 24 : null,
            action == FilterAction.Tag ? "possible-spam" : null, true, isPrivate);

    private async Task<long> FilterAsync(FilterDraft draft) => (await _core.Filters.SaveAsync(_sysop, null, draft)).OrThrow().Id;

    private Task<Result<(long ThreadId, long CommentId)>> PostAsync(string text, ActorRef? who = null) =>
        _core.Discussions.StartThreadAsync(who ?? _newbie, new NewThread(CoreHarness.Diff, "Question", text));

    private async Task<int> ThreadsAsync() => await _core.CountAsync(db => db.Set<DiscussionThread>());

    [Fact]
    public async Task Disallow_refuses_the_text_changes_nothing_and_logs_the_hit()
    {
        var filter = await FilterAsync(Draft(FilterAction.Disallow));

        var refused = await PostAsync("BUY CHEAP watches here");

        var error = Assert.IsType<JadeError.AbuseFilterDisallowed>(refused.Error);
        Assert.Equal((filter, "Spam links"), (error.FilterId, error.Description));
        Assert.Equal(0, await ThreadsAsync());
        var hit = Assert.Single((await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits);
        Assert.Equal((FilterOutcome.Disallowed, TextAction.Comment, "BUY CHEAP watches here"), (hit.Outcome, hit.TextAction, hit.Text));
        Assert.True((await PostAsync("A fine question")).IsSuccess);
    }

    [Fact]
    public async Task One_filters_log_holds_its_hits_only_newest_first_and_up_to_the_page_size()
    {
        var spam = await FilterAsync(Draft(FilterAction.Disallow));
        var shouting = await FilterAsync(Draft(FilterAction.Disallow, pattern: "SHOUT") with { Description = "Shouting" });
        foreach (var text in new[] { "buy cheap one", "SHOUT one", "buy cheap two", "SHOUT two", "buy cheap three" })
        {
            Assert.IsType<JadeError.AbuseFilterDisallowed>((await PostAsync(text)).Error);
        }
        var sysop = await _core.ViewerAsync(_sysop);

        Assert.Equal(["buy cheap three", "buy cheap two", "buy cheap one"], (await _core.Filters.LogAsync(sysop, new AbuseLogQuery(spam))).OrThrow().Hits.Select(h => h.Text));
        Assert.Equal(["SHOUT two"], (await _core.Filters.LogAsync(sysop, new AbuseLogQuery(shouting, Limit: 1))).OrThrow().Hits.Select(h => h.Text));
        Assert.Equal(5, (await _core.Filters.LogAsync(sysop, new AbuseLogQuery())).OrThrow().Hits.Count);
    }

    [Theory]
    [InlineData("caf\u00E9", "Best cafe\u0301 in town", false)]
    [InlineData("cafe\u0301", "Best caf\u00E9 in town", false)]
    [InlineData("caf\u00E9 in", "Best cafe\u0301 in town", true)]
    [InlineData("cafe\u0301 in", "Best caf\u00E9 in town", true)]
    public async Task A_filter_matches_a_word_however_its_accents_are_written(string word, string text, bool asPattern)
    {
        await FilterAsync(asPattern ? Draft(FilterAction.Disallow, pattern: word) : Draft(FilterAction.Disallow, pattern: null, words: word));

        var refused = await PostAsync(text);

        Assert.IsType<JadeError.AbuseFilterDisallowed>(refused.Error);
        Assert.Equal(0, await ThreadsAsync());
    }

    [Fact]
    public async Task A_pattern_is_measured_as_it_is_stored_its_spaces_included()
    {
        var longest = new string('a', AbuseFilterService.MaxPattern);

        var taken = await _core.Filters.SaveAsync(_sysop, null, Draft(FilterAction.Disallow, pattern: longest));
        var refused = await _core.Filters.SaveAsync(_sysop, null, Draft(FilterAction.Disallow, pattern: longest + " "));

        Assert.Equal(longest, taken.OrThrow().Pattern);
        Assert.Equal("pattern", Assert.IsType<JadeError.TextTooLong>(refused.Error).Field);
    }

    [Fact]
    public async Task Fewer_than_n_judgments_holds_up_to_the_nth_judgment_of_each_filter()
    {
        await FilterAsync(Draft(FilterAction.Disallow, pattern: null, words: "spamword") with { Description = "Three", MaxJudgments = 3 });
        await FilterAsync(Draft(FilterAction.Disallow, pattern: null, words: "otherword") with { Description = "Five", MaxJudgments = 5 });
        var judged = 0;
        async Task JudgeUpToAsync(int count)
        {
            for (; judged < count; judged++)
            {
                (await _core.Judgments.ProposeOrEndorseAsync(_newbie, CoreHarness.Propose(true, false, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 900_000 + judged)))).OrThrow();
            }
        }

        await JudgeUpToAsync(2);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await PostAsync("spamword here")).Error);
        await JudgeUpToAsync(3);
        Assert.True((await PostAsync("spamword here")).IsSuccess);
        await JudgeUpToAsync(4);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await PostAsync("otherword here")).Error);
        await JudgeUpToAsync(5);
        Assert.True((await PostAsync("otherword here")).IsSuccess);
    }

    [Fact]
    public async Task Warn_refuses_once_and_the_same_text_sent_again_is_saved()
    {
        await FilterAsync(Draft(FilterAction.Warn));

        var first = await PostAsync("buy cheap, honestly a review");
        var changed = await PostAsync("buy cheap, honestly a review!");
        var again = await PostAsync("buy cheap, honestly a review");

        Assert.IsType<JadeError.AbuseFilterWarning>(first.Error);
        Assert.IsType<JadeError.AbuseFilterWarning>(changed.Error);
        Assert.True(again.IsSuccess);
        var outcomes = (await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits.Select(h => h.Outcome);
        Assert.Equal([FilterOutcome.WarnedThenSaved, FilterOutcome.Warned, FilterOutcome.Warned], outcomes);
    }

    /// <summary>
    /// A warned text sent again is saved on its item, where deleting or suppressing it must hide it: the warnings' copies
    /// of it leave the log then (a sysop who may read the log's texts must not read there a comment suppressed since).
    /// Two warning filters each warn once, and the text is saved at the third try.
    /// </summary>
    [Fact]
    public async Task A_warned_text_once_saved_leaves_the_log_to_its_item()
    {
        await FilterAsync(Draft(FilterAction.Warn));
        await FilterAsync(Draft(FilterAction.Warn, pattern: "honestly"));
        const string text = "buy cheap, honestly a review";

        var first = await PostAsync(text);
        var logged = (await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits;
        var second = await PostAsync(text);
        var third = await PostAsync(text);

        Assert.IsType<JadeError.AbuseFilterWarning>(first.Error);
        Assert.Equal(text, Assert.Single(logged).Text);
        Assert.IsType<JadeError.AbuseFilterWarning>(second.Error);
        Assert.True(third.IsSuccess);
        var log = (await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits;
        Assert.Equal([FilterOutcome.WarnedThenSaved, FilterOutcome.WarnedThenSaved, FilterOutcome.Warned, FilterOutcome.WarnedThenSaved, FilterOutcome.Warned],
            log.Select(h => h.Outcome));
        Assert.All(log, hit => Assert.Null(hit.Text));
    }

    /// <summary>
    /// A saved text's hits name its author on the artifact at the instant the save shows: once the author's name or the text
    /// is hidden on that save, its hits (the warning before it too) leave the log of whoever may not see what was hidden, as
    /// MediaWiki hides the log entry of a deleted revision. Others' hits stay.
    /// </summary>
    [Fact]
    public async Task A_saved_texts_hits_leave_the_log_of_whoever_may_not_see_what_was_hidden_on_that_save()
    {
        await FilterAsync(Draft(FilterAction.Tag));
        await FilterAsync(Draft(FilterAction.Warn, pattern: "honestly"));
        Assert.IsType<JadeError.AbuseFilterWarning>((await PostAsync("buy cheap, honestly")).Error);
        var (_, comment) = (await PostAsync("buy cheap, honestly")).OrThrow();
        (await PostAsync("buy cheap elsewhere", await _core.UserAsync("Other Writer"))).OrThrow();
        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        var reviewer = await _core.ViewerAsync(await _core.UserAsync("Reviewer"));
        async Task<string[]> AuthorsSeenBy(Actor viewer) =>
            [.. (await _core.Filters.LogAsync(viewer, new AbuseLogQuery())).OrThrow().Hits.Select(h => $"{h.User.Name}:{h.Outcome}")];
        async Task Hide(HideableField field, FieldVisibility level) =>
            (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), field, level, "private"))).OrThrow();
        // The refused first try matched both filters: its two hits are copies of the text saved at the second.
        string[] all = ["Other Writer:Tagged", "Newbie:WarnedThenSaved", "Newbie:Tagged", "Newbie:Warned", "Newbie:Tagged"];

        Assert.Equal(all, await AuthorsSeenBy(reviewer));
        await Hide(HideableField.User, FieldVisibility.Deleted);
        Assert.Equal(["Other Writer:Tagged"], await AuthorsSeenBy(reviewer));
        Assert.Equal(all, await AuthorsSeenBy(await _core.ViewerAsync(_sysop)));
        Assert.Equal(["Other Writer:Tagged"], (await _core.Filters.LogAsync(reviewer, new AbuseLogQuery(User: "Other Writer"))).OrThrow().Hits.Select(h => $"{h.User.Name}:{h.Outcome}"));
        Assert.Empty((await _core.Filters.LogAsync(reviewer, new AbuseLogQuery(User: "Newbie"))).OrThrow().Hits);

        await Hide(HideableField.User, FieldVisibility.Visible);
        await Hide(HideableField.Text, FieldVisibility.Suppressed);
        Assert.Equal(["Other Writer:Tagged"], await AuthorsSeenBy(await _core.ViewerAsync(_sysop)));
        Assert.Equal(all, await AuthorsSeenBy(await _core.ViewerAsync(oversighter)));

        await Hide(HideableField.Text, FieldVisibility.Visible);
        Assert.Equal(all, await AuthorsSeenBy(reviewer));
    }

    [Fact]
    public async Task The_log_reads_on_page_by_page_and_one_authors_hits_alone()
    {
        await FilterAsync(Draft(FilterAction.Disallow));
        var other = await _core.UserAsync("Other Writer");
        foreach (var (text, who) in new[] { ("buy cheap 1", _newbie), ("buy cheap 2", other), ("buy cheap 3", _newbie), ("buy cheap 4", other), ("buy cheap 5", _newbie) })
        {
            Assert.IsType<JadeError.AbuseFilterDisallowed>((await PostAsync(text, who)).Error);
        }
        var sysop = await _core.ViewerAsync(_sysop);
        var read = new List<string?>();
        long? olderThan = null;
        var pages = 0;
        do
        {
            var page = (await _core.Filters.LogAsync(sysop, new AbuseLogQuery(OlderThan: olderThan, Limit: 2))).OrThrow();
            read.AddRange(page.Hits.Select(h => h.Text));
            olderThan = page.OlderThan;
            pages++;
        }
        while (olderThan is not null && pages < 10);

        Assert.Equal(["buy cheap 5", "buy cheap 4", "buy cheap 3", "buy cheap 2", "buy cheap 1"], read);
        Assert.Equal(3, pages);
        Assert.Equal(["buy cheap 5", "buy cheap 3", "buy cheap 1"], (await _core.Filters.LogAsync(sysop, new AbuseLogQuery(User: "Newbie"))).OrThrow().Hits.Select(h => h.Text));
        Assert.Empty((await _core.Filters.LogAsync(sysop, new AbuseLogQuery(User: "Nobody Here"))).OrThrow().Hits);
    }

    [Fact]
    public async Task Tag_saves_the_text_and_tags_the_change_in_recent_changes()
    {
        await FilterAsync(Draft(FilterAction.Tag));

        (await PostAsync("buy cheap pills")).OrThrow();

        var change = Assert.Single((await _core.Changes.ReadAsync(new ChangeFilter(), await _core.ViewerAsync(ActorRef.Anonymous))).Items);
        Assert.Equal("possible-spam", change.Tags);
        // The saved text is the comment's, under oversight's control: the log keeps no copy that suppressing it would miss.
        var hit = Assert.Single((await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits);
        Assert.Equal((FilterOutcome.Tagged, null), (hit.Outcome, hit.Text));
    }

    [Fact]
    public async Task Many_tagging_filters_tag_a_change_as_far_as_the_tags_fit_and_the_text_is_saved()
    {
        for (var i = 0; i < 12; i++)
        {
            await FilterAsync(Draft(FilterAction.Tag) with { Tag = $"tag{i:00}-" + new string('x', 55) });
        }
        await FilterAsync(Draft(FilterAction.Tag) with { Tag = "tag00-" + new string('x', 55) });

        (await PostAsync("buy cheap everything")).OrThrow();

        var tags = Assert.Single((await _core.Changes.ReadAsync(new ChangeFilter(), await _core.ViewerAsync(ActorRef.Anonymous))).Items).Tags!.Split(' ');
        Assert.Equal(8, tags.Length);
        Assert.Equal(tags.Length, tags.Distinct().Count());
    }

    [Fact]
    public async Task Throttle_lets_so_many_through_then_refuses_until_the_period_ends()
    {
        await FilterAsync(Draft(FilterAction.Throttle));

        (await PostAsync("buy cheap 1")).OrThrow();
        _core.Clock.Now = _core.Clock.Now.AddSeconds(10);
        (await PostAsync("buy cheap 2")).OrThrow();
        _core.Clock.Now = _core.Clock.Now.AddSeconds(10);
        var throttled = await PostAsync("buy cheap 3");
        _core.Clock.Now = _core.Clock.Now.AddSeconds(41);
        var later = await PostAsync("buy cheap 4");

        Assert.Equal(40, Assert.IsType<JadeError.RateLimited>(throttled.Error).RetryAfterSeconds);
        Assert.True(later.IsSuccess);
    }

    [Fact]
    public async Task Block_refuses_and_blocks_the_author_for_the_filters_hours()
    {
        await FilterAsync(Draft(FilterAction.Block));

        var refused = await PostAsync("buy cheap now");
        var next = await PostAsync("an innocent question");

        var block = Assert.IsType<JadeError.Blocked>(refused.Error).Block;
        Assert.Equal(_core.Clock.Now.AddHours(24), block.Expiry);
        Assert.True(block.Sitewide);
        Assert.IsType<JadeError.Blocked>(next.Error);
        var blocks = await _core.BlockQueries.ActiveAsync(await _core.ViewerAsync(_sysop));
        Assert.Contains(blocks, b => b.Details.Reason.StartsWith("Abuse filter #", StringComparison.Ordinal) && b.BlockedBy.Name == AbuseFilterService.SystemUserName);
    }

    [Fact]
    public async Task Author_wiki_action_and_exempt_right_conditions_narrow_what_matches()
    {
        await FilterAsync(Draft(FilterAction.Disallow, pattern: null, words: "idiot\nmoron", maxAge: 7, exempt: "block", texts: [TextAction.Comment], wikis: ["enwiki"]));
        await using (var db = _core.Database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == _newbie.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WikiRegisteredAt, _core.Clock.Now.AddDays(-1)));
        }
        var veteran = await _core.UserAsync("Veteran");
        await using (var db = _core.Database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == veteran.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WikiRegisteredAt, _core.Clock.Now.AddYears(-3)));
        }

        Assert.IsType<JadeError.AbuseFilterDisallowed>((await PostAsync("you IDIOT")).Error);
        Assert.True((await PostAsync("idiotic edit")).IsSuccess, "Whole words only.");
        Assert.True((await PostAsync("you idiot", veteran)).IsSuccess, "Older accounts are not screened.");
        Assert.True((await PostAsync("you idiot", _sysop)).IsSuccess, "Holders of the exempt right are not screened.");
        Assert.True((await _core.Discussions.StartThreadAsync(_newbie, new JadeStudio.Core.Discussions.NewThread(new JadeStudio.Core.Artifacts.ArtifactKey("cswiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 5), "Q", "you idiot"))).IsSuccess, "Other wikis are not screened.");
        Assert.True((await _core.Judgments.ProposeOrEndorseAsync(_newbie, CoreHarness.Propose(true, false, notes: "idiot"))).IsSuccess, "Only comments are screened.");
    }

    [Fact]
    public async Task Every_free_text_is_screened()
    {
        await FilterAsync(Draft(FilterAction.Disallow, pattern: "forbidden"));
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_sysop, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;
        var (thread, comment) = (await PostAsync("fine", _sysop)).OrThrow();

        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Judgments.ProposeOrEndorseAsync(_newbie, CoreHarness.Propose(false, true, notes: "forbidden"))).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Judgments.ProposeOrEndorseAsync(_newbie, CoreHarness.Propose(true, false, comment: "forbidden"))).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Judgments.EndorseAsync(_newbie, proposal, "forbidden", "ui")).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Judgments.UpdateProposalNotesAsync(_sysop, proposal, "forbidden")).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Judgments.UpdateEndorsementCommentAsync(_sysop, proposal, null, "forbidden")).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Discussions.StartThreadAsync(_newbie, new NewThread(CoreHarness.Diff, "forbidden", "fine"))).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Discussions.ReplyAsync(_newbie, thread, null, "forbidden")).Error);
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Discussions.EditAsync(_sysop, comment, "forbidden")).Error);
        // "This score is wrong" judges within its own command: its notes are screened there too.
        await _core.Scores.StoreAsync([new JadeStudio.Core.Scores.ScoreResult("enwiki", "damaging", "0.5.1", CoreHarness.Diff.RevId, "true",
            new Dictionary<string, double> { ["true"] = 0.9, ["false"] = 0.1 }, null, null)], "test");
        var score = (await _core.Scores.ForArtifactAsync(CoreHarness.Diff)).Single();
        Assert.IsType<JadeError.AbuseFilterDisallowed>((await _core.Scores.ReportWrongAsync(_newbie, score.Id, CoreHarness.Propose(false, true, notes: "forbidden"))).Error);
        Assert.Equal(9, (await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits.Count);
    }

    [Fact]
    public async Task A_private_filter_keeps_its_rule_and_its_log_details_from_those_without_the_right()
    {
        var filter = await FilterAsync(Draft(FilterAction.Disallow, pattern: "secret-pattern", isPrivate: true));
        await PostAsync("secret-pattern in a doxxing attempt");
        var reviewer = await _core.ViewerAsync(await _core.UserAsync("Reviewer"));

        var publicLog = Assert.Single((await _core.Filters.LogAsync(reviewer, new AbuseLogQuery())).OrThrow().Hits);
        var publicView = Assert.Single(await _core.Filters.ListAsync(reviewer));
        var adminLog = Assert.Single((await _core.Filters.LogAsync(await _core.ViewerAsync(_sysop), new AbuseLogQuery())).OrThrow().Hits);

        Assert.Equal((filter, null, null), (publicLog.FilterId, publicLog.FilterDescription, publicLog.Text));
        Assert.True(publicView.ConditionsHidden);
        Assert.Null(publicView.Filter.Pattern);
        Assert.Equal("secret-pattern in a doxxing attempt", adminLog.Text);
        Assert.Equal(Right.AbuseFilterLog, Assert.IsType<JadeError.PermissionDenied>(
            (await _core.Filters.LogAsync(new Actor(null, new HashSet<Right>(), []), new AbuseLogQuery())).Error).Missing);
    }

    [Fact]
    public async Task Filters_are_saved_only_with_the_right_and_validated()
    {
        Assert.Equal(Right.AbuseFilterModify, Assert.IsType<JadeError.PermissionDenied>((await _core.Filters.SaveAsync(_newbie, null, Draft(FilterAction.Disallow))).Error).Missing);
        Assert.Equal(AbuseFilterProblem.BadPattern, Assert.IsType<JadeError.InvalidAbuseFilter>((await _core.Filters.SaveAsync(_sysop, null, Draft(FilterAction.Disallow, pattern: "(unclosed"))).Error).Problem);
        Assert.Equal(AbuseFilterProblem.NoCondition, Assert.IsType<JadeError.InvalidAbuseFilter>((await _core.Filters.SaveAsync(_sysop, null, Draft(FilterAction.Disallow, pattern: null))).Error).Problem);
        Assert.Equal(AbuseFilterProblem.UnknownWiki, Assert.IsType<JadeError.InvalidAbuseFilter>((await _core.Filters.SaveAsync(_sysop, null, Draft(FilterAction.Disallow, wikis: ["nowiki"]))).Error).Problem);
        // A block past what the calendar holds would fail every text it caught; ten years is the longest a filter gives.
        var tooLong = Draft(FilterAction.Block) with { BlockHours = AbuseFilterService.MaxBlockHours + 1 };
        Assert.Equal(AbuseFilterProblem.BlockNeedsHours, Assert.IsType<JadeError.InvalidAbuseFilter>((await _core.Filters.SaveAsync(_sysop, null, tooLong)).Error).Problem);
        Assert.True((await _core.Filters.SaveAsync(_sysop, null, Draft(FilterAction.Block) with { BlockHours = AbuseFilterService.MaxBlockHours })).IsSuccess);
    }

    [Fact]
    public async Task A_block_filter_saved_with_more_hours_than_the_calendar_holds_blocks_for_ten_years_and_refuses_the_text()
    {
        var filter = await FilterAsync(Draft(FilterAction.Block));
        // As a filter saved before the longest block was checked.
        await using (var db = _core.Database.CreateDbContext())
        {
            await db.Set<AbuseFilter>().Where(f => f.Id == filter).ExecuteUpdateAsync(f => f.SetProperty(x => x.BlockHours, int.MaxValue));
        }

        var refused = await PostAsync("buy cheap now");

        var block = Assert.IsType<JadeError.Blocked>(refused.Error).Block;
        Assert.Equal(_core.Clock.Now.AddHours(AbuseFilterService.MaxBlockHours), block.Expiry);
        Assert.Equal(0, await ThreadsAsync());
    }

    [Fact]
    public async Task The_tester_shows_which_recent_texts_a_rule_would_catch()
    {
        (await PostAsync("buy cheap watches")).OrThrow();
        (await PostAsync("a real question")).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_newbie, CoreHarness.Propose(true, false, notes: "BUY CHEAP"))).OrThrow();

        var matches = (await _core.Filters.TestAsync(await _core.ViewerAsync(_sysop), Draft(FilterAction.Disallow), 100)).OrThrow();

        Assert.Equal([("BUY CHEAP", TextAction.ProposalNotes), ("buy cheap watches", TextAction.Comment)], matches.Select(m => (m.Text.Value, m.TextAction)));
        Assert.IsType<JadeError.PermissionDenied>((await _core.Filters.TestAsync(await _core.ViewerAsync(_newbie), Draft(FilterAction.Disallow), 100)).Error);
    }

    /// <summary>
    /// A rule is a question about a text and its author: tested on a text or an author hidden from the tester, its answer would
    /// tell what was hidden (a pattern at a time, the whole text). Those are not tested; an oversighter's test reads them.
    /// </summary>
    [Fact]
    public async Task The_tester_leaves_out_texts_and_authors_hidden_from_the_tester()
    {
        var (_, suppressedText) = (await PostAsync("buy cheap, call 5550100")).OrThrow();
        var (_, suppressedAuthor) = (await PostAsync("buy cheap from me", await _core.UserAsync("Secret Seller"))).OrThrow();
        var (_, deletedText) = (await PostAsync("buy cheap, a deleted one")).OrThrow();
        (await PostAsync("buy cheap, in plain view")).OrThrow();
        var oversighter = await _core.UserAsync("Oversighter", "oversight", "sysop");
        (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, suppressedText), HideableField.Text, FieldVisibility.Suppressed, "private"))).OrThrow();
        (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, suppressedAuthor), HideableField.User, FieldVisibility.Suppressed, "private"))).OrThrow();
        (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, deletedText), HideableField.Text, FieldVisibility.Deleted, "off topic"))).OrThrow();

        var bySysop = (await _core.Filters.TestAsync(await _core.ViewerAsync(_sysop), Draft(FilterAction.Disallow), 100)).OrThrow();
        var byOversighter = (await _core.Filters.TestAsync(await _core.ViewerAsync(oversighter), Draft(FilterAction.Disallow), 100)).OrThrow();

        Assert.Equal(["buy cheap, in plain view", "buy cheap, a deleted one"], bySysop.Select(m => m.Text.Value));
        Assert.Equal(["buy cheap, in plain view", "buy cheap, a deleted one", "buy cheap from me", "buy cheap, call 5550100"], byOversighter.Select(m => m.Text.Value));
        Assert.Equal("Secret Seller", byOversighter[2].Author.Name);
    }

    [Fact]
    public async Task The_tester_of_a_rule_for_authors_with_few_judgments_counts_each_authors_judgments_up_to_its_limit()
    {
        var veteran = await _core.UserAsync("Veteran");
        (await _core.Judgments.ProposeOrEndorseAsync(_newbie, CoreHarness.Propose(true, false, notes: "BUY CHEAP"))).OrThrow();
        foreach (var revId in new long[] { 501, 502 })
        {
            (await _core.Judgments.ProposeOrEndorseAsync(veteran, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, revId)))).OrThrow();
        }
        (await _core.Judgments.ProposeOrEndorseAsync(veteran, CoreHarness.Propose(true, true, notes: "buy cheap, they said", artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 503)))).OrThrow();
        var sysop = await _core.ViewerAsync(_sysop);

        // The newbie has one judgment, the veteran three: a rule for fewer than two or three catches the newbie only.
        foreach (var fewerThan in new[] { 2, 3 })
        {
            var matches = (await _core.Filters.TestAsync(sysop, Draft(FilterAction.Disallow) with { MaxJudgments = fewerThan })).OrThrow();
            Assert.Equal(["BUY CHEAP"], matches.Select(m => m.Text.Value));
        }
        var everyone = (await _core.Filters.TestAsync(sysop, Draft(FilterAction.Disallow) with { MaxJudgments = 4 })).OrThrow();
        Assert.Equal(["buy cheap, they said", "BUY CHEAP"], everyone.Select(m => m.Text.Value));
        Assert.Equal(2, (await _core.Filters.TestAsync(sysop, Draft(FilterAction.Disallow))).OrThrow().Count);
    }
}
