using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Text;

namespace JadeStudio.Core.Judgments;

/// <summary>
/// JADE's judgment operations. Each runs as one command in the writer: rights, then blocks, then
/// validation, then the change and its events in one transaction (DESIGN.md §4).
/// </summary>
public sealed class JudgmentService(CommandWriter writer, ActorLoader actors, SchemaCatalog schemas, WikiCatalog wikis, AbuseFilters.AbuseFilterService? filters = null)
{
    /// <summary>Screens a free text with the abuse filters, inside the command that saves it.</summary>
    private Task ScreenAsync(CommandContext context, Actor who, AbuseFilters.TextAction action, ArtifactKey artifact, string? text, CancellationToken cancellationToken) =>
        text is null || filters is null ? Task.CompletedTask : filters.ScreenAsync(context, who, new AbuseFilters.FilterInput(action, artifact.Wiki, artifact.ToString(), text), cancellationToken);

    /// <summary>A command whose texts were screened (also another service's that judges within it): a filter's refusal is logged, then answered.</summary>
    internal Task<Result<T>> Screened<T>(Task<Result<T>> running) => filters is null ? running : filters.GuardAsync(running);

    /// <summary>Creates a new proposal and endorses it; refuses if the same labels are already proposed.</summary>
    public Task<Result<JudgmentOutcome>> CreateAndEndorseAsync(ActorRef actor, ProposeRequest request, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(context => ProposeAsync(context, actor, request, endorseExisting: false, cancellationToken), cancellationToken));

    /// <summary>Endorses the proposal with these labels, creating it first if nobody proposed them yet.</summary>
    public Task<Result<JudgmentOutcome>> ProposeOrEndorseAsync(ActorRef actor, ProposeRequest request, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(context => ProposeAsync(context, actor, request, endorseExisting: true, cancellationToken), cancellationToken));

    /// <summary>Endorses a proposal, moving the user's endorsement in that facet if they had one.</summary>
    public Task<Result<JudgmentOutcome>> EndorseAsync(ActorRef actor, long proposalId, string? comment, string origin, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(async context =>
        {
            var who = await RequireRightAsync(context, actor, Right.Judge, cancellationToken);
            var (proposal, artifact) = await FindProposalAsync(context, proposalId, cancellationToken);
            ActorLoader.Require(who, Right.Judge, BlockAction.Judge, TargetOf(artifact));
            var cleanComment = TextField.Optional(comment, "comment", TextLimits.Comment);
            await ScreenAsync(context, who, AbuseFilters.TextAction.EndorsementComment, artifact.Key, cleanComment, cancellationToken);
            return await PlaceEndorsementAsync(context, who.UserId!.Value, artifact, proposal, StageText(context, cleanComment), origin, cancellationToken);
        }, cancellationToken));

    /// <summary>Changes the comment of an endorsement: one's own, or anyone's with editothersjudgments.</summary>
    public Task<Result<JudgmentOutcome>> UpdateEndorsementCommentAsync(ActorRef actor, long proposalId, long? endorserId, string? comment, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(async context =>
        {
            var (who, proposal, artifact, endorsement) = await FindEndorsementAsync(context, actor, proposalId, endorserId, cancellationToken);
            RequireVersion(endorsement.Version, expectedVersion);
            var newComment = TextField.Optional(comment, "comment", TextLimits.Comment);
            await ScreenAsync(context, who, AbuseFilters.TextAction.EndorsementComment, artifact.Key, newComment, cancellationToken);
            var oldComment = endorsement.CommentTextId is { } oldId ? (await context.Db.Texts.FindAsync([oldId], cancellationToken))?.Content : null;
            if (oldComment == newComment)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            var previousTextId = endorsement.CommentTextId;
            endorsement.CommentTextId = await AddTextAsync(context, newComment, cancellationToken);
            await IndexCommentAsync(context, endorsement.CommentTextId, newComment, artifact, endorsement.UserId, cancellationToken);
            endorsement.UpdatedAt = context.Now;
            endorsement.Version++;
            context.Emit(EventFor(EventType.EndorsementCommentUpdated, who.UserId, artifact, proposal, endorsementId: endorsement.Id, subjectUserId: endorsement.UserId, textId: endorsement.CommentTextId, previousTextId: previousTextId)
                .KeepingHidden(endorsement.UserId, endorsement.UserVisibility));
            return new JudgmentOutcome(JudgmentOutcomeKind.Updated, artifact.Id, proposal.Id, endorsement.Id, []);
        }, cancellationToken));

