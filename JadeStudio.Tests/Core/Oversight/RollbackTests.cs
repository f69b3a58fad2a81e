using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Oversight;

public sealed class RollbackTests : IAsyncLifetime
{
    private static readonly ArtifactKey First = new("enwiki", ArtifactType.Diff, 1001);
    private static readonly ArtifactKey Second = new("enwiki", ArtifactType.Diff, 1002);
    private static readonly ArtifactKey Third = new("enwiki", ArtifactType.Diff, 1003);
    private static readonly ArtifactKey Earlier = new("enwiki", ArtifactType.Diff, 1004);
    private static readonly ArtifactKey OtherWiki = new("cswiki", ArtifactType.Diff, 1005);

    private readonly CoreHarness _core = new();
    private ActorRef _alice = null!;
    private ActorRef _vandal = null!;
    private ActorRef _sysop = null!;
    private DateTimeOffset _spreeStart;
    private long _vandalOnThird;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice");
        _vandal = await _core.UserAsync("Vandal");
        _sysop = await _core.UserAsync("Sysop", "sysop");
        (await _core.Judgments.ProposeOrEndorseAsync(_vandal, CoreHarness.Propose(false, true, artifact: Earlier))).OrThrow();
        _core.Clock.Now += TimeSpan.FromHours(1);
        _spreeStart = _core.Clock.Now;
        // First: the vandal's proposal came first (preferred); Alice's is the only other one.
        (await _core.Judgments.ProposeOrEndorseAsync(_vandal, CoreHarness.Propose(false, true, notes: "fine", artifact: First))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, notes: "blanking", artifact: First))).OrThrow();
        // Second: Alice first, then a competing proposal by the vandal.
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, artifact: Second))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_vandal, CoreHarness.Propose(false, true, comment: "lol", artifact: Second))).OrThrow();
        // Third: the vandal endorses Alice's proposal.
        var aliceThird = (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, artifact: Third))).OrThrow().ProposalId!.Value;
        _vandalOnThird = (await _core.Judgments.EndorseAsync(_vandal, aliceThird, "agree", "ui")).OrThrow().EndorsementId!.Value;
        (await _core.Judgments.ProposeOrEndorseAsync(_vandal, CoreHarness.Propose(false, true, artifact: OtherWiki))).OrThrow();
        _core.Clock.Now += TimeSpan.FromMinutes(5);
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private RollbackRequest Spree(string? wiki = "enwiki") => new(_vandal.UserId!.Value, _spreeStart, _core.Clock.Now, wiki, "vandalism spree");

    private async Task<FacetSnapshot> EverythingAsync()
    {
        await using var db = _core.Database.CreateDbContext();
        return FacetSnapshot.Of(await db.Proposals.AsNoTracking().ToListAsync(), await db.Endorsements.AsNoTracking().ToListAsync());
    }

    private async Task<IReadOnlyList<string?>> EndorsersAsync(ArtifactKey key) =>
        (await _core.EditQualityAsync(key)).Proposals.SelectMany(p => p.Endorsements.Select(e => e.User.Name)).ToList();

    [Fact]
    public async Task Rollback_removes_the_users_judgments_in_range_and_on_the_wiki_and_hands_on_the_preferred_flag()
    {
        var rollback = (await _core.Rollbacks.RollBackAsync(_sysop, Spree())).OrThrow();

        Assert.Equal((3, 2), (rollback.EndorsementsRemoved, rollback.ProposalsRemoved));
        var first = (await _core.EditQualityAsync(First)).Proposals;
        Assert.Equal("blanking", Assert.Single(first).Notes.Value);
        Assert.True(first.Single().Preferred);
        Assert.Single((await _core.EditQualityAsync(Second)).Proposals);
        Assert.Equal(["Alice"], await EndorsersAsync(Third));
        Assert.Equal(["Vandal"], await EndorsersAsync(Earlier));
        Assert.Equal(["Vandal"], await EndorsersAsync(OtherWiki));
    }

    [Fact]
    public async Task The_artifact_list_counts_the_proposals_a_rollback_leaves_and_those_its_undo_puts_back()
    {
        var queries = new ArtifactQueries(_core.Database);
        async Task<List<string>> MostProposalsFirstAsync() =>
            (await queries.ListAsync("enwiki", null, ArtifactFilter.All, ArtifactSort.MostProposals, 0, 25)).Select(r => $"{r.Key.RevId}:{r.Proposals}").ToList();
        var before = await MostProposalsFirstAsync();
        Assert.Equal(["1002:2", "1001:2", "1004:1", "1003:1"], before);

        var rollback = (await _core.Rollbacks.RollBackAsync(_sysop, Spree())).OrThrow();
        Assert.Equal(["1004:1", "1003:1", "1002:1", "1001:1"], await MostProposalsFirstAsync());

        (await _core.Rollbacks.UndoAsync(_sysop, rollback.Id)).OrThrow();
        Assert.Equal(before, await MostProposalsFirstAsync());
    }

    /// <summary>A range is its instants, whatever offset it is written in: the spree in UTC+14 and in UTC−10 is the same spree.</summary>
    [Theory]
    [InlineData(14)]
    [InlineData(-10)]
    public async Task A_range_written_with_an_offset_selects_the_same_judgments_as_in_UTC(int offsetHours)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var spree = Spree() with { From = _spreeStart.ToOffset(offset), To = _core.Clock.Now.ToOffset(offset) };

        var rollback = (await _core.Rollbacks.RollBackAsync(_sysop, spree)).OrThrow();

        Assert.Equal((3, 2), (rollback.EndorsementsRemoved, rollback.ProposalsRemoved));
        Assert.Equal(["Vandal"], await EndorsersAsync(Earlier));
    }

    /// <summary>
    /// One rollback removes at most <see cref="RollbackService.MaxEndorsements"/> judgments (every other write waits for
    /// it): a longer spree is refused whole, and rolled back range by range.
    /// </summary>
    [Fact]
    public async Task A_spree_longer_than_one_rollback_removes_is_refused_and_changes_nothing()
    {
        // Seeded as rows: ten thousand judgments through the commands would make the test take minutes. They come after
        // the spree's first three, within its range, and bring it to one more than a rollback removes.
        var at = _core.Clock.Now.AddMinutes(-1);
        await using (var db = _core.Database.CreateDbContext())
        {
            var artifacts = Enumerable.Range(0, RollbackService.MaxEndorsements - 2)
                .Select(i => new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = 500_000 + i, CreatedAt = at }).ToList();
            db.Artifacts.AddRange(artifacts);
            await db.SaveChangesAsync();
            var proposals = artifacts.Select(a => new Proposal
            {
                ArtifactId = a.Id,
                Facet = "editquality",
                LabelData = CoreHarness.EditQuality(false, true),
                AuthorId = _vandal.UserId!.Value,
                Preferred = true,
                CreatedAt = at,
                UpdatedAt = at,
            }).ToList();
            db.Proposals.AddRange(proposals);
            await db.SaveChangesAsync();
            db.Endorsements.AddRange(proposals.Select(p => new Endorsement
            {
                ProposalId = p.Id,
                ArtifactId = p.ArtifactId,
                Facet = p.Facet,
                UserId = p.AuthorId,
                Origin = "ui",
                CreatedAt = at,
                UpdatedAt = at,
            }));
            await db.SaveChangesAsync();
        }
        var before = await EverythingAsync();

        var whole = await _core.Rollbacks.RollBackAsync(_sysop, Spree());

        Assert.Equal(RollbackProblem.TooMany, Assert.IsType<JadeError.InvalidRollback>(whole.Error).Problem);
        Assert.True((await EverythingAsync()).SameAs(before));
        var firstPart = (await _core.Rollbacks.RollBackAsync(_sysop, Spree() with { To = at })).OrThrow();
        Assert.Equal(3, firstPart.EndorsementsRemoved);
        var rest = (await _core.Rollbacks.RollBackAsync(_sysop, Spree() with { From = at })).OrThrow();
        Assert.Equal(RollbackService.MaxEndorsements - 2, rest.EndorsementsRemoved);
    }

    [Fact]
    public async Task A_judgment_whose_user_name_is_hidden_is_rolled_back_and_put_back_without_naming_the_user_on_it()
    {
        (await _core.Visibility.SetAsync(_sysop, new VisibilityRequest(new ItemRef(ItemKind.Endorsement, _vandalOnThird), HideableField.User, FieldVisibility.Deleted, "outing"))).OrThrow();
        var before = (await FeedAsync()).Max(e => e.Seq);

        var rollback = (await _core.Rollbacks.RollBackAsync(_sysop, Spree())).OrThrow();
        (await _core.Rollbacks.UndoAsync(_sysop, rollback.Id)).OrThrow();

        var events = (await FeedAsync(before)).Where(e => e.Type is EventType.EndorsementDeleted or EventType.RollbackUndone).ToList();
        var onThird = events.Where(e => e.Artifact == Third).ToList();
        Assert.Equal([EventType.EndorsementDeleted, EventType.RollbackUndone], onThird.Select(e => e.Type));
        // Neither the name nor the rollback's id, whose log entry names the user.
        Assert.All(onThird, e => Assert.Equal((true, null), (e.Subject!.Hidden, e.Data)));
        Assert.Equal(_vandalOnThird, onThird[0].EndorsementId);
        var elsewhere = events.Except(onThird).ToList();
        Assert.Equal(4, elsewhere.Count);
        Assert.All(elsewhere, e => Assert.Equal(("Vandal", rollback.Id), (e.Subject!.Name, System.Text.Json.JsonDocument.Parse(e.Data!).RootElement.GetProperty("rollbackId").GetInt64())));
        // Who may see the name sees it on the rollback's entry too.
        var sysopsView = (await FeedAsync(before, _sysop)).First(e => e.Type == EventType.EndorsementDeleted && e.Artifact == Third);
        Assert.Equal("Vandal", sysopsView.Subject!.Name);
    }

    private async Task<IReadOnlyList<FeedEvent>> FeedAsync(long? after = null, ActorRef? viewer = null) =>
        ((FeedPage.Events)await _core.Feed.ReadAsync(new FeedQuery(AfterSeq: after, Limit: 1000), await _core.ViewerAsync(viewer ?? ActorRef.Anonymous))).Items;

    [Fact]
    public async Task Undo_restores_exactly_the_previous_state()
    {
        var before = await EverythingAsync();
        var rollback = (await _core.Rollbacks.RollBackAsync(_sysop, Spree(wiki: null))).OrThrow();
        Assert.False((await EverythingAsync()).SameAs(before));

        (await _core.Rollbacks.UndoAsync(_sysop, rollback.Id)).OrThrow();

        Assert.True((await EverythingAsync()).SameAs(before));
        Assert.IsType<JadeError.InvalidRollback>((await _core.Rollbacks.UndoAsync(_sysop, rollback.Id)).Error);
        Assert.Equal(["Vandal", "Alice"], await EndorsersAsync(First));
    }

    [Fact]
    public async Task Undo_is_refused_when_someone_judged_the_touched_artifacts_since_and_changes_nothing()
    {
        var rollback = (await _core.Rollbacks.RollBackAsync(_sysop, Spree())).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_sysop, CoreHarness.Propose(true, false, artifact: Second))).OrThrow();
        var afterNewJudgment = await EverythingAsync();

        var undo = await _core.Rollbacks.UndoAsync(_sysop, rollback.Id);

        Assert.Equal(RollbackProblem.ChangedSince, Assert.IsType<JadeError.InvalidRollback>(undo.Error).Problem);
        Assert.True((await EverythingAsync()).SameAs(afterNewJudgment));
    }

    [Fact]
    public async Task Rollback_needs_the_right_a_reason_and_something_to_roll_back()
    {
        var before = await EverythingAsync();

        var byReviewer = await _core.Rollbacks.RollBackAsync(_alice, Spree());
        var noReason = await _core.Rollbacks.RollBackAsync(_sysop, Spree() with { Reason = "" });
        var nothing = await _core.Rollbacks.RollBackAsync(_sysop, Spree() with { UserId = _sysop.UserId!.Value });
        var backwards = await _core.Rollbacks.RollBackAsync(_sysop, Spree() with { To = _spreeStart.AddDays(-1) });

        Assert.Equal(Right.Rollback, Assert.IsType<JadeError.PermissionDenied>(byReviewer.Error).Missing);
        Assert.Equal(RollbackProblem.NoReason, Assert.IsType<JadeError.InvalidRollback>(noReason.Error).Problem);
        Assert.Equal(RollbackProblem.NothingToRollBack, Assert.IsType<JadeError.InvalidRollback>(nothing.Error).Problem);
        Assert.Equal(RollbackProblem.EmptyRange, Assert.IsType<JadeError.InvalidRollback>(backwards.Error).Problem);
        Assert.True((await EverythingAsync()).SameAs(before));
        Assert.Empty(await _core.OversightLog.RollbacksAsync(await _core.ViewerAsync(ActorRef.Anonymous)));
    }
}
