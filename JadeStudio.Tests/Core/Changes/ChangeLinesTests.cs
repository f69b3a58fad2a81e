using JadeStudio.Core.Changes;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Changes;

/// <summary>Lists of changes show one line per action: a judgment, not its proposal and its endorsement; a campaign label with the judgment it made.</summary>
public sealed class ChangeLinesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _alice = null!;
    private ActorRef _bob = null!;
    private ActorRef _oversighter = null!;
    private ActorRef _watcher = null!;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice");
        _bob = await _core.UserAsync("Bob");
        _oversighter = await _core.UserAsync("Oversighter", "oversight", "sysop");
        _watcher = await _core.UserAsync("Watcher");
        (await _core.Discussions.WatchAsync(_watcher, CoreHarness.Diff, true)).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<IReadOnlyList<ChangeLine>> LinesAsync(ActorRef viewer) =>
        ChangeLines.Of((await _core.Changes.ReadAsync(new ChangeFilter(), await _core.ViewerAsync(viewer), wholeActions: true)).Items);

    private async Task<(int Unread, int Lines)> WatchlistAsync()
    {
        var list = await _core.DiscussionQueries.WatchlistAsync(_watcher.UserId!.Value, await _core.ViewerAsync(_watcher));
        return (list.Unread, ChangeLines.Of(list.Events).Count);
    }

    [Fact]
    public async Task A_judgment_is_one_line_with_its_notes_and_comment_and_counts_once_as_unread()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, notes: "blanked the lead", comment: "reverted"))).OrThrow();

        var line = Assert.Single(await LinesAsync(ActorRef.Anonymous));

        Assert.True(line.IsJudgment);
        Assert.Equal("Alice", line.Change.Actor?.Name);
        Assert.Equal(["blanked the lead", "reverted"], line.Texts.Select(t => t.Value));
        Assert.Equal((1, 1), await WatchlistAsync());
    }

    [Fact]
    public async Task A_page_ends_after_a_whole_action_and_the_next_begins_with_the_one_before()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(false, true))).OrThrow();
        var viewer = await _core.ViewerAsync(ActorRef.Anonymous);
        var onePerPage = new ChangeFilter { Limit = 1 };

        var first = await _core.Changes.ReadAsync(onePerPage, viewer, wholeActions: true);
        var second = await _core.Changes.ReadAsync(onePerPage, viewer, olderThan: first.OlderThan, wholeActions: true);

        Assert.Equal("Bob", Assert.Single(ChangeLines.Of(first.Items)).Change.Actor?.Name);
        Assert.Equal(2, first.Items.Count);
        Assert.Equal("Alice", Assert.Single(ChangeLines.Of(second.Items)).Change.Actor?.Name);
        Assert.Null(second.OlderThan);
        // The API's pages are rows: exactly the limit.
        Assert.Single((await _core.Changes.ReadAsync(onePerPage, viewer)).Items);
    }

    [Fact]
    public async Task A_campaign_label_is_one_line_naming_the_labels_of_the_judgment_it_made()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher");
        var campaign = await _core.CampaignAsync(researcher, wiki: CoreHarness.Diff.Wiki);
        (await _core.UploadAsync(researcher, campaign, $"{{\"rev_id\": {CoreHarness.Diff.RevId}}}\n", "t.jsonl")).OrThrow();
        var workset = (await _core.Campaigns.RequestWorksetAsync(_alice, campaign)).OrThrow();
        long task;
        await using (var db = _core.Database.CreateDbContext())
        {
            task = await db.Assignments.Where(a => a.WorksetId == workset).Select(a => a.TaskId).SingleAsync();
        }
        (await _core.Campaigns.SaveLabelAsync(_alice, workset, task, new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "false" })).OrThrow();

        var lines = await LinesAsync(ActorRef.Anonymous);

        var label = Assert.Single(lines, l => l.Change.Artifact == CoreHarness.Diff);
        Assert.Equal(EventType.CampaignLabelSaved, label.Change.Type);
        Assert.Equal([EventType.EndorsementCreated, EventType.ProposalCreated], label.Folded.Select(e => e.Type));
        var (labels, _) = JudgmentLabels.OfEvent(_core.Schemas, label.Labelled);
        Assert.Equal([true, false], labels.Select(a => (bool)a.Value.Clr));
        Assert.Equal((1, 1), await WatchlistAsync());
    }

    [Fact]
    public async Task Events_of_a_hidden_performer_are_not_folded_so_a_line_never_tells_they_are_one_user()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Blocks.BlockAsync(_oversighter, new BlockRequest(_alice.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        var anonymous = await LinesAsync(ActorRef.Anonymous);
        var oversighter = await LinesAsync(_oversighter);

        Assert.Equal([EventType.EndorsementCreated, EventType.ProposalCreated], anonymous.Where(l => l.Change.Artifact == CoreHarness.Diff).Select(l => l.Change.Type));
        Assert.All(anonymous.Where(l => l.Change.Artifact == CoreHarness.Diff), l => Assert.True(l.Change.Actor?.Hidden));
        Assert.True(Assert.Single(oversighter, l => l.Change.Artifact == CoreHarness.Diff).IsJudgment);
        // The watch list's count follows the lines its reader sees.
        Assert.Equal((2, 2), await WatchlistAsync());
    }

    [Fact]
    public async Task A_proposal_whose_author_is_hidden_on_it_alone_stays_a_line_of_its_own()
    {
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, proposal), HideableField.User, FieldVisibility.Suppressed, "name"))).OrThrow();

        var lines = await LinesAsync(ActorRef.Anonymous);

        Assert.Equal([EventType.ItemRedacted, EventType.EndorsementCreated, EventType.ProposalCreated], lines.Where(l => l.Change.Artifact == CoreHarness.Diff).Select(l => l.Change.Type));
        Assert.Equal((3, 3), await WatchlistAsync());
    }
}
