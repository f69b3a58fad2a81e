using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Campaigns;

public sealed class LabelTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;
    private ActorRef _reviewer = default!;
    private long _campaign;
    private long _workset;
    private List<long> _tasks = default!;

    public async Task InitializeAsync()
    {
        _researcher = await _core.UserAsync("Researcher", "researcher");
        _reviewer = await _core.UserAsync("Reviewer");
        _campaign = await _core.CampaignAsync(_researcher, labelsPerTask: 2, tasksPerWorkset: 3);
        (await _core.UploadAsync(_researcher, _campaign, "7001\n7002\n7003\n", "ids.txt")).OrThrow();
        _workset = (await _core.Campaigns.RequestWorksetAsync(_reviewer, _campaign)).OrThrow();
        await using var db = _core.Database.CreateDbContext();
        _tasks = await db.Assignments.Where(a => a.WorksetId == _workset).OrderBy(a => a.Position).Select(a => a.TaskId).ToListAsync();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static Dictionary<string, string> Answers(string damaging, string goodfaith) => new() { ["damaging"] = damaging, ["goodfaith"] = goodfaith };

    [Fact]
    public async Task A_complete_label_becomes_a_judgment_with_the_campaign_as_origin()
    {
        var outcome = (await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "false"))).OrThrow();

        Assert.True(outcome.Complete);
        var facet = await _core.EditQualityAsync(new ArtifactKey("cswiki", ArtifactType.Diff, 7001));
        var endorsement = Assert.Single(Assert.Single(facet.Proposals).Endorsements);
        Assert.Equal($"campaign/{_campaign}", endorsement.Origin);
        Assert.Equal("Reviewer", endorsement.User.Name);
    }

    [Fact]
    public async Task An_all_unsure_label_is_recorded_without_a_judgment()
    {
        var outcome = (await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("unsure", "unsure"))).OrThrow();

        Assert.False(outcome.Complete);
        Assert.Empty((await _core.EditQualityAsync(new ArtifactKey("cswiki", ArtifactType.Diff, 7001))).Proposals);
        await using var db = _core.Database.CreateDbContext();
        Assert.Equal(1, await db.CampaignLabels.CountAsync());
    }

    [Fact]
    public async Task One_unsure_question_records_the_label_but_no_judgment()
    {
        var outcome = (await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "unsure"))).OrThrow();

        Assert.False(outcome.Complete);
        Assert.Empty((await _core.EditQualityAsync(new ArtifactKey("cswiki", ArtifactType.Diff, 7001))).Proposals);
    }

    [Fact]
    public async Task Changing_a_label_moves_the_endorsement()
    {
        await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "false"));

        (await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("false", "true"))).OrThrow();

        var facet = await _core.EditQualityAsync(new ArtifactKey("cswiki", ArtifactType.Diff, 7001));
        Assert.Equal(2, facet.Proposals.Count);
        Assert.Equal("{\"damaging\":false,\"goodfaith\":true}", facet.Proposals.Single(p => p.Endorsements.Count == 1).LabelData);
    }

    [Theory]
    [InlineData("maybe", "true", "damaging")]
    [InlineData("1", "true", "damaging")]
    public async Task Answers_outside_the_schema_are_refused(string damaging, string goodfaith, string field)
    {
        var result = await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers(damaging, goodfaith));

        Assert.Equal(field, Assert.IsType<JadeError.InvalidLabelData>(result.Error).Field);
    }

    [Fact]
    public async Task Someone_elses_workset_cannot_be_labeled()
    {
        var result = await _core.Campaigns.SaveLabelAsync(await _core.UserAsync("Intruder"), _workset, _tasks[0], Answers("true", "true"));

        Assert.IsType<JadeError.EntityNotFound>(result.Error);
    }

    [Fact]
    public async Task Labeling_after_the_workset_expired_is_refused()
    {
        _core.Clock.Now += TimeSpan.FromDays(2);

        var result = await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "true"));

        Assert.IsType<JadeError.WorksetClosed>(result.Error);
    }

    [Fact]
    public async Task Labeling_or_skipping_every_task_completes_the_workset()
    {
        await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "true"));
        await _core.Campaigns.SkipAsync(_reviewer, _workset, _tasks[1]);
        await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[2], Answers("unsure", "true"));

        await using var db = _core.Database.CreateDbContext();
        Assert.Equal(WorksetStatus.Completed, (await db.Worksets.SingleAsync(w => w.Id == _workset)).Status);
        var stats = (await _core.CampaignQueries.StatsAsync(_campaign, await _core.ViewerAsync(ActorRef.Anonymous)))!;
        Assert.Equal((2, 1, 1), (stats.Labels, stats.Skips, stats.UnsureAnswers));
        Assert.Equal((2, 1, 1), (stats.Users.Single().Labels, stats.Users.Single().Skips, stats.Users.Single().Unsure));
    }

    [Fact]
    public async Task A_label_of_a_done_workset_can_still_be_changed_until_it_expires()
    {
        await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "false"));
        await _core.Campaigns.SkipAsync(_reviewer, _workset, _tasks[1]);
        await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[2], Answers("false", "true"));

        (await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[2], Answers("true", "true"))).OrThrow();

        var facet = await _core.EditQualityAsync(new ArtifactKey("cswiki", ArtifactType.Diff, 7003));
        Assert.Equal("{\"damaging\":true,\"goodfaith\":true}", facet.Proposals.Single(p => p.Endorsements.Count == 1).LabelData);
        await using (var db = _core.Database.CreateDbContext())
        {
            Assert.Equal(WorksetStatus.Completed, (await db.Worksets.SingleAsync(w => w.Id == _workset)).Status);
            Assert.Equal("{\"damaging\":\"true\",\"goodfaith\":\"true\"}", (await db.CampaignLabels.SingleAsync(l => l.TaskId == _tasks[2])).Answers);
        }
        // Not the skipped task (its place went back to others), and nothing once the workset has expired.
        Assert.IsType<JadeError.WorksetClosed>((await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[1], Answers("true", "true"))).Error);
        _core.Clock.Now += TimeSpan.FromDays(2);
        Assert.IsType<JadeError.WorksetClosed>((await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("false", "true"))).Error);
    }

    [Fact]
    public async Task A_label_of_a_workset_given_back_cannot_be_changed()
    {
        await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "false"));
        (await _core.Campaigns.AbandonAsync(_reviewer, _workset)).OrThrow();

        var result = await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("false", "true"));

        Assert.IsType<JadeError.WorksetClosed>(result.Error);
    }

    [Fact]
    public async Task A_skipped_task_cannot_be_labeled_since_its_place_went_back_to_others()
    {
        (await _core.Campaigns.SkipAsync(_reviewer, _workset, _tasks[0])).OrThrow();

        var result = await _core.Campaigns.SaveLabelAsync(_reviewer, _workset, _tasks[0], Answers("true", "true"));

        Assert.Equal(_tasks[0], Assert.IsType<JadeError.TaskSkipped>(result.Error).TaskId);
        Assert.Empty((await _core.EditQualityAsync(new ArtifactKey("cswiki", ArtifactType.Diff, 7001))).Proposals);
        await using var db = _core.Database.CreateDbContext();
        Assert.Empty(await db.CampaignLabels.ToListAsync());
        Assert.NotNull((await db.Assignments.SingleAsync(a => a.WorksetId == _workset && a.TaskId == _tasks[0])).SkippedAt);
    }
}
