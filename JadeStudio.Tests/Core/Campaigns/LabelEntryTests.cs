using JadeStudio.Core.Events;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Campaigns;

/// <summary>A campaign label's feed entry names its labeler with the answers of the judgment the label made.</summary>
public sealed class LabelEntryTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _alice = null!;
    private ActorRef _sysop = null!;
    private long _workset;
    private long _task;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice");
        _sysop = await _core.UserAsync("Sysop", "sysop");
        var researcher = await _core.UserAsync("Researcher", "researcher");
        var campaign = await _core.CampaignAsync(researcher, wiki: CoreHarness.Diff.Wiki);
        (await _core.UploadAsync(researcher, campaign, $"{{\"rev_id\": {CoreHarness.Diff.RevId}}}\n", "t.jsonl")).OrThrow();
        _workset = (await _core.Campaigns.RequestWorksetAsync(_alice, campaign)).OrThrow();
        await using var db = _core.Database.CreateDbContext();
        _task = await db.Assignments.Where(a => a.WorksetId == _workset).Select(a => a.TaskId).SingleAsync();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task LabelAsync(bool damaging) => (await _core.Campaigns.SaveLabelAsync(_alice, _workset, _task,
        new Dictionary<string, string> { ["damaging"] = damaging ? "true" : "false", ["goodfaith"] = damaging ? "false" : "true" })).OrThrow();

    private async Task SetNameAsync(FieldVisibility level)
    {
        await using var db = _core.Database.CreateDbContext();
        var endorsement = await db.Endorsements.Where(e => e.UserId == _alice.UserId).Select(e => e.Id).SingleAsync();
        (await _core.Visibility.SetAsync(_sysop, new VisibilityRequest(new ItemRef(ItemKind.Endorsement, endorsement), HideableField.User, level, "outing"))).OrThrow();
    }

    private async Task<List<RedactedUser?>> LabelersAsync(ActorRef viewer) =>
        ((FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(Limit: 1000), await _core.ViewerAsync(viewer))).Items
            .Where(e => e.Type == EventType.CampaignLabelSaved).Select(e => e.Actor).ToList();

    [Fact]
    public async Task A_label_entry_hides_its_labeler_where_the_judgment_it_made_does_before_and_after_and_shows_them_again_when_restored()
    {
        await LabelAsync(damaging: true);
        await SetNameAsync(FieldVisibility.Deleted);
        // Changed since: the label moves the hidden endorsement.
        await LabelAsync(damaging: false);

        var labelers = await LabelersAsync(ActorRef.Anonymous);
        Assert.Equal(2, labelers.Count);
        Assert.All(labelers, labeler => Assert.Equal((true, null), (labeler!.Hidden, labeler.Name)));
        Assert.All(await LabelersAsync(_sysop), labeler => Assert.Equal("Alice", labeler!.Name));

        await SetNameAsync(FieldVisibility.Visible);
        Assert.All(await LabelersAsync(ActorRef.Anonymous), labeler => Assert.Equal("Alice", labeler!.Name));
    }

    [Fact]
    public async Task Label_entries_stored_naming_the_labeler_before_this_version_are_hidden_by_the_upgrade()
    {
        await LabelAsync(damaging: true);
        await SetNameAsync(FieldVisibility.Deleted);
        await using var db = _core.Database.CreateDbContext();
        // As an earlier version left it.
        Assert.Equal(1, await db.Events.Where(e => e.Type == EventType.CampaignLabelSaved).ExecuteUpdateAsync(e => e.SetProperty(x => x.ActorVisibility, FieldVisibility.Visible)));
        Assert.Equal("Alice", Assert.Single(await LabelersAsync(ActorRef.Anonymous))!.Name);

        await _core.RunMigrationAgainAsync("HiddenLabelerOnLabelEntries");

        Assert.True(Assert.Single(await LabelersAsync(ActorRef.Anonymous))!.Hidden);
        var seen = Assert.Single(await LabelersAsync(_sysop))!;
        Assert.Equal(("Alice", FieldVisibility.Deleted), (seen.Name, seen.Level));
    }
}
