using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Patrol;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Patrol;

/// <summary>The patrol queue: edits arrive, the likeliest damage first; a patroller holds an edit alone; judged edits leave every queue.</summary>
public sealed class PatrolQueueTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private PatrolQueue _queue = null!;
    private ActorRef _alice = null!;
    private ActorRef _bob = null!;

    public async Task InitializeAsync()
    {
        _queue = new PatrolQueue(_core.Writer, _core.Actors, _core.Database, new PatrolOptions { Wikis = ["enwiki"], ClaimMinutes = 5 }, _core.Wikis, _core.Clock);
        _alice = await _core.UserAsync("Alice");
        _bob = await _core.UserAsync("Bob");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private RecentEdit Edit(long revId, string title = "Page") => new(revId + 1000, revId, revId - 1, title, "Editor " + revId, _core.Clock.Now.AddMinutes(-revId % 60), "summary", 100, 150, false);

    private async Task ScoreAsync(long revId, double damaging) =>
        await _core.Scores.StoreAsync([new ScoreResult("enwiki", "damaging", "0.5.1", revId, "false",
            new Dictionary<string, double> { ["true"] = damaging, ["false"] = 1 - damaging }, null, null)], "test");

    private async Task<long[]> QueueRevsAsync(ActorRef viewer) =>
        [.. (await _queue.QueueAsync("enwiki", await _core.ViewerAsync(viewer))).Select(i => i.Artifact.RevId)];

    private async Task<long?> NextRevAsync(ActorRef patroller)
    {
        var id = (await _queue.NextAsync(patroller, "enwiki")).OrThrow();
        return id is { } found ? (await _queue.FindAsync(found, await _core.ViewerAsync(patroller)))!.Artifact.RevId : null;
    }

    [Fact]
    public async Task Edits_arrive_once_ordered_by_the_damaging_score_then_newest()
    {
        await ScoreAsync(11, 0.91);
        await ScoreAsync(12, 0.05);
        Assert.Equal(3, (await _queue.IngestAsync("enwiki", [Edit(11), Edit(12), Edit(13)])).OrThrow());
        Assert.Equal(1, (await _queue.IngestAsync("enwiki", [Edit(11), Edit(14)])).OrThrow());

        Assert.Equal(new long[] { 11, 12, 14, 13 }, await QueueRevsAsync(_alice));

        await ScoreAsync(14, 0.97);
        await _queue.RescoreAsync("enwiki");
        Assert.Equal(new long[] { 14, 11, 12, 13 }, await QueueRevsAsync(_alice));
    }

    [Fact]
    public async Task Two_patrollers_never_hold_the_same_edit_and_others_see_who_is_looking()
    {
        await _queue.IngestAsync("enwiki", [Edit(21), Edit(22), Edit(23)]);

        var alices = await NextRevAsync(_alice);
        var bobs = await NextRevAsync(_bob);

        Assert.NotEqual(alices, bobs);
        var seenByBob = (await _queue.QueueAsync("enwiki", await _core.ViewerAsync(_bob))).Single(i => i.Artifact.RevId == alices);
        Assert.Equal("Alice", seenByBob.ReviewedBy!.Name);
        Assert.False(seenByBob.Mine);
    }

    [Fact]
    public async Task A_page_that_fails_to_hear_of_a_claim_neither_fails_the_claim_nor_keeps_other_pages_from_hearing()
    {
        await _queue.IngestAsync("enwiki", [Edit(31), Edit(32)]);
        var heard = new List<string>();
        _queue.ClaimsChanged += _ => throw new ObjectDisposedException("circuit", "A closing page.");
        _queue.ClaimsChanged += heard.Add;

        var alices = await NextRevAsync(_alice);
        var passed = await _queue.SkipAsync(_bob, (await _queue.NextAsync(_bob, "enwiki")).OrThrow()!.Value);

        Assert.NotNull(alices);
        Assert.True(passed.OrThrow());
        Assert.Equal(["enwiki", "enwiki", "enwiki"], heard);
    }

    [Fact]
    public async Task Many_patrollers_asking_at_once_each_get_a_different_edit()
    {
        await _queue.IngestAsync("enwiki", [.. Enumerable.Range(100, 30).Select(r => Edit(r))]);
        var patrollers = new List<ActorRef>();
        for (var i = 0; i < 12; i++)
        {
            patrollers.Add(await _core.UserAsync("Patroller " + i));
        }

        var given = await Task.WhenAll(patrollers.Select(p => _queue.NextAsync(p, "enwiki")));

        var ids = given.Select(r => r.OrThrow()).ToList();
        Assert.All(ids, id => Assert.NotNull(id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_judged_edit_leaves_every_queue_and_a_skipped_one_goes_to_someone_else()
    {
        await _queue.IngestAsync("enwiki", [Edit(31), Edit(32)]);
        var alices = (await NextRevAsync(_alice))!.Value;

        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, alices)))).OrThrow();

        Assert.DoesNotContain(alices, await QueueRevsAsync(_alice));
        Assert.DoesNotContain(alices, await QueueRevsAsync(_bob));
        var bobs = (await NextRevAsync(_bob))!.Value;
        Assert.NotEqual(alices, bobs);
        var edit = (await _queue.QueueAsync("enwiki", await _core.ViewerAsync(_bob))).Single(i => i.Artifact.RevId == bobs);
        (await _queue.SkipAsync(_bob, edit.Id)).OrThrow();
        Assert.Null(await NextRevAsync(_bob));
        Assert.Equal(bobs, await NextRevAsync(_alice));
    }

    [Fact]
    public async Task A_claim_runs_out_and_a_patroller_blocked_on_the_wiki_is_refused()
    {
        await _queue.IngestAsync("enwiki", [Edit(41)]);
        Assert.Equal(41, await NextRevAsync(_alice));
        Assert.Null(await NextRevAsync(_bob));

        _core.Clock.Now = _core.Clock.Now.AddMinutes(6);
        Assert.Equal(41, await NextRevAsync(_bob));

        var admin = await _core.UserAsync("Admin", "sysop");
        (await _core.Blocks.BlockAsync(admin, new BlockRequest(_alice.UserId!.Value, false, ["enwiki"], [], [BlockAction.Judge], null, "patrol abuse"))).OrThrow();
        Assert.IsType<JadeError.Blocked>((await _queue.NextAsync(_alice, "enwiki")).Error);
    }
}
