using JadeStudio.Core.Changes;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Judgments;

/// <summary>JADE's judgment behaviours, one per test.</summary>
public sealed class JudgmentServiceTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _alice = default!;
    private ActorRef _bob = default!;
    private ActorRef _sysop = default!;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice", "autoconfirmed");
        _bob = await _core.UserAsync("Bob");
        _sysop = await _core.UserAsync("Sam", "sysop");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<long> ProposeAsync(ActorRef who, bool damaging, bool goodfaith, string? notes = null) =>
        (await _core.Judgments.ProposeOrEndorseAsync(who, CoreHarness.Propose(damaging, goodfaith, notes))).OrThrow().ProposalId!.Value;

    private static T ErrorOf<T>(Result<JudgmentOutcome> result) where T : JadeError => Assert.IsType<T>(result.Error);

    [Fact]
    public async Task The_single_proposal_of_a_create_and_endorse_is_preferred()
    {
        var outcome = (await _core.Judgments.CreateAndEndorseAsync(_alice, CoreHarness.Propose(false, true, "looks fine"))).OrThrow();

        var facet = await _core.EditQualityAsync();
        var proposal = Assert.Single(facet.Proposals);
        Assert.Equal(JudgmentOutcomeKind.ProposalCreated, outcome.Kind);
        Assert.True(proposal.Preferred);
        Assert.Equal("looks fine", proposal.Notes.Value);
        Assert.Equal("Alice", Assert.Single(proposal.Endorsements).User.Name);
    }

    [Fact]
    public async Task Create_and_endorse_refuses_labels_that_are_already_proposed()
    {
        var first = await ProposeAsync(_alice, false, true);

        var second = await _core.Judgments.CreateAndEndorseAsync(_bob, CoreHarness.Propose(false, true));

        Assert.Equal(first, ErrorOf<JadeError.ProposalExists>(second).ProposalId);
        Assert.Single(Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements);
    }

    [Fact]
    public async Task Endorse_adds_the_users_endorsement()
    {
        var proposal = await ProposeAsync(_alice, false, true);

        var outcome = (await _core.Judgments.EndorseAsync(_bob, proposal, "agree", Origins.Ui)).OrThrow();

        Assert.Equal(JudgmentOutcomeKind.Endorsed, outcome.Kind);
        var endorsements = Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements;
        Assert.Equal(["Alice", "Bob"], endorsements.Select(e => e.User.Name));
        Assert.Equal("agree", endorsements[1].Comment.Value);
    }

    [Fact]
    public async Task Endorsing_another_proposal_moves_the_users_endorsement()
    {
        var good = await ProposeAsync(_alice, false, true);
        var bad = await ProposeAsync(_bob, true, false);

        var outcome = (await _core.Judgments.EndorseAsync(_bob, good, null, Origins.Ui)).OrThrow();

        var facet = await _core.EditQualityAsync();
        Assert.Equal(JudgmentOutcomeKind.EndorsementMoved, outcome.Kind);
        Assert.Equal(["Alice", "Bob"], facet.Proposals.Single(p => p.Id == good).Endorsements.Select(e => e.User.Name));
        Assert.Empty(facet.Proposals.Single(p => p.Id == bad).Endorsements);
    }

    [Fact]
    public async Task Endorsing_the_proposal_one_already_endorses_is_refused()
    {
        var proposal = await ProposeAsync(_alice, false, true);

        var again = await _core.Judgments.EndorseAsync(_alice, proposal, null, Origins.Ui);

        Assert.Equal(proposal, ErrorOf<JadeError.AlreadyEndorsed>(again).ProposalId);
    }

    [Fact]
    public async Task Endorsing_a_proposal_that_is_not_preferred_warns()
    {
        await ProposeAsync(_alice, false, true);
        var other = await ProposeAsync(_bob, true, false);

        var outcome = (await _core.Judgments.EndorseAsync(_sysop, other, null, Origins.Ui)).OrThrow();

        Assert.Equal([JudgmentWarning.EndorsingNonPreferredProposal], outcome.Warnings);
    }

    [Fact]
    public async Task When_the_preferred_proposal_loses_its_last_endorsement_the_best_supported_one_becomes_preferred_in_one_event()
    {
        var first = await ProposeAsync(_alice, false, true);
        var second = await ProposeAsync(_bob, true, false);
        (await _core.Judgments.EndorseAsync(_sysop, second, null, Origins.Ui)).OrThrow();

        // Alice moves her endorsement: the preferred proposal is left with none, the other has three.
        (await _core.Judgments.EndorseAsync(_alice, second, null, Origins.Ui)).OrThrow();

        var facet = await _core.EditQualityAsync();
        Assert.Equal(second, Assert.Single(facet.Proposals, p => p.Preferred).Id);
        var history = (await _core.Reader.HistoryAsync(CoreHarness.Diff, await _core.ViewerAsync(ActorRef.Anonymous))).Items;
        var automatic = Assert.Single(history, e => e.Type == EventType.PreferenceSet);
        Assert.Null(automatic.Actor);
        Assert.Equal(history[0], automatic); // recorded with the move that caused it, after it
    }

    [Fact]
    public async Task A_withdrawal_that_leaves_two_proposals_equally_supported_prefers_the_older()
    {
        var first = await ProposeAsync(_alice, false, true);
        var second = await ProposeAsync(_bob, true, false);
        var third = await ProposeAsync(_sysop, true, true);

        (await _core.Judgments.DeleteEndorsementAsync(_alice, first, null, null)).OrThrow();

        Assert.Equal(second, Assert.Single((await _core.EditQualityAsync()).Proposals, p => p.Preferred).Id);
        Assert.NotEqual(third, second);
    }

    [Fact]
    public async Task A_preferred_proposal_that_still_has_an_endorsement_stays_preferred_whatever_the_others_have()
    {
        var first = await ProposeAsync(_alice, false, true);
        var second = await ProposeAsync(_bob, true, false);
        (await _core.Judgments.EndorseAsync(_sysop, second, null, Origins.Ui)).OrThrow();

        Assert.Equal(first, Assert.Single((await _core.EditQualityAsync()).Proposals, p => p.Preferred).Id);
    }

    [Fact]
    public async Task When_nobody_endorses_anything_the_preferred_proposal_keeps_its_place()
    {
        var first = await ProposeAsync(_alice, false, true);
        var second = await ProposeAsync(_bob, true, false);
        (await _core.Judgments.DeleteEndorsementAsync(_bob, second, null, null)).OrThrow();

        (await _core.Judgments.DeleteEndorsementAsync(_alice, first, null, null)).OrThrow();

        Assert.Equal(first, Assert.Single((await _core.EditQualityAsync()).Proposals, p => p.Preferred).Id);
    }

    [Fact]
    public async Task Propose_or_endorse_with_new_labels_creates_a_proposal()
    {
        var outcome = (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();

        Assert.Equal(JudgmentOutcomeKind.ProposalCreated, outcome.Kind);
        Assert.Single((await _core.EditQualityAsync()).Proposals);
    }

    [Fact]
    public async Task Propose_or_endorse_with_existing_labels_endorses_them()
    {
        var proposal = await ProposeAsync(_alice, true, false);

        var outcome = (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(true, false))).OrThrow();

        Assert.Equal(JudgmentOutcomeKind.Endorsed, outcome.Kind);
        Assert.Equal(proposal, outcome.ProposalId);
        Assert.Equal(2, Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements.Count);
    }

    [Fact]
    public async Task Propose_or_endorse_moves_the_users_endorsement_from_other_labels()
    {
        await ProposeAsync(_alice, true, false);
        var existing = await ProposeAsync(_bob, false, true);

        var outcome = (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(false, true))).OrThrow();

        Assert.Equal(JudgmentOutcomeKind.EndorsementMoved, outcome.Kind);
        Assert.Equal(existing, outcome.ProposalId);
        var facet = await _core.EditQualityAsync();
        Assert.Equal(2, facet.Proposals.Single(p => p.Id == existing).Endorsements.Count);
    }

    [Fact]
    public async Task Propose_or_endorse_with_labels_the_user_already_endorses_is_refused()
    {
        await ProposeAsync(_alice, true, false);

        var again = await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false));

        ErrorOf<JadeError.AlreadyEndorsed>(again);
    }

    [Fact]
    public async Task Set_preference_flips_the_preferred_proposal()
    {
        var first = await ProposeAsync(_alice, false, true);
        var second = await ProposeAsync(_bob, true, false);

        (await _core.Judgments.SetPreferredAsync(_alice, second)).OrThrow();

        var facet = await _core.EditQualityAsync();
        Assert.Equal(second, facet.Preferred?.Id);
        Assert.False(facet.Proposals.Single(p => p.Id == first).Preferred);
    }

    [Fact]
    public async Task Preferring_the_preferred_proposal_is_no_change()
    {
        var first = await ProposeAsync(_alice, false, true);

        ErrorOf<JadeError.NoChange>(await _core.Judgments.SetPreferredAsync(_alice, first));
    }

    [Fact]
    public async Task Setting_preference_needs_the_setpreferred_right()
    {
        await ProposeAsync(_alice, false, true);
        var second = await ProposeAsync(_bob, true, false);

        var refused = await _core.Judgments.SetPreferredAsync(_bob, second);

        Assert.Equal(Right.SetPreferred, ErrorOf<JadeError.PermissionDenied>(refused).Missing);
        Assert.NotEqual(second, (await _core.EditQualityAsync()).Preferred?.Id);
    }

    [Fact]
    public async Task Deleting_the_sole_proposal_empties_the_facet()
    {
        var proposal = await ProposeAsync(_alice, false, true);

        (await _core.Judgments.DeleteProposalAsync(_alice, proposal, "mistake")).OrThrow();

        Assert.Empty((await _core.EditQualityAsync()).Proposals);
        Assert.Equal(0, await _core.CountAsync(db => ((JadeStudio.Core.Storage.JadeDbContext)db).Endorsements));
    }

    [Fact]
    public async Task Deleting_a_preferred_proposal_that_has_alternatives_is_refused()
    {
        var preferred = await ProposeAsync(_alice, false, true);
        await ProposeAsync(_bob, true, false);

        var refused = await _core.Judgments.DeleteProposalAsync(_sysop, preferred, null);

        Assert.Equal(preferred, ErrorOf<JadeError.ProposalIsPreferred>(refused).ProposalId);
        Assert.Equal(2, (await _core.EditQualityAsync()).Proposals.Count);
    }

    [Fact]
    public async Task Deleting_a_non_preferred_proposal_leaves_the_preferred_one()
    {
        var preferred = await ProposeAsync(_alice, false, true);
        var other = await ProposeAsync(_bob, true, false);

        (await _core.Judgments.DeleteProposalAsync(_bob, other, null)).OrThrow();

        Assert.Equal(preferred, Assert.Single((await _core.EditQualityAsync()).Proposals).Id);
    }

    [Fact]
    public async Task Deleting_a_proposal_others_endorse_needs_editothersjudgments()
    {
        var proposal = await ProposeAsync(_alice, false, true);
        await _core.Judgments.EndorseAsync(_bob, proposal, null, Origins.Ui);

        var refused = await _core.Judgments.DeleteProposalAsync(_alice, proposal, null);
        var bySysop = await _core.Judgments.DeleteProposalAsync(_sysop, proposal, "cleanup");

        Assert.Equal(Right.EditOthersJudgments, ErrorOf<JadeError.PermissionDenied>(refused).Missing);
        Assert.True(bySysop.IsSuccess);
    }

    [Fact]
    public async Task A_user_updates_the_comment_of_their_own_endorsement()
    {
        var proposal = await ProposeAsync(_alice, false, true);

        (await _core.Judgments.UpdateEndorsementCommentAsync(_alice, proposal, null, "on reflection, fine")).OrThrow();

        Assert.Equal("on reflection, fine", Assert.Single(Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements).Comment.Value);
    }

    [Fact]
    public async Task Updating_a_comment_to_the_same_text_is_no_change()
    {
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(false, true, comment: "same"))).OrThrow().ProposalId!.Value;

        ErrorOf<JadeError.NoChange>(await _core.Judgments.UpdateEndorsementCommentAsync(_alice, proposal, null, "same"));
    }

    [Fact]
    public async Task Changing_another_users_endorsement_is_refused_without_the_right()
    {
        var proposal = await ProposeAsync(_alice, false, true);
        var aliceId = (await _core.ViewerAsync(_alice)).UserId;

        var update = await _core.Judgments.UpdateEndorsementCommentAsync(_bob, proposal, aliceId, "vandalised");
        var delete = await _core.Judgments.DeleteEndorsementAsync(_bob, proposal, aliceId, null);

        Assert.Equal(Right.EditOthersJudgments, ErrorOf<JadeError.PermissionDenied>(update).Missing);
        Assert.Equal(Right.EditOthersJudgments, ErrorOf<JadeError.PermissionDenied>(delete).Missing);
        Assert.Null(Assert.Single(Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements).Comment.Value);
    }

    [Fact]
    public async Task A_sysop_may_remove_another_users_endorsement()
    {
        var proposal = await ProposeAsync(_alice, false, true);
        var aliceId = (await _core.ViewerAsync(_alice)).UserId;

        (await _core.Judgments.DeleteEndorsementAsync(_sysop, proposal, aliceId, "sockpuppet")).OrThrow();

        Assert.Empty(Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements);
    }

    /// <summary>
    /// A sysop may change and withdraw others' endorsements by naming their user; an endorsement whose user name is hidden from
    /// the sysop (suppressed there, or a hidden account) answers as if there were none, or trying user after user would tell
    /// whose it is. An oversighter who sees the name may act on it.
    /// </summary>
    [Fact]
    public async Task An_endorsement_whose_user_is_hidden_from_the_caller_cannot_be_found_by_naming_its_user()
    {
        var proposal = await ProposeAsync(_alice, false, true);
        var endorsement = Assert.Single(Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements).Id;
        var aliceId = (await _core.ViewerAsync(_alice)).UserId;
        var oversighter = await _core.UserAsync("Olga", "oversight", "sysop");
        (await _core.Visibility.SetAsync(oversighter, new JadeStudio.Core.Oversight.VisibilityRequest(
            new JadeStudio.Core.Oversight.ItemRef(JadeStudio.Core.Oversight.ItemKind.Endorsement, endorsement), JadeStudio.Core.Oversight.HideableField.User,
            JadeStudio.Core.Visibility.FieldVisibility.Suppressed, "private"))).OrThrow();

        ErrorOf<JadeError.EndorsementNotFound>(await _core.Judgments.UpdateEndorsementCommentAsync(_sysop, proposal, aliceId, "a note", expectedVersion: 99));
        ErrorOf<JadeError.EndorsementNotFound>(await _core.Judgments.DeleteEndorsementAsync(_sysop, proposal, aliceId, "sockpuppet"));
        (await _core.Judgments.UpdateEndorsementCommentAsync(_alice, proposal, null, "still mine")).OrThrow();
        (await _core.Judgments.DeleteEndorsementAsync(oversighter, proposal, aliceId, "sockpuppet")).OrThrow();
        Assert.Empty(Assert.Single((await _core.EditQualityAsync()).Proposals).Endorsements);
    }

    [Fact]
    public async Task A_user_deletes_their_own_endorsement_and_the_proposal_stays()
    {
        var proposal = await ProposeAsync(_alice, false, true);

        (await _core.Judgments.DeleteEndorsementAsync(_alice, proposal, null, null)).OrThrow();

        var remaining = Assert.Single((await _core.EditQualityAsync()).Proposals);
        Assert.Empty(remaining.Endorsements);
        Assert.True(remaining.Preferred);
    }

    [Fact]
    public async Task Deleting_an_endorsement_that_does_not_exist_is_endorsementnotfound()
    {
        var proposal = await ProposeAsync(_alice, false, true);

        ErrorOf<JadeError.EndorsementNotFound>(await _core.Judgments.DeleteEndorsementAsync(_bob, proposal, null, null));
    }

    [Fact]
    public async Task The_author_updates_proposal_notes()
    {
        var proposal = await ProposeAsync(_alice, false, true, "first thoughts");

        (await _core.Judgments.UpdateProposalNotesAsync(_alice, proposal, "better thoughts")).OrThrow();

        Assert.Equal("better thoughts", Assert.Single((await _core.EditQualityAsync()).Proposals).Notes.Value);
    }

    [Fact]
    public async Task Another_user_may_not_change_proposal_notes_but_a_sysop_may()
    {
        var proposal = await ProposeAsync(_alice, false, true, "mine");

        var byBob = await _core.Judgments.UpdateProposalNotesAsync(_bob, proposal, "his");
        var bySysop = await _core.Judgments.UpdateProposalNotesAsync(_sysop, proposal, "cleaned up");

        Assert.Equal(Right.EditOthersJudgments, ErrorOf<JadeError.PermissionDenied>(byBob).Missing);
        Assert.True(bySysop.IsSuccess);
    }

    [Fact]
    public async Task Unchanged_notes_are_no_change()
    {
        var proposal = await ProposeAsync(_alice, false, true, "same");

        ErrorOf<JadeError.NoChange>(await _core.Judgments.UpdateProposalNotesAsync(_alice, proposal, "  same "));
    }

    [Fact]
    public async Task An_unknown_proposal_is_proposalnotfound()
    {
        Assert.Equal(999, ErrorOf<JadeError.ProposalNotFound>(await _core.Judgments.EndorseAsync(_alice, 999, null, Origins.Ui)).ProposalId);
    }

    [Fact]
    public async Task Anonymous_visitors_cannot_judge()
    {
        var refused = await _core.Judgments.ProposeOrEndorseAsync(ActorRef.Anonymous, CoreHarness.Propose(false, true));

        Assert.Equal(Right.Judge, ErrorOf<JadeError.PermissionDenied>(refused).Missing);
    }

    [Fact]
    public async Task Overlong_notes_are_refused_not_truncated()
    {
        var refused = await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(false, true, new string('x', TextLimits.Notes + 1)));

        Assert.Equal("notes", ErrorOf<JadeError.TextTooLong>(refused).Field);
        Assert.Empty((await _core.EditQualityAsync()).Proposals);
    }

    [Fact]
    public async Task A_refused_command_changes_nothing_and_logs_nothing()
    {
        var proposal = await ProposeAsync(_alice, false, true);
        await ProposeAsync(_bob, true, false);
        var eventsBefore = await _core.CountAsync(db => ((JadeStudio.Core.Storage.JadeDbContext)db).Events);

        await _core.Judgments.DeleteProposalAsync(_sysop, proposal, "try");

        Assert.Equal(eventsBefore, await _core.CountAsync(db => ((JadeStudio.Core.Storage.JadeDbContext)db).Events));
        Assert.Equal(2, (await _core.EditQualityAsync()).Proposals.Count);
    }

    [Fact]
    public async Task History_tells_who_changed_what_from_what_to_what_one_line_per_action()
    {
        var good = await ProposeAsync(_alice, false, true, "fine edit");
        await ProposeAsync(_bob, true, false);
        await _core.Judgments.EndorseAsync(_bob, good, null, Origins.Ui);
        await _core.Judgments.SetPreferredAsync(_sysop, (await _core.EditQualityAsync()).Proposals.Single(p => p.Id != good).Id);

        var page = await _core.Reader.HistoryAsync(CoreHarness.Diff, await _core.ViewerAsync(ActorRef.Anonymous));
        var history = ChangeLines.Of(page.Items);

        // A judgment is its proposal and its judge's endorsement: one line each, not two.
        Assert.Equal(
            [(EventType.PreferenceSet, false), (EventType.EndorsementMoved, false), (EventType.EndorsementCreated, true), (EventType.EndorsementCreated, true)],
            history.Select(h => (h.Change.Type, h.IsJudgment)));
        Assert.Equal(6, page.Items.Count);
        var move = history[1];
        Assert.Equal("Bob", move.Change.Actor?.Name);
        var (labels, previous) = JudgmentLabels.OfEvent(_core.Schemas, move.Labelled);
        Assert.Equal([true, false], previous.Select(a => (bool)a.Value.Clr));
        Assert.Equal([false, true], labels.Select(a => (bool)a.Value.Clr));
        Assert.Equal(["fine edit", null], history[^1].Texts.Select(t => t.Value));
        Assert.Equal("Alice", history[^1].Change.Actor?.Name);
    }

    [Fact]
    public async Task Notification_follows_commit_with_the_committed_events()
    {
        var received = new List<StoredEvent>();
        using var _ = _core.Hub.Subscribe(events => { lock (received) { received.AddRange(events); } });

        await ProposeAsync(_alice, false, true);

        await using var db = _core.Database.CreateDbContext();
        var stored = await db.Events.OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.Equal(stored, received.Select(e => e.Seq));
    }
}
