using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Campaigns;

public sealed class WorksetTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;

    public async Task InitializeAsync() => _researcher = await _core.UserAsync("Researcher", "researcher");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<long> CampaignWithTasksAsync(int tasks, int labelsPerTask = 1, int perWorkset = 5)
    {
        var campaign = await _core.CampaignAsync(_researcher, labelsPerTask: labelsPerTask, tasksPerWorkset: perWorkset);
        (await _core.UploadAsync(_researcher, campaign, string.Join("\n", Enumerable.Range(1, tasks).Select(i => (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))), "ids.txt")).OrThrow();
        return campaign;
    }

    private async Task<List<long>> AssignedTasksAsync(long worksetId)
    {
        await using var db = _core.Database.CreateDbContext();
        return await db.Assignments.Where(a => a.WorksetId == worksetId).OrderBy(a => a.Position).Select(a => a.TaskId).ToListAsync();
    }

    [Fact]
    public async Task A_workset_holds_tasks_in_upload_order()
    {
        var campaign = await CampaignWithTasksAsync(12);
        var user = await _core.UserAsync("U");

        var workset = (await _core.Campaigns.RequestWorksetAsync(user, campaign)).OrThrow();

        Assert.Equal(5, (await AssignedTasksAsync(workset)).Count);
        var view = (await _core.CampaignQueries.WorksetAsync(workset, user.UserId!.Value))!;
        Assert.Equal([1001L, 1002, 1003, 1004, 1005], view.Items.Select(i => i.Artifact.RevId));
    }

    [Fact]
    public async Task An_inactive_campaign_refuses_worksets()
    {
        var campaign = await CampaignWithTasksAsync(3);
        var current = (await _core.CampaignQueries.GetAsync(campaign))!.Campaign;
        (await _core.Campaigns.UpdateAsync(_researcher, campaign, new CampaignDraft(current.Wiki, current.Name, current.Facet, current.View, 1, 5, TimeSpan.FromDays(1), false, null, null))).OrThrow();

        var result = await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("U"), campaign);

        Assert.IsType<JadeError.CampaignInactive>(result.Error);
    }

    [Fact]
    public async Task A_second_open_workset_is_refused()
    {
        var campaign = await CampaignWithTasksAsync(20);
        var user = await _core.UserAsync("U");
        var first = (await _core.Campaigns.RequestWorksetAsync(user, campaign)).OrThrow();

        var second = await _core.Campaigns.RequestWorksetAsync(user, campaign);

        Assert.Equal(first, Assert.IsType<JadeError.WorksetOpen>(second.Error).WorksetId);
    }

    [Fact]
    public async Task When_no_task_is_left_the_request_is_refused()
    {
        var campaign = await CampaignWithTasksAsync(3, labelsPerTask: 1);
        (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("A"), campaign)).OrThrow();

        var result = await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("B"), campaign);

        Assert.IsType<JadeError.NoTasksLeft>(result.Error);
    }

    [Fact]
    public async Task A_task_needing_two_labels_goes_to_two_different_people_and_never_twice_to_one()
    {
        var campaign = await CampaignWithTasksAsync(3, labelsPerTask: 2, perWorkset: 3);
        var a = await _core.UserAsync("A");
        var b = await _core.UserAsync("B");
        var c = await _core.UserAsync("C");

        var first = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();
        var second = (await _core.Campaigns.RequestWorksetAsync(b, campaign)).OrThrow();
        var third = await _core.Campaigns.RequestWorksetAsync(c, campaign);
        (await _core.Campaigns.AbandonAsync(a, first)).OrThrow();
        var again = await _core.Campaigns.RequestWorksetAsync(a, campaign);

        Assert.Equal(await AssignedTasksAsync(first), await AssignedTasksAsync(second));
        Assert.IsType<JadeError.NoTasksLeft>(third.Error);
        Assert.IsType<JadeError.NoTasksLeft>(again.Error); // A had them all: never again, even after abandoning
    }

    private async Task LabelAllAsync(ActorRef user, long workset)
    {
        foreach (var task in await AssignedTasksAsync(workset))
        {
            (await _core.Campaigns.SaveLabelAsync(user, workset, task, new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();
        }
    }

    /// <summary>Each task's stored label count, in upload order.</summary>
    private async Task<List<int>> LabelCountsAsync(long campaign)
    {
        await using var db = _core.Database.CreateDbContext();
        return await db.CampaignTasks.Where(t => t.CampaignId == campaign).OrderBy(t => t.Position).Select(t => t.LabelCount).ToListAsync();
    }

    private async Task ChangeLabelsPerTaskAsync(long campaign, int labelsPerTask)
    {
        var current = (await _core.CampaignQueries.GetAsync(campaign))!.Campaign;
        (await _core.Campaigns.UpdateAsync(_researcher, campaign, new CampaignDraft(current.Wiki, current.Name, current.Facet, current.View, labelsPerTask,
            current.TasksPerWorkset, current.WorksetLifetime, current.Active, current.InfoUrl, current.Instructions))).OrThrow();
    }

    [Fact]
    public async Task Tasks_with_all_their_labels_are_passed_over_and_asking_for_more_labels_per_task_opens_them_again()
    {
        var campaign = await CampaignWithTasksAsync(6, labelsPerTask: 1, perWorkset: 3);
        var a = await _core.UserAsync("A");
        var b = await _core.UserAsync("B");
        var c = await _core.UserAsync("C");
        var first = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();
        await LabelAllAsync(a, first);
        // A label changed is not a second label.
        var firstTask = (await AssignedTasksAsync(first))[0];
        (await _core.Campaigns.SaveLabelAsync(a, first, firstTask, new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "true" })).OrThrow();
        Assert.Equal([1, 1, 1, 0, 0, 0], await LabelCountsAsync(campaign));

        // The first three are done: B gets the next three.
        var second = (await _core.Campaigns.RequestWorksetAsync(b, campaign)).OrThrow();
        await LabelAllAsync(b, second);
        Assert.IsType<JadeError.NoTasksLeft>((await _core.Campaigns.RequestWorksetAsync(c, campaign)).Error);

        // Two labels a task now: every task needs one more, from someone who has not labeled it.
        await ChangeLabelsPerTaskAsync(campaign, 2);
        var third = (await _core.Campaigns.RequestWorksetAsync(c, campaign)).OrThrow();
        Assert.Equal(await AssignedTasksAsync(first), await AssignedTasksAsync(third));
        await LabelAllAsync(c, third);
        Assert.Equal([2, 2, 2, 1, 1, 1], await LabelCountsAsync(campaign));
        var fourth = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();
        Assert.Equal(await AssignedTasksAsync(second), await AssignedTasksAsync(fourth));

        // Back to one: nothing is left for anyone.
        await ChangeLabelsPerTaskAsync(campaign, 1);
        Assert.IsType<JadeError.NoTasksLeft>((await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("D"), campaign)).Error);
    }

    [Fact]
    public async Task The_migration_that_counts_labels_counts_those_given_before_it()
    {
        var campaign = await CampaignWithTasksAsync(4, labelsPerTask: 2, perWorkset: 2);
        var first = (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("A"), campaign)).OrThrow();
        await LabelAllAsync(await _core.UserAsync("A"), first);
        var b = await _core.UserAsync("B");
        var second = (await _core.Campaigns.RequestWorksetAsync(b, campaign)).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(b, second, (await AssignedTasksAsync(second))[0], new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();

        // Back to the schema before the count, and forward again: the count is made from the labels already given.
        await _core.RunMigrationAgainAsync("TaskLabelCount");

        Assert.Equal([2, 1, 0, 0], await LabelCountsAsync(campaign));
        // The first task has its two labels, the second one and B's place: C is given the last two.
        var c = (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("C"), campaign)).OrThrow();
        await using var read = _core.Database.CreateDbContext();
        var lastTwo = await read.CampaignTasks.Where(t => t.CampaignId == campaign).OrderBy(t => t.Position).Skip(2).Select(t => t.Id).ToListAsync();
        Assert.Equal(lastTwo, await AssignedTasksAsync(c));
    }

    [Fact]
    public async Task The_statistics_name_the_artifact_of_each_disputed_task_and_only_those()
    {
        var campaign = await CampaignWithTasksAsync(3, labelsPerTask: 2, perWorkset: 3);
        var a = await _core.UserAsync("A");
        var b = await _core.UserAsync("B");
        await LabelAllAsync(a, (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow());
        var second = (await _core.Campaigns.RequestWorksetAsync(b, campaign)).OrThrow();
        var tasks = await AssignedTasksAsync(second);
        (await _core.Campaigns.SaveLabelAsync(b, second, tasks[1], new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "false" })).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(b, second, tasks[2], new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();

        var stats = (await _core.CampaignQueries.StatsAsync(campaign, await _core.ViewerAsync(ActorRef.Anonymous)))!;

        var disputed = Assert.Single(stats.MostDisputed);
        Assert.Equal((tasks[1], "cswiki/diff/1002", 2, 0.5), (disputed.TaskId, disputed.Artifact.ToString(), disputed.Labels, disputed.Disagreement));
        Assert.Equal(2, stats.TasksDone);
        // The campaign list says the same: the two tasks with both their labels of three, five labels.
        var summary = (await _core.CampaignQueries.GetAsync(campaign))!;
        Assert.Equal((3, 2, 5), (summary.Tasks, summary.TasksDone, summary.Labels));
    }

    [Fact]
    public async Task The_statistics_count_each_labelers_labels_unsure_answers_and_skips_apart()
    {
        var campaign = await CampaignWithTasksAsync(3, labelsPerTask: 3, perWorkset: 3);
        var a = await _core.UserAsync("A");
        var b = await _core.UserAsync("B");
        var c = await _core.UserAsync("C");
        var first = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();
        var tasks = await AssignedTasksAsync(first);
        (await _core.Campaigns.SaveLabelAsync(a, first, tasks[0], new Dictionary<string, string> { ["damaging"] = "unsure", ["goodfaith"] = "unsure" })).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(a, first, tasks[1], new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(a, first, tasks[2], new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "unsure" })).OrThrow();
        var second = (await _core.Campaigns.RequestWorksetAsync(b, campaign)).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(b, second, tasks[0], new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();
        (await _core.Campaigns.SkipAsync(b, second, tasks[1])).OrThrow();
        var third = (await _core.Campaigns.RequestWorksetAsync(c, campaign)).OrThrow();
        (await _core.Campaigns.SkipAsync(c, third, tasks[0])).OrThrow();
        (await _core.Campaigns.SkipAsync(c, third, tasks[1])).OrThrow();

        var stats = (await _core.CampaignQueries.StatsAsync(campaign, await _core.ViewerAsync(ActorRef.Anonymous)))!;

        Assert.Equal([("A", 3, 3, 0), ("B", 1, 0, 1), ("C", 0, 0, 2)], stats.Users.Select(u => (u.User.Name, u.Labels, u.Unsure, u.Skips)));
        Assert.Equal((4, 3, 3), (stats.Labels, stats.UnsureAnswers, stats.Skips));
    }

    [Fact]
    public async Task Abandoning_frees_the_unlabeled_tasks_for_others()
    {
        var campaign = await CampaignWithTasksAsync(2, perWorkset: 2);
        var a = await _core.UserAsync("A");
        var workset = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();

        (await _core.Campaigns.AbandonAsync(a, workset)).OrThrow();
        var b = (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("B"), campaign)).OrThrow();

        Assert.Equal(2, (await AssignedTasksAsync(b)).Count);
    }

    [Fact]
    public async Task An_expired_workset_frees_its_tasks_without_anyone_doing_anything()
    {
        var campaign = await CampaignWithTasksAsync(2, perWorkset: 2);
        (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("A"), campaign)).OrThrow();

        _core.Clock.Now += TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
        var b = (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("B"), campaign)).OrThrow();

        Assert.Equal(2, (await AssignedTasksAsync(b)).Count);
    }

    [Fact]
    public async Task Labeled_tasks_keep_their_place_after_the_workset_expires()
    {
        var campaign = await CampaignWithTasksAsync(2, perWorkset: 2);
        var a = await _core.UserAsync("A");
        var workset = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();
        var tasks = await AssignedTasksAsync(workset);
        (await _core.Campaigns.SaveLabelAsync(a, workset, tasks[0], new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();

        _core.Clock.Now += TimeSpan.FromDays(2);
        var b = (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("B"), campaign)).OrThrow();

        Assert.Equal([tasks[1]], await AssignedTasksAsync(b));
    }

    [Fact]
    public async Task A_skipped_task_goes_to_someone_else_but_never_back_to_the_skipper()
    {
        var campaign = await CampaignWithTasksAsync(1, perWorkset: 1);
        var a = await _core.UserAsync("A");
        var workset = (await _core.Campaigns.RequestWorksetAsync(a, campaign)).OrThrow();
        var task = (await AssignedTasksAsync(workset)).Single();

        (await _core.Campaigns.SkipAsync(a, workset, task)).OrThrow();
        var mine = await _core.Campaigns.RequestWorksetAsync(a, campaign);
        var theirs = (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("B"), campaign)).OrThrow();

        Assert.IsType<JadeError.NoTasksLeft>(mine.Error);
        Assert.Equal([task], await AssignedTasksAsync(theirs));
    }

    [Fact]
    public async Task Twenty_users_requesting_at_once_never_share_a_task_beyond_its_two_labels()
    {
        var campaign = await CampaignWithTasksAsync(30, labelsPerTask: 2, perWorkset: 4);
        var users = new List<ActorRef>();
        for (var i = 0; i < 20; i++)
        {
            users.Add(await _core.UserAsync($"Crowd{i}"));
        }

        var results = await Task.WhenAll(users.Select(u => Task.Run(() => _core.Campaigns.RequestWorksetAsync(u, campaign))));

        Assert.All(results, r => Assert.True(r.IsSuccess || r.Error is JadeError.NoTasksLeft, r.Error?.Code));
        await using var db = _core.Database.CreateDbContext();
        var assignments = await db.Assignments.ToListAsync();
        Assert.Equal(assignments.Count, assignments.Select(a => (a.TaskId, a.UserId)).Distinct().Count());
        Assert.All(assignments.GroupBy(a => a.TaskId), g => Assert.True(g.Count() <= 2));
        // Nothing lost: every successful request's workset holds its tasks, and the 60 places went out.
        Assert.Equal(60, assignments.Count);
        Assert.Equal(results.Where(r => r.IsSuccess).Select(r => r.Value).Order(), assignments.Select(a => a.WorksetId).Distinct().Order());
    }

    [Fact]
    public async Task Requesting_a_workset_needs_judge_and_no_campaign_block()
    {
        var campaign = await CampaignWithTasksAsync(3);
        var blocked = await _core.UserAsync("Blocked");
        (await _core.Blocks.BlockAsync(await _core.UserAsync("Admin", "sysop"), new BlockRequest(blocked.UserId!.Value, false, ["cswiki"], [], [BlockAction.Campaigns], null, "campaign spam"))).OrThrow();

        Assert.IsType<JadeError.PermissionDenied>((await _core.Campaigns.RequestWorksetAsync(ActorRef.Anonymous, campaign)).Error);
        Assert.IsType<JadeError.Blocked>((await _core.Campaigns.RequestWorksetAsync(blocked, campaign)).Error);
    }

    /// <summary>A user blocked while holding a workset can still give it back (its tasks go to others at once); no one else can.</summary>
    [Fact]
    public async Task Only_its_owner_gives_a_workset_back_blocked_or_not()
    {
        var campaign = await CampaignWithTasksAsync(3, labelsPerTask: 1);
        var holder = await _core.UserAsync("Holder");
        var workset = (await _core.Campaigns.RequestWorksetAsync(holder, campaign)).OrThrow();
        (await _core.Blocks.BlockAsync(await _core.UserAsync("Admin", "sysop"), new BlockRequest(holder.UserId!.Value, true, [], [], [], null, "vandalism"))).OrThrow();
        var other = await _core.UserAsync("Other");

        Assert.IsType<JadeError.NoTasksLeft>((await _core.Campaigns.RequestWorksetAsync(other, campaign)).Error);
        Assert.IsType<JadeError.EntityNotFound>((await _core.Campaigns.AbandonAsync(other, workset)).Error);
        Assert.IsType<JadeError.EntityNotFound>((await _core.Campaigns.AbandonAsync(ActorRef.Anonymous, workset)).Error);
        (await _core.Campaigns.AbandonAsync(holder, workset)).OrThrow();

        Assert.Equal(3, (await AssignedTasksAsync((await _core.Campaigns.RequestWorksetAsync(other, campaign)).OrThrow())).Count);
    }

    [Fact]
    public async Task A_users_worksets_are_listed_newest_first_with_what_became_of_each()
    {
        var campaign = await CampaignWithTasksAsync(12, perWorkset: 3);
        var user = await _core.UserAsync("U");
        var answers = new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" };
        // The first done (one label, one skip, one label), the second given back after one label, the third open.
        var done = (await _core.Campaigns.RequestWorksetAsync(user, campaign)).OrThrow();
        var doneTasks = await AssignedTasksAsync(done);
        (await _core.Campaigns.SaveLabelAsync(user, done, doneTasks[0], answers)).OrThrow();
        (await _core.Campaigns.SkipAsync(user, done, doneTasks[1])).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(user, done, doneTasks[2], answers)).OrThrow();
        var givenBack = (await _core.Campaigns.RequestWorksetAsync(user, campaign)).OrThrow();
        (await _core.Campaigns.SaveLabelAsync(user, givenBack, (await AssignedTasksAsync(givenBack))[0], answers)).OrThrow();
        (await _core.Campaigns.AbandonAsync(user, givenBack)).OrThrow();
        var open = (await _core.Campaigns.RequestWorksetAsync(user, campaign)).OrThrow();
        // Someone else's worksets, here and in another campaign, are not the user's.
        (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("Other"), campaign)).OrThrow();
        (await _core.Campaigns.RequestWorksetAsync(user, await CampaignWithTasksAsync(3))).OrThrow();

        var (newest, total) = (await _core.CampaignQueries.WorksetsAsync(campaign, user.UserId!.Value, limit: 10))!;

        Assert.Equal(3, total);
        Assert.Equal([(open, 3, WorksetStatus.Open, 3, 0, 0), (givenBack, 2, WorksetStatus.Abandoned, 3, 1, 0), (done, 1, WorksetStatus.Completed, 3, 2, 1)],
            newest.Select(w => (w.Id, w.Number, w.Status, w.Tasks, w.Labeled, w.Skipped)));
        var now = _core.Clock.GetUtcNow();
        Assert.Equal([true, false, true], newest.Select(w => w.ChangeableAt(now)));
        Assert.All(newest, w => Assert.False(w.ChangeableAt(now + TimeSpan.FromDays(30))));
        // Fewer asked for: the newest, and still how many there are.
        var (first, stillThree) = (await _core.CampaignQueries.WorksetsAsync(campaign, user.UserId!.Value, limit: 1))!;
        Assert.Equal((open, 3, 3), (first.Single().Id, first.Single().Number, stillThree));
        Assert.Null(await _core.CampaignQueries.WorksetsAsync(campaign + 1000, user.UserId!.Value, limit: 10));
    }
}
