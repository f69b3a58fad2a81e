using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Judgments;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Judgments;

/// <summary>
/// A judgment is the writer's hot path (64 reviewers judging at once): it costs a handful of statements inside the
/// batch's transaction, with no savepoint of EF Core's around each save (the writer's own savepoint undoes a refused
/// command whole, as <see cref="CommandWriterTests"/> shows).
/// </summary>
public sealed class JudgmentStatementsTests
{
    [Fact]
    public async Task Judging_a_new_edit_reads_the_actor_and_the_artifact_then_inserts_its_rows_and_nothing_more()
    {
        using var recorder = new StatementRecorder();
        await using var core = new CoreHarness();
        var alice = await core.UserAsync("Alice");
        await using var db = core.Database.CreateDbContext();
        recorder.Record(db.Database.GetDbConnection());

        var result = await core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 5001)));

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(0, recorder.Savepoints);
        // Read: the user with their groups and blocks (one statement), the artifact (no lock: the row it inserts is its own
        // until the commit). Written: the artifact, the proposal, the endorsement, the events (SQLite's provider sends each insert alone).
        var (reads, writes) = Split(recorder.Statements);
        Assert.True(reads.Count <= 2, string.Join("\n---\n", reads));
        Assert.Equal(["artifacts", "endorsements", "events", "proposals"], writes.Select(TableOf).Distinct().Order());
        Assert.True(writes.Count <= 5, string.Join("\n---\n", writes));
    }

    [Fact]
    public async Task Endorsing_an_existing_proposal_reads_the_actor_the_artifact_and_its_facet_then_inserts_the_endorsement_and_its_event()
    {
        using var recorder = new StatementRecorder();
        await using var core = new CoreHarness();
        var alice = await core.UserAsync("Alice");
        var bob = await core.UserAsync("Bob");
        (await core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(false, true))).OrThrow();
        await using var db = core.Database.CreateDbContext();
        recorder.Record(db.Database.GetDbConnection());

        var result = await core.Judgments.ProposeOrEndorseAsync(bob, CoreHarness.Propose(false, true));

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(0, recorder.Savepoints);
        // Read: the user with their blocks, the artifact, its lock (PostgreSQL's; SQLite's writer is alone), the facet's
        // proposals, Bob's endorsement in the facet. Written: the endorsement and its event.
        var (reads, writes) = Split(recorder.Statements);
        Assert.True(reads.Count <= 5, string.Join("\n---\n", reads));
        Assert.Equal(["endorsements", "events"], writes.Select(TableOf).Order());
    }

    [Fact]
    public async Task A_new_edit_judged_with_a_comment_writes_the_comment_with_the_artifact_in_four_saves()
    {
        using var recorder = new StatementRecorder();
        await using var core = new CoreHarness();
        var alice = await core.UserAsync("Alice");
        await using var db = core.Database.CreateDbContext();
        recorder.Record(db.Database.GetDbConnection());

        var result = await core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(false, true, comment: "Fixes a typo", artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 5002)));

        Assert.True(result.IsSuccess, result.Error?.Code);
        // The artifact with the comment's text, the proposal, the endorsement with the proposal's event, the endorsement's
        // event (the writer's save): each save waits for the keys the database gives before the next can name them.
        Assert.Equal(4, recorder.Saves);
        var endorsement = await db.Endorsements.SingleAsync(e => e.Id == result.Value!.EndorsementId);
        Assert.Equal("Fixes a typo", (await db.Texts.SingleAsync(t => t.Id == endorsement.CommentTextId)).Content);
    }

    [Fact]
    public async Task Notes_given_with_labels_someone_proposed_already_are_not_stored()
    {
        await using var core = new CoreHarness();
        var alice = await core.UserAsync("Alice");
        var bob = await core.UserAsync("Bob");
        (await core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(false, true))).OrThrow();
        await using var db = core.Database.CreateDbContext();
        var textsBefore = await db.Texts.CountAsync();

        var result = await core.Judgments.ProposeOrEndorseAsync(bob, CoreHarness.Propose(false, true, notes: "Bob's notes", comment: "Agreed"));

        Assert.Equal(JudgmentOutcomeKind.Endorsed, result.OrThrow().Kind);
        // The proposal keeps Alice's (empty) notes; Bob's comment is the one text written.
        Assert.Equal(textsBefore + 1, await db.Texts.CountAsync());
        Assert.False(await db.Texts.AnyAsync(t => t.Content == "Bob's notes"));
        Assert.Null((await db.Proposals.SingleAsync(p => p.Id == result.Value!.ProposalId)).NotesTextId);
    }

    private static (List<string> Reads, List<string> Writes) Split(IReadOnlyList<string> statements) =>
        (statements.Where(s => !s.StartsWith("INSERT", StringComparison.Ordinal)).ToList(), statements.Where(s => s.StartsWith("INSERT", StringComparison.Ordinal)).ToList());

    private static string TableOf(string insert) => insert.Split(' ', 4)[2].Trim('"');
}
