using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Activity;

/// <summary>The public activity page's numbers: per day, per campaign, and suppressions per month.</summary>
public sealed class ActivityQueriesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Counts_judgments_reviewers_and_competing_judgments_per_day_and_suppressions_per_month()
    {
        var alice = await _core.UserAsync("Alice");
        var bob = await _core.UserAsync("Bob");
        var oversighter = await _core.UserAsync("Oversighter", "oversight");
        var researcher = await _core.UserAsync("Researcher", "researcher");
        await _core.CampaignAsync(researcher, wiki: "enwiki", name: "Spring");
        var today = DateOnly.FromDateTime(_core.Clock.Now.UtcDateTime);

        // Yesterday: Alice judges; today: Bob agrees, then disagrees elsewhere with a competing proposal, and comments.
        _core.Clock.Now = _core.Clock.Now.AddDays(-1);
        (await _core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(true, false, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 2)))).OrThrow();
        _core.Clock.Now = _core.Clock.Now.AddDays(1);
        (await _core.Judgments.ProposeOrEndorseAsync(bob, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(bob, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 2)))).OrThrow();
        var (_, comment) = (await _core.Discussions.StartThreadAsync(bob, new NewThread(CoreHarness.Diff, "Hm", "my address"))).OrThrow();
        (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), HideableField.Text, FieldVisibility.Suppressed, "private"))).OrThrow();
        (await _core.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), HideableField.Text, FieldVisibility.Visible, "not private after all"))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(bob, CoreHarness.Propose(true, true, artifact: new ArtifactKey("cswiki", ArtifactType.Diff, 3)))).OrThrow();

        var activity = await _core.Activity.ForWikiAsync("enwiki");

        Assert.Equal(30, activity.Days.Count);
        Assert.Equal(today, activity.Days[^1].Day);
        Assert.Equal((2, 1, 0), (activity.Days[^2].Judgments, activity.Days[^2].ActiveReviewers, activity.Days[^2].CompetingJudgments));
        Assert.Equal((2, 1, 1), (activity.Days[^1].Judgments, activity.Days[^1].ActiveReviewers, activity.Days[^1].CompetingJudgments));
        Assert.Equal(0, activity.Days[0].Judgments);
        Assert.Equal("Spring", Assert.Single(activity.Campaigns).Campaign.Name);
        Assert.Equal(12, activity.Suppressions.Count);
        Assert.Equal(1, activity.Suppressions[^1].Suppressions);
        Assert.Equal(25, activity.SuppressionBudget);
        Assert.Equal(1, (await _core.Activity.ForWikiAsync("cswiki")).Judgments);
    }
}
