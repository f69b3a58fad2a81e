using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Oversight;

/// <summary>
/// Mass rollback (right <c>rollback</c>): removes the endorsements a user made or changed in a time range,
/// and the proposals of theirs left without any endorsement; undo puts the touched facets back exactly.
/// </summary>
public sealed class RollbackService(CommandWriter writer, ActorLoader actors, WikiCatalog wikis)
{
    /// <summary>
    /// The most endorsements one rollback removes. A rollback is one command, and every other write waits for it:
    /// 100,000 held them for 13–17 s on the benchmark machine, 10,000 for about 2 s. Larger sprees are rolled back
    /// range by range (MediaWiki's Nuke likewise deletes at most 500 pages at once).
    /// </summary>
    public const int MaxEndorsements = 10_000;

    public Task<Result<Rollback>> RollBackAsync(ActorRef actor, RollbackRequest request, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var db = context.Db;
            var who = await actors.RequireAdministratorAsync(db, actor, Right.Rollback, cancellationToken);
            await ValidateAsync(db, request, cancellationToken);
            var (from, to, wiki) = (request.From, request.To, request.Wiki);
            var selected = await db.Endorsements
                .Where(e => e.UserId == request.UserId && e.UpdatedAt >= from && e.UpdatedAt < to)
                .Join(db.Artifacts, e => e.ArtifactId, a => a.Id, (e, a) => new { Endorsement = e, a.Wiki })
                .Where(x => wiki == null || x.Wiki == wiki)
                .Select(x => x.Endorsement)
                .Take(MaxEndorsements + 1)
                .ToListAsync(cancellationToken);
            if (selected.Count is 0 or > MaxEndorsements)
            {
                throw new JadeException(new JadeError.InvalidRollback(selected.Count == 0 ? RollbackProblem.NothingToRollBack : RollbackProblem.TooMany));
            }
            var facets = selected.Select(e => (e.ArtifactId, e.Facet)).ToHashSet();
            var (proposals, endorsements) = await LoadFacetsAsync(db, facets, cancellationToken);
            var before = FacetSnapshot.Of(proposals, endorsements);

            // Counted and grouped once: a rollback may touch ten thousand facets, and a scan of every
            // endorsement per proposal or of every proposal per facet grows with the square of that.
            var selectedIds = selected.Select(e => e.Id).ToHashSet();
            var remaining = endorsements.Where(e => !selectedIds.Contains(e.Id)).ToList();
            var support = remaining.CountBy(e => e.ProposalId).ToDictionary();
            var emptied = proposals.Where(p => p.AuthorId == request.UserId && !support.ContainsKey(p.Id)).ToList();
            db.Endorsements.RemoveRange(selected);
            db.Proposals.RemoveRange(emptied);
            await db.SaveChangesAsync(cancellationToken);
            await ProposalCounts.RecountAsync(db, emptied.Select(p => p.ArtifactId).Distinct().ToList(), cancellationToken);
            var kept = proposals.Except(emptied).ToList();
            var keptByFacet = kept.ToLookup(p => (p.ArtifactId, p.Facet));
            // The facet may have lost its preferred proposal, or all support for it: the same rule as any withdrawal.
            var moves = facets
                .Select(facet => keptByFacet[facet].ToList())
                .Select(facetProposals => (Previous: facetProposals.SingleOrDefault(p => p.Preferred), Next: PreferredRule.Successor(facetProposals, id => support.GetValueOrDefault(id))))
                .Where(move => move.Next is not null)
                .Select(move => (move.Previous, Next: move.Next!))
                .ToList();
            await JudgmentService.MovePreferredAsync(db, moves, context.Now, cancellationToken);
            var newlyPreferred = moves.Select(move => move.Next).ToList();

            var reason = new StoredText { Content = Text.Reasons.Checked(request.Reason)! };
            db.Texts.Add(reason);
            var rollback = new Rollback
            {
                UserId = request.UserId,
                PerformedById = who.UserId!.Value,
                From = from,
                To = to,
                Wiki = wiki,
                PerformedAt = context.Now,
                EndorsementsRemoved = selected.Count,
                ProposalsRemoved = emptied.Count,
                Before = JsonSerializer.Serialize(before),
                After = JsonSerializer.Serialize(FacetSnapshot.Of(kept, remaining)),
            };
            db.Rollbacks.Add(rollback);
            await db.SaveChangesAsync(cancellationToken);
            rollback.ReasonTextId = reason.Id;

            var artifactWikis = await WikisOfAsync(db, facets, cancellationToken);
            var byId = proposals.ToDictionary(p => p.Id);
            foreach (var endorsement in selected)
            {
                var proposal = byId[endorsement.ProposalId];
                context.Emit(LinkedTo(rollback, JudgmentService.EventFor(EventType.EndorsementDeleted, who.UserId, artifactWikis[proposal.ArtifactId], proposal,
                    endorsementId: endorsement.Id, subjectUserId: request.UserId, previousTextId: endorsement.CommentTextId)
                    .KeepingHidden(endorsement.UserId, endorsement.UserVisibility)));
            }
            foreach (var proposal in emptied)
            {
                context.Emit(LinkedTo(rollback, JudgmentService.EventFor(EventType.ProposalDeleted, who.UserId, artifactWikis[proposal.ArtifactId], proposal,
                    subjectUserId: request.UserId, previousTextId: proposal.NotesTextId)));
            }
            foreach (var proposal in newlyPreferred)
            {
                context.Emit(LinkedTo(rollback, JudgmentService.EventFor(EventType.PreferenceSet, who.UserId, artifactWikis[proposal.ArtifactId], proposal,
                    subjectUserId: proposal.AuthorId)));
            }
            context.Emit(new StoredEvent
            {
                Type = EventType.RollbackPerformed,
                ActorId = who.UserId,
                SubjectUserId = request.UserId,
                Wiki = wiki,
                TextId = reason.Id,
                Data = JsonSerializer.Serialize(new { rollbackId = rollback.Id, endorsements = selected.Count, proposals = emptied.Count, from, to }),
            });
            return rollback;
        }, cancellationToken);

    /// <summary>Puts the touched facets back as they were, with the same ids; refused when anyone changed them since.</summary>
    public Task<Result<Rollback>> UndoAsync(ActorRef actor, long rollbackId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var db = context.Db;
            var who = await actors.RequireAdministratorAsync(db, actor, Right.Rollback, cancellationToken);
            var rollback = await db.Rollbacks.SingleOrDefaultAsync(r => r.Id == rollbackId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("rollback"));
            if (rollback.UndoneAt is not null)
            {
                throw new JadeException(new JadeError.InvalidRollback(RollbackProblem.AlreadyUndone));
            }
            var before = JsonSerializer.Deserialize<FacetSnapshot>(rollback.Before)!;
            var after = JsonSerializer.Deserialize<FacetSnapshot>(rollback.After)!;
            var facets = before.Endorsements.Select(e => (e.ArtifactId, e.Facet)).ToHashSet();
            var (proposals, endorsements) = await LoadFacetsAsync(db, facets, cancellationToken);
            if (!FacetSnapshot.Of(proposals, endorsements).SameAs(after))
            {
                throw new JadeException(new JadeError.InvalidRollback(RollbackProblem.ChangedSince));
            }
            var names = await NameVisibilityAsync(db, before, proposals, endorsements, cancellationToken);
            db.Endorsements.RemoveRange(endorsements);
            db.Proposals.RemoveRange(proposals);
            await db.SaveChangesAsync(cancellationToken);
            db.Proposals.AddRange(before.Proposals.Select(p => p.ToEntity(names.Proposals.GetValueOrDefault(p.Id))));
            db.Endorsements.AddRange(before.Endorsements.Select(e => e.ToEntity(names.Endorsements.GetValueOrDefault(e.Id))));
            rollback.UndoneAt = context.Now;
            rollback.UndoneById = who.UserId;
            await db.SaveChangesAsync(cancellationToken);
            await ProposalCounts.RecountAsync(db, facets.Select(f => f.ArtifactId).Distinct().ToList(), cancellationToken);
            var artifactWikis = await WikisOfAsync(db, facets, cancellationToken);
            // On an artifact where the user's name is hidden on what was put back, the entry keeps it hidden.
            var hiddenOn = before.Proposals.Where(p => p.AuthorId == rollback.UserId).Select(p => (p.ArtifactId, Name: names.Proposals.GetValueOrDefault(p.Id)))
                .Concat(before.Endorsements.Where(e => e.UserId == rollback.UserId).Select(e => (e.ArtifactId, Name: names.Endorsements.GetValueOrDefault(e.Id))))
                .GroupBy(x => x.ArtifactId)
                .ToDictionary(g => g.Key, g => g.Max(x => x.Name));
            foreach (var artifactId in facets.Select(f => f.ArtifactId).Distinct())
            {
                context.Emit(LinkedTo(rollback, new StoredEvent
                {
                    Type = EventType.RollbackUndone,
                    ActorId = who.UserId,
                    SubjectUserId = rollback.UserId,
                    Wiki = artifactWikis[artifactId],
                    ArtifactId = artifactId,
                }.KeepingHidden(rollback.UserId, hiddenOn.GetValueOrDefault(artifactId))));
            }
            return rollback;
        }, cancellationToken);

    /// <summary>An entry of the rollback (or its undo) names it by id, except one that keeps a name hidden: the rollback's log entry names its user.</summary>
    private static StoredEvent LinkedTo(Rollback rollback, StoredEvent entry)
    {
        entry.Data = entry.SubjectVisibility == FieldVisibility.Visible ? JsonSerializer.Serialize(new { rollbackId = rollback.Id }) : null;
        return entry;
    }

    private async Task ValidateAsync(JadeDbContext db, RollbackRequest request, CancellationToken cancellationToken)
    {
        Text.Reasons.Checked(request.Reason);
        RollbackProblem? problem =
            UnicodeText.IsBlank(request.Reason) ? RollbackProblem.NoReason
            : request.To <= request.From ? RollbackProblem.EmptyRange
            : request.Wiki is { } wiki && wikis.Find(wiki) is null ? RollbackProblem.UnknownWiki
            : !await db.Users.AnyAsync(u => u.Id == request.UserId, cancellationToken) ? RollbackProblem.UnknownUser
            : null;
        if (problem is { } found)
        {
            throw new JadeException(new JadeError.InvalidRollback(found));
        }
    }

    private static async Task<(List<Proposal> Proposals, List<Endorsement> Endorsements)> LoadFacetsAsync(
        JadeDbContext db, IReadOnlySet<(long ArtifactId, string Facet)> facets, CancellationToken cancellationToken)
    {
        var artifactIds = facets.Select(f => f.ArtifactId).Distinct().ToList();
        var proposals = (await db.Proposals.Where(p => artifactIds.Contains(p.ArtifactId)).ToListAsync(cancellationToken))
            .Where(p => facets.Contains((p.ArtifactId, p.Facet))).ToList();
        var endorsements = (await db.Endorsements.Where(e => artifactIds.Contains(e.ArtifactId)).ToListAsync(cancellationToken))
            .Where(e => facets.Contains((e.ArtifactId, e.Facet))).ToList();
        return (proposals, endorsements);
    }

    /// <summary>Today's name visibility of each row to restore: from the row if it still exists, else from the item's events.</summary>
    private static async Task<(Dictionary<long, FieldVisibility> Proposals, Dictionary<long, FieldVisibility> Endorsements)> NameVisibilityAsync(
        JadeDbContext db, FacetSnapshot before, List<Proposal> current, List<Endorsement> currentEndorsements, CancellationToken cancellationToken)
    {
        var proposalIds = before.Proposals.Select(p => p.Id).ToList();
        var endorsementIds = before.Endorsements.Select(e => e.Id).ToList();
        // Through the artifacts' index: no index leads with a proposal or an endorsement, and their events carry the artifact.
        var artifactIds = before.Proposals.Select(p => p.ArtifactId).Concat(before.Endorsements.Select(e => e.ArtifactId)).Distinct().ToList();
        var onArtifacts = db.Events.Where(e => e.ArtifactId != null && artifactIds.Contains(e.ArtifactId.Value));
        var proposals = await onArtifacts.Where(e => e.Type == EventType.ProposalCreated && e.ProposalId != null && proposalIds.Contains(e.ProposalId.Value))
            .ToDictionaryAsync(e => e.ProposalId!.Value, e => e.ActorVisibility, cancellationToken);
        var endorsements = await onArtifacts.Where(e => e.Type == EventType.EndorsementCreated && e.EndorsementId != null && endorsementIds.Contains(e.EndorsementId.Value))
            .ToDictionaryAsync(e => e.EndorsementId!.Value, e => e.ActorVisibility, cancellationToken);
        foreach (var proposal in current)
        {
            proposals[proposal.Id] = proposal.AuthorVisibility;
        }
        foreach (var endorsement in currentEndorsements)
        {
            endorsements[endorsement.Id] = endorsement.UserVisibility;
        }
        return (proposals, endorsements);
    }

    private static async Task<Dictionary<long, string>> WikisOfAsync(JadeDbContext db, IReadOnlySet<(long ArtifactId, string Facet)> facets, CancellationToken cancellationToken)
    {
        var ids = facets.Select(f => f.ArtifactId).Distinct().ToList();
        return await db.Artifacts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Wiki, cancellationToken);
    }
}