    /// <summary>Withdraws an endorsement: one's own, or anyone's with editothersjudgments.</summary>
    public Task<Result<JudgmentOutcome>> DeleteEndorsementAsync(ActorRef actor, long proposalId, long? endorserId, string? reason, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var (who, proposal, artifact, endorsement) = await FindEndorsementAsync(context, actor, proposalId, endorserId, cancellationToken);
            RequireVersion(endorsement.Version, expectedVersion);
            var reasonTextId = await AddTextAsync(context, TextField.Optional(reason, "reason", TextLimits.Comment), cancellationToken);
            context.Db.Endorsements.Remove(endorsement);
            context.Emit(EventFor(EventType.EndorsementDeleted, who.UserId, artifact, proposal, endorsementId: endorsement.Id, subjectUserId: endorsement.UserId, textId: reasonTextId, previousTextId: endorsement.CommentTextId)
                .KeepingHidden(endorsement.UserId, endorsement.UserVisibility));
            await PreferredFollowsSupportAsync(context, artifact, proposal.Facet, cancellationToken);
            return new JudgmentOutcome(JudgmentOutcomeKind.Deleted, artifact.Id, proposal.Id, endorsement.Id, []);
        }, cancellationToken);

    /// <summary>Changes a proposal's notes: the author's own, or anyone's with editothersjudgments.</summary>
    public Task<Result<JudgmentOutcome>> UpdateProposalNotesAsync(ActorRef actor, long proposalId, string? notes, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(async context =>
        {
            var who = await RequireRightAsync(context, actor, Right.Judge, cancellationToken);
            var (proposal, artifact) = await FindProposalAsync(context, proposalId, cancellationToken);
            if (proposal.AuthorId != who.UserId)
            {
                ActorLoader.Require(who, Right.EditOthersJudgments, null, BlockTarget.Site);
            }
            ActorLoader.Require(who, Right.Judge, BlockAction.Judge, TargetOf(artifact));
            RequireVersion(proposal.Version, expectedVersion);
            var newNotes = TextField.Optional(notes, "notes", TextLimits.Notes);
            await ScreenAsync(context, who, AbuseFilters.TextAction.ProposalNotes, artifact.Key, newNotes, cancellationToken);
            var oldNotes = proposal.NotesTextId is { } oldId ? (await context.Db.Texts.FindAsync([oldId], cancellationToken))?.Content : null;
            if (oldNotes == newNotes)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            var previousTextId = proposal.NotesTextId;
            proposal.NotesTextId = await AddTextAsync(context, newNotes, cancellationToken);
            proposal.UpdatedAt = context.Now;
            proposal.Version++;
            if (newNotes is not null)
            {
                await Discussions.SearchIndex.AddAsync(context, proposal.NotesTextId!.Value, newNotes, Discussions.SearchableKind.Notes, artifact.Wiki, who.UserId!.Value, artifact.Id, cancellationToken);
            }
            context.Emit(EventFor(EventType.ProposalNotesUpdated, who.UserId, artifact, proposal, textId: proposal.NotesTextId, previousTextId: previousTextId, subjectUserId: proposal.AuthorId));
            return new JudgmentOutcome(JudgmentOutcomeKind.Updated, artifact.Id, proposal.Id, null, []);
        }, cancellationToken));

    /// <summary>
    /// Deletes a proposal and its endorsements. A preferred proposal cannot go while others exist
    /// (set another preferred first). Removing other people's proposal or endorsements needs editothersjudgments.
    /// </summary>
    public Task<Result<JudgmentOutcome>> DeleteProposalAsync(ActorRef actor, long proposalId, string? reason, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await RequireRightAsync(context, actor, Right.Judge, cancellationToken);
            var (proposal, artifact) = await FindProposalAsync(context, proposalId, cancellationToken);
            var endorsements = await context.Db.Endorsements.Where(e => e.ProposalId == proposal.Id).ToListAsync(cancellationToken);
            if (proposal.AuthorId != who.UserId || endorsements.Any(e => e.UserId != who.UserId))
            {
                ActorLoader.Require(who, Right.EditOthersJudgments, null, BlockTarget.Site);
            }
            ActorLoader.Require(who, Right.Judge, BlockAction.Judge, TargetOf(artifact));
            RequireVersion(proposal.Version, expectedVersion);
            if (proposal.Preferred && await context.Db.Proposals.AnyAsync(p => p.ArtifactId == artifact.Id && p.Facet == proposal.Facet && p.Id != proposal.Id, cancellationToken))
            {
                throw new JadeException(new JadeError.ProposalIsPreferred(proposal.Id));
            }
            var reasonTextId = await AddTextAsync(context, TextField.Optional(reason, "reason", TextLimits.Comment), cancellationToken);
            context.Db.Endorsements.RemoveRange(endorsements);
            context.Db.Proposals.Remove(proposal);
            await context.Db.SaveChangesAsync(cancellationToken);
            await ProposalCounts.RecountAsync(context.Db, [artifact.Id], cancellationToken);
            context.Emit(EventFor(EventType.ProposalDeleted, who.UserId, artifact, proposal, textId: reasonTextId, previousTextId: proposal.NotesTextId, subjectUserId: proposal.AuthorId, data: $"{{\"endorsements\":{endorsements.Count}}}"));
            return new JudgmentOutcome(JudgmentOutcomeKind.Deleted, artifact.Id, proposal.Id, null, []);
        }, cancellationToken);

    /// <summary>Makes a proposal the preferred one of its facet (right setpreferred).</summary>
    public Task<Result<JudgmentOutcome>> SetPreferredAsync(ActorRef actor, long proposalId, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await RequireRightAsync(context, actor, Right.SetPreferred, cancellationToken);
            var (proposal, artifact) = await FindProposalAsync(context, proposalId, cancellationToken);
            ActorLoader.Require(who, Right.SetPreferred, BlockAction.Judge, TargetOf(artifact));
            RequireVersion(proposal.Version, expectedVersion);
            if (proposal.Preferred)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            var previous = await context.Db.Proposals.SingleOrDefaultAsync(p => p.ArtifactId == artifact.Id && p.Facet == proposal.Facet && p.Preferred, cancellationToken);
            await MovePreferredAsync(context.Db, previous, proposal, context.Now, cancellationToken);
            context.Emit(EventFor(EventType.PreferenceSet, who.UserId, artifact, proposal, previousLabelData: previous?.LabelData));
            return new JudgmentOutcome(JudgmentOutcomeKind.PreferenceSet, artifact.Id, proposal.Id, null, []);
        }, cancellationToken);

    /// <summary>The id of the proposal with these labels, for callers that address proposals as JADE did.</summary>
    public async Task<long?> FindProposalIdAsync(Storage.JadeDbContext db, ArtifactKey key, string facet, string canonicalLabelData, CancellationToken cancellationToken = default) =>
        await db.Proposals.Where(p => p.Facet == facet && p.LabelData == canonicalLabelData)
            .Join(db.Artifacts.Where(a => a.Wiki == key.Wiki && a.Type == key.Type && a.RevId == key.RevId), p => p.ArtifactId, a => a.Id, (p, _) => (long?)p.Id)
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Propose-or-endorse as part of a larger command (a campaign label writes its judgment in the same
    /// transaction). Returns null when the user already endorses exactly these labels.
    /// </summary>
    internal async Task<JudgmentOutcome?> ProposeOrEndorseWithinAsync(CommandContext context, ActorRef actor, ProposeRequest request, CancellationToken cancellationToken)
    {
        var (facet, labelData) = ValidateLabels(request.Artifact, request.Facet, request.LabelData);
        var already = await context.Db.Endorsements
            .Join(context.Db.Proposals, e => e.ProposalId, p => p.Id, (e, p) => new { e.UserId, e.Facet, p.LabelData, p.ArtifactId })
            .Join(context.Db.Artifacts, x => x.ArtifactId, a => a.Id, (x, a) => new { x.UserId, x.Facet, x.LabelData, a.Wiki, a.Type, a.RevId })
            .AnyAsync(x => x.UserId == actor.UserId && x.Facet == facet.Id && x.LabelData == labelData
                && x.Wiki == request.Artifact.Wiki && x.Type == request.Artifact.Type && x.RevId == request.Artifact.RevId, cancellationToken);
        return already ? null : await ProposeAsync(context, actor, request, endorseExisting: true, cancellationToken);
    }

    private async Task<JudgmentOutcome> ProposeAsync(CommandContext context, ActorRef actor, ProposeRequest request, bool endorseExisting, CancellationToken cancellationToken)
    {
        var who = await RequireRightAsync(context, actor, Right.Judge, cancellationToken);
        ActorLoader.Require(who, Right.Judge, BlockAction.Judge, new BlockTarget(request.Artifact.Wiki, request.Artifact.ToString()));
        var (facet, labelData) = ValidateLabels(request.Artifact, request.Facet, request.LabelData);
        var notes = TextField.Optional(request.Notes, "notes", TextLimits.Notes);
        var comment = TextField.Optional(request.EndorsementComment, "comment", TextLimits.Comment);
        await ScreenAsync(context, who, AbuseFilters.TextAction.ProposalNotes, request.Artifact, notes, cancellationToken);
        await ScreenAsync(context, who, AbuseFilters.TextAction.EndorsementComment, request.Artifact, comment, cancellationToken);

        // The texts depend on no other row: staged first, they are written in the same statement batch as the artifact of a
        // new edit (or, for a known edit, as the proposal) instead of in round trips of their own.
        var commentText = StageText(context, comment);
        var notesText = StageText(context, notes);
        // A new artifact gets this judgment's proposal, and is stored with it counted.
        var (artifact, created) = await EnsureArtifactAsync(context, request.Artifact, cancellationToken, proposalsIfNew: 1);
        // A new artifact has no proposals and no endorsements yet: nothing to look up (most judgments are of new edits).
        var facetProposals = created ? [] : await ProposalsOfFacet.For(context.Db)(context.Db, artifact.Id, facet.Id).ToListAsync(cancellationToken);
        if (facetProposals.FirstOrDefault(p => p.LabelData == labelData) is { } existing)
        {
            // The notes were for a new proposal: a known artifact saved nothing yet, so they are dropped unwritten.
            Unstage(context, notesText);
            return endorseExisting
                ? await PlaceEndorsementAsync(context, who.UserId!.Value, artifact, existing, commentText, request.Origin, cancellationToken)
                : throw new JadeException(new JadeError.ProposalExists(existing.Id));
        }

        var facetIsEmpty = facetProposals.Count == 0;
        var proposal = new Proposal
        {
            ArtifactId = artifact.Id,
            Facet = facet.Id,
            LabelData = labelData,
            NotesTextId = await SavedIdAsync(context, notesText, cancellationToken),
            AuthorId = who.UserId!.Value,
            Preferred = facetIsEmpty, // the first proposal of a facet is preferred
            CreatedAt = context.Now,
            UpdatedAt = context.Now,
        };
        context.Db.Proposals.Add(proposal);
        await context.Db.SaveChangesAsync(cancellationToken);
        if (!created)
        {
            await ProposalCounts.RecountAsync(context.Db, [artifact.Id], cancellationToken);
        }
        if (notes is not null)
        {
            await Discussions.SearchIndex.AddAsync(context, proposal.NotesTextId!.Value, notes, Discussions.SearchableKind.Notes, artifact.Wiki, proposal.AuthorId, artifact.Id, cancellationToken);
        }
        context.Emit(EventFor(EventType.ProposalCreated, who.UserId, artifact, proposal, textId: proposal.NotesTextId));

        var endorsed = await PlaceEndorsementAsync(context, who.UserId.Value, artifact, proposal, commentText, request.Origin, cancellationToken, artifactIsNew: created);
        return endorsed with { Kind = JudgmentOutcomeKind.ProposalCreated, Warnings = [] };
    }

    /// <param name="commentText">The comment, staged by <see cref="StageText"/> or already saved.</param>
    private async Task<JudgmentOutcome> PlaceEndorsementAsync(CommandContext context, long userId, Artifact artifact, Proposal proposal, StoredText? commentText, string origin, CancellationToken cancellationToken,
        bool artifactIsNew = false)
    {
        var current = artifactIsNew ? null : await EndorsementOf.For(context.Db)(context.Db, artifact.Id, proposal.Facet, userId, cancellationToken);
        var warnings = proposal.Preferred ? Array.Empty<JudgmentWarning>() : [JudgmentWarning.EndorsingNonPreferredProposal];
        var commentTextId = await SavedIdAsync(context, commentText, cancellationToken);
        await IndexCommentAsync(context, commentTextId, commentText?.Content, artifact, userId, cancellationToken);
        if (current is null)
        {
            var endorsement = new Endorsement
            {
                ProposalId = proposal.Id,
                ArtifactId = artifact.Id,
                Facet = proposal.Facet,
                UserId = userId,
                CommentTextId = commentTextId,
                Origin = origin,
                CreatedAt = context.Now,
                UpdatedAt = context.Now,
            };
            context.Db.Endorsements.Add(endorsement);
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Emit(EventFor(EventType.EndorsementCreated, userId, artifact, proposal, endorsementId: endorsement.Id, textId: commentTextId, data: OriginData(origin)));
            return new JudgmentOutcome(JudgmentOutcomeKind.Endorsed, artifact.Id, proposal.Id, endorsement.Id, warnings);
        }
        if (current.ProposalId == proposal.Id)
        {
            throw new JadeException(new JadeError.AlreadyEndorsed(proposal.Id));
        }

        var from = await context.Db.Proposals.SingleAsync(p => p.Id == current.ProposalId, cancellationToken);
        current.ProposalId = proposal.Id;
        current.CommentTextId = commentTextId;
        current.Origin = origin;
        current.UpdatedAt = context.Now;
        current.Version++;
        context.Emit(EventFor(EventType.EndorsementMoved, userId, artifact, proposal, endorsementId: current.Id, textId: commentTextId, previousLabelData: from.LabelData, data: OriginData(origin))
            .KeepingHidden(current.UserId, current.UserVisibility));
        await PreferredFollowsSupportAsync(context, artifact, proposal.Facet, cancellationToken);
        return new JudgmentOutcome(JudgmentOutcomeKind.EndorsementMoved, artifact.Id, proposal.Id, current.Id, warnings);
    }

    private static async Task IndexCommentAsync(CommandContext context, long? textId, string? comment, Artifact artifact, long userId, CancellationToken cancellationToken)
    {
        if (textId is { } id && comment is not null)
        {
            await Discussions.SearchIndex.AddAsync(context, id, comment, Discussions.SearchableKind.EndorsementComment, artifact.Wiki, userId, artifact.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Applies <see cref="PreferredRule"/> after an endorsement left a proposal: the change is one
    /// PreferenceSet event by nobody, marked automatic, in the same transaction.
    /// </summary>
    private static async Task PreferredFollowsSupportAsync(CommandContext context, Artifact artifact, string facet, CancellationToken cancellationToken)
    {
        await context.Db.SaveChangesAsync(cancellationToken);
        var proposals = await context.Db.Proposals.Where(p => p.ArtifactId == artifact.Id && p.Facet == facet).ToListAsync(cancellationToken);
        var support = await context.Db.Endorsements.Where(e => e.ArtifactId == artifact.Id && e.Facet == facet)
            .GroupBy(e => e.ProposalId).Select(g => new { ProposalId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ProposalId, x => x.Count, cancellationToken);
        if (PreferredRule.Successor(proposals, id => support.GetValueOrDefault(id)) is not { } successor)
        {
            return;
        }
        var previous = proposals.SingleOrDefault(p => p.Preferred);
        await MovePreferredAsync(context.Db, previous, successor, context.Now, cancellationToken);
        context.Emit(EventFor(EventType.PreferenceSet, null, artifact, successor, previousLabelData: previous?.LabelData, data: AutomaticData));
    }

    /// <summary>
    /// Moves the preferred flag of a facet. The old flag is cleared and saved first: the unique partial index
    /// allows one preferred row at any moment.
    /// </summary>
    internal static Task MovePreferredAsync(Storage.JadeDbContext db, Proposal? previous, Proposal next, DateTimeOffset now, CancellationToken cancellationToken) =>
        MovePreferredAsync(db, [(previous, next)], now, cancellationToken);

    /// <summary>
    /// Each facet's preferred proposal moves from Previous to Next. The previous ones are saved first, all in one save
    /// (a facet holds one preferred proposal at any moment, which the store's unique index checks row by row).
    /// </summary>
    internal static async Task MovePreferredAsync(Storage.JadeDbContext db, IReadOnlyList<(Proposal? Previous, Proposal Next)> moves, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = moves.Select(move => move.Previous).OfType<Proposal>().ToList();
        foreach (var proposal in previous)
        {
            proposal.Preferred = false;
            proposal.Version++;
            proposal.UpdatedAt = now;
        }
        if (previous.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var (_, next) in moves)
        {
            next.Preferred = true;
            next.Version++;
            next.UpdatedAt = now;
        }
    }

    private const string AutomaticData = """{"automatic":true}""";

    private async Task<(Actor Who, Proposal Proposal, Artifact Artifact, Endorsement Endorsement)> FindEndorsementAsync(
        CommandContext context, ActorRef actor, long proposalId, long? endorserId, CancellationToken cancellationToken)
    {
        var who = await RequireRightAsync(context, actor, Right.Judge, cancellationToken);
        var (proposal, artifact) = await FindProposalAsync(context, proposalId, cancellationToken);
        var endorser = endorserId ?? who.UserId!.Value;
        if (endorser != who.UserId)
        {
            ActorLoader.Require(who, Right.EditOthersJudgments, null, BlockTarget.Site);
        }
        ActorLoader.Require(who, Right.Judge, BlockAction.Judge, TargetOf(artifact));
        var endorsement = await context.Db.Endorsements.SingleOrDefaultAsync(e => e.ProposalId == proposal.Id && e.UserId == endorser, cancellationToken)
            ?? throw new JadeException(new JadeError.EndorsementNotFound(proposal.Id, endorser));
        // Someone else's endorsement named by its user: if the caller may not see that name on it (hidden there, or the whole
        // account), it answers as if there were none. Otherwise trying user after user would tell whose it is.
        if (endorser != who.UserId)
        {
            var accountHidden = await context.Db.Users.Where(u => u.Id == endorser).Select(u => u.Hidden).SingleAsync(cancellationToken);
            if (Redaction.User(endorser, "", endorsement.UserVisibility, accountHidden, who.Rights).Hidden)
            {
                throw new JadeException(new JadeError.EndorsementNotFound(proposal.Id, endorser));
            }
        }
        return (who, proposal, artifact, endorsement);
    }

    /// <summary>Optimistic concurrency: refuse when the caller saw an older version (API If-Match).</summary>
    private static void RequireVersion(int current, int? expected)
    {
        if (expected is { } seen && seen != current)
        {
            throw new JadeException(new JadeError.EditConflict(current.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private async Task<Actor> RequireRightAsync(CommandContext context, ActorRef actor, Right right, CancellationToken cancellationToken)
    {
        var who = await actors.LoadAsync(context.Db, actor, cancellationToken);
        ActorLoader.Require(who, right, null, BlockTarget.Site);
        return who;
    }

    /// <summary>The proposal and its artifact, read after locking the artifact (see <see cref="EnsureArtifactAsync"/>).</summary>
    private static async Task<(Proposal, Artifact)> FindProposalAsync(CommandContext context, long proposalId, CancellationToken cancellationToken)
    {
        var artifactId = await context.Db.Proposals.Where(p => p.Id == proposalId).Select(p => (long?)p.ArtifactId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new JadeException(new JadeError.ProposalNotFound(proposalId));
        await context.LockAsync(LockedRow.Artifact, artifactId, cancellationToken);
        // Read under the lock: another node may have deleted or changed the proposal meanwhile.
        var proposal = await context.Db.Proposals.SingleOrDefaultAsync(p => p.Id == proposalId, cancellationToken)
            ?? throw new JadeException(new JadeError.ProposalNotFound(proposalId));
        var artifact = await context.Db.Artifacts.SingleAsync(a => a.Id == proposal.ArtifactId, cancellationToken);
        return (proposal, artifact);
    }

    internal (Facet Facet, string LabelData) ValidateLabels(ArtifactKey key, string facetId, string labelData)
    {
        var wiki = wikis.Find(key.Wiki) ?? throw new JadeException(new JadeError.InvalidArtifactId(ArtifactKeyProblem.UnknownWiki));
        var facet = schemas.FindFacet(facetId) ?? throw new JadeException(new JadeError.IllegalSchema(facetId, IllegalSchemaReason.UnknownFacet));
        if (facet.EntityType != key.Type)
        {
            throw new JadeException(new JadeError.IllegalSchema(facetId, IllegalSchemaReason.NotForArtifactType));
        }
        if (!wiki.Facets.Contains(facet.Id))
        {
            throw new JadeException(new JadeError.IllegalSchema(facetId, IllegalSchemaReason.NotOnWiki));
        }
        return (facet, LabelData.Validate(facet, wiki.Id, labelData).OrThrow());
    }

    /// <summary>
    /// The artifact (created when new), locked until the batch commits: every change to an artifact's judgments runs after
    /// this, so the JADE rules (one proposal per label set, one endorsement per user and facet, exactly one preferred) are
    /// checked against what other nodes committed, never against a snapshot they are changing. Two nodes creating the same
    /// artifact at once: the second meets the unique index and its command runs again, finding the artifact.
    /// </summary>
    /// <param name="proposalsIfNew">How many proposals the command adds to the artifact when it creates it (its count, stored with it).</param>
    internal static async Task<(Artifact Artifact, bool Created)> EnsureArtifactAsync(CommandContext context, ArtifactKey key, CancellationToken cancellationToken, int proposalsIfNew = 0)
    {
        var artifact = await context.Db.Artifacts.SingleOrDefaultAsync(a => a.Wiki == key.Wiki && a.Type == key.Type && a.RevId == key.RevId, cancellationToken);
        var created = artifact is null;
        if (artifact is null)
        {
            artifact = new Artifact { Wiki = key.Wiki, Type = key.Type, RevId = key.RevId, CreatedAt = context.Now, ProposalCount = proposalsIfNew };
            context.Db.Artifacts.Add(artifact);
            await context.Db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            // A row this transaction inserted is locked already: no other transaction sees it before the commit.
            await context.LockAsync(LockedRow.Artifact, artifact.Id, cancellationToken);
        }
        return (artifact, created);
    }

    // The judgment commands' own lookups, compiled once per model.
    private static readonly CompiledPerModel<Func<JadeDbContext, long, string, IAsyncEnumerable<Proposal>>> ProposalsOfFacet =
        new(() => EF.CompileAsyncQuery((JadeDbContext db, long artifactId, string facet) => db.Proposals.Where(p => p.ArtifactId == artifactId && p.Facet == facet)));

    private static readonly CompiledPerModel<Func<JadeDbContext, long, string, long, CancellationToken, Task<Endorsement?>>> EndorsementOf =
        new(() => EF.CompileAsyncQuery((JadeDbContext db, long artifactId, string facet, long userId, CancellationToken _) =>
            db.Endorsements.SingleOrDefault(e => e.ArtifactId == artifactId && e.Facet == facet && e.UserId == userId)));

    /// <summary>A text to be written with the command's next save; null for no text.</summary>
    private static StoredText? StageText(CommandContext context, string? content)
    {
        if (content is null)
        {
            return null;
        }
        var text = new StoredText { Content = content };
        context.Db.Texts.Add(text);
        return text;
    }

    private static void Unstage(CommandContext context, StoredText? staged)
    {
        if (staged is not null)
        {
            context.Db.Entry(staged).State = EntityState.Detached;
        }
    }

    /// <summary>The text's id, saving it first (with whatever else the command has staged) when it is not written yet.</summary>
    private static async Task<long?> SavedIdAsync(CommandContext context, StoredText? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return null;
        }
        if (context.Db.Entry(text).State == EntityState.Added)
        {
            await context.Db.SaveChangesAsync(cancellationToken);
        }
        return text.Id;
    }

    /// <summary>Writes the text now (null for no text): for a text whose id is needed at once.</summary>
    private static Task<long?> AddTextAsync(CommandContext context, string? content, CancellationToken cancellationToken) =>
        SavedIdAsync(context, StageText(context, content), cancellationToken);

    private static BlockTarget TargetOf(Artifact artifact) => new(artifact.Wiki, artifact.Key.ToString());

    private static StoredEvent EventFor(
        EventType type, long? actorId, Artifact artifact, Proposal proposal,
        long? endorsementId = null, long? subjectUserId = null, long? textId = null, long? previousTextId = null,
        string? previousLabelData = null, string? data = null) =>
        EventFor(type, actorId, artifact.Wiki, proposal, endorsementId, subjectUserId, textId, previousTextId, previousLabelData, data);

    /// <summary>
    /// An event about a proposal (and maybe one of its endorsements); also used by mass rollback. Where the proposal's
    /// author name is hidden, it stays hidden on the event, as on the proposal's events when it was hidden
    /// (<see cref="Oversight.ItemFields"/>); the caller does the same for an endorsement's (<see cref="StoredEvent.KeepingHidden"/>).
    /// </summary>
    internal static StoredEvent EventFor(
        EventType type, long? actorId, string wiki, Proposal proposal,
        long? endorsementId = null, long? subjectUserId = null, long? textId = null, long? previousTextId = null,
        string? previousLabelData = null, string? data = null) => new StoredEvent
        {
            Type = type,
            ActorId = actorId,
            Wiki = wiki,
            ArtifactId = proposal.ArtifactId,
            Facet = proposal.Facet,
            ProposalId = proposal.Id,
            LabelData = proposal.LabelData,
            EndorsementId = endorsementId,
            SubjectUserId = subjectUserId,
            TextId = textId,
            PreviousTextId = previousTextId,
            PreviousLabelData = previousLabelData,
            Data = data,
        }.KeepingHidden(proposal.AuthorId, proposal.AuthorVisibility);

    private static string OriginData(string origin) => System.Text.Json.JsonSerializer.Serialize(new { origin });
}
