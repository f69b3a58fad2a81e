using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Oversight;

public enum OversightRequestStatus
{
    Open,
    Handled,
    Declined,
}

/// <summary>A signed-in user's flag on a field ("this comment contains someone's address"), for oversighters to act on.</summary>
public sealed class OversightRequest
{
    public long Id { get; set; }
    public long RequesterId { get; set; }
    public long ArtifactId { get; set; }
    public ItemKind Kind { get; set; }
    public long ItemId { get; set; }
    public HideableField Field { get; set; }
    public long ReasonTextId { get; set; }
    public OversightRequestStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public long? ClosedById { get; set; }
}

/// <summary>An open request as an oversighter sees it in the queue: what, where, who asked and why, and the field as they may see it.</summary>
public sealed record QueuedRequest(long Id, ArtifactKey Artifact, ItemRef Item, HideableField Field, RedactedUser Requester, string Reason, RedactedText Text, RedactedUser Author, FieldVisibility Level, DateTimeOffset CreatedAt);

/// <summary>A request as its requester sees it: they learn only whether it is still open ("handled" covers declined too).</summary>
public sealed record OwnRequest(long Id, ArtifactKey Artifact, ItemRef Item, HideableField Field, string Reason, bool Open, DateTimeOffset CreatedAt);

public sealed class OversightRequestService(CommandWriter writer, ActorLoader actors, VisibilityService visibility)
{
    /// <summary>Flags a field for oversight. Asking again about the same field while the first request is open changes nothing.</summary>
    public Task<Result<long>> RequestAsync(ActorRef actor, ItemRef item, HideableField field, string reason, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var db = context.Db;
            var who = await actors.LoadAsync(db, actor, cancellationToken);
            // Any signed-in user, blocked or not and whatever their rights: someone blocked may still need their
            // own address taken down (MediaWiki lets blocked users reach oversighters too). Anonymous visitors
            // are refused as missing the most basic right a signed-in user has.
            if (who.UserId is not { } requester)
            {
                throw new JadeException(new JadeError.PermissionDenied(Right.Comment));
            }
            if (UnicodeText.IsBlank(reason))
            {
                throw new JadeException(new JadeError.EmptyText("reason"));
            }
            Text.Reasons.Checked(reason);
            var fields = await ItemFields.LoadAsync(db, item, cancellationToken);
            if (field == HideableField.Text && fields.TextIds.Count == 0)
            {
                throw new JadeException(new JadeError.InvalidVisibility(VisibilityProblem.NoText));
            }
            var existing = await db.OversightRequests.SingleOrDefaultAsync(r => r.RequesterId == requester && r.Kind == item.Kind && r.ItemId == item.Id
                && r.Field == field && r.Status == OversightRequestStatus.Open, cancellationToken);
            if (existing is not null)
            {
                return existing.Id;
            }
            var text = new StoredText { Content = Text.Reasons.Checked(reason)! };
            db.Texts.Add(text);
            await db.SaveChangesAsync(cancellationToken);
            var request = new OversightRequest
            {
                RequesterId = requester,
                ArtifactId = fields.ArtifactId,
                Kind = item.Kind,
                ItemId = item.Id,
                Field = field,
                ReasonTextId = text.Id,
                Status = OversightRequestStatus.Open,
                CreatedAt = context.Now,
            };
            db.OversightRequests.Add(request);
            await db.SaveChangesAsync(cancellationToken);
            // Where someone asked for oversight is itself sensitive: only suppression-log readers see this entry.
            context.Emit(new StoredEvent
            {
                Type = EventType.OversightRequested,
                Audience = EventAudience.SuppressionLog,
                ActorId = requester,
                Wiki = fields.Wiki,
                ArtifactId = fields.ArtifactId,
                TextId = text.Id,
                Data = RequestData(request),
            });
            return request.Id;
        }, cancellationToken);

    /// <summary>Hides the flagged field at the chosen level and closes the request, in one transaction.</summary>
    public Task<Result<VisibilityChange>> HandleAsync(ActorRef actor, long requestId, FieldVisibility level, string reason, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var request = await OpenRequestAsync(context, actor, requestId, cancellationToken);
            var change = await visibility.ApplyAsync(context, actor, new VisibilityRequest(new ItemRef(request.Kind, request.ItemId), request.Field, level, reason), cancellationToken);
            Close(context, request, OversightRequestStatus.Handled, actor);
            return change;
        }, cancellationToken);

    public Task<Result<long>> DeclineAsync(ActorRef actor, long requestId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var request = await OpenRequestAsync(context, actor, requestId, cancellationToken);
            Close(context, request, OversightRequestStatus.Declined, actor);
            return request.Id;
        }, cancellationToken);

    private async Task<OversightRequest> OpenRequestAsync(CommandContext context, ActorRef actor, long requestId, CancellationToken cancellationToken)
    {
        await actors.RequireAdministratorAsync(context.Db, actor, Right.Suppress, cancellationToken);
        return await context.Db.OversightRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Status == OversightRequestStatus.Open, cancellationToken)
            ?? throw new JadeException(new JadeError.EntityNotFound("oversight request"));
    }

    private static void Close(CommandContext context, OversightRequest request, OversightRequestStatus status, ActorRef actor)
    {
        request.Status = status;
        request.ClosedAt = context.Now;
        request.ClosedById = actor.UserId;
        context.Emit(new StoredEvent
        {
            Type = EventType.OversightRequestClosed,
            Audience = EventAudience.SuppressionLog,
            ActorId = actor.UserId,
            SubjectUserId = request.RequesterId,
            ArtifactId = request.ArtifactId,
            Data = RequestData(request),
        });
    }

    private static string RequestData(OversightRequest request) => JsonSerializer.Serialize(new
    {
        requestId = request.Id,
        kind = ItemRef.NameOf(request.Kind),
        id = request.ItemId,
        field = ItemRef.NameOf(request.Field),
        status = ItemRef.NameOf(request.Status),
    });
}

public sealed class OversightRequestQueries(IDbContextFactory<JadeDbContext> contexts)
{
    /// <summary>Open requests, for the count badge: zero for anyone who cannot act on them.</summary>
    public async Task<int> OpenCountAsync(Actor viewer, CancellationToken cancellationToken = default)
    {
        if (!viewer.Has(Right.Suppress))
        {
            return 0;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OversightRequests.CountAsync(r => r.Status == OversightRequestStatus.Open, cancellationToken);
    }

    /// <summary>The queue, oldest first; empty for anyone without <c>suppress</c>.</summary>
    public async Task<IReadOnlyList<QueuedRequest>> QueueAsync(Actor viewer, CancellationToken cancellationToken = default)
    {
        if (!viewer.Has(Right.Suppress))
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.OversightRequests.AsNoTracking().Where(r => r.Status == OversightRequestStatus.Open).OrderBy(r => r.Id).Take(500).ToListAsync(cancellationToken);
        var reasons = await TextsAsync(db, open.Select(r => r.ReasonTextId), cancellationToken);
        var keys = await KeysAsync(db, open.Select(r => r.ArtifactId), cancellationToken);
        var queued = new List<QueuedRequest>(open.Count);
        foreach (var request in open)
        {
            var fields = await ItemFields.LoadAsync(db, new ItemRef(request.Kind, request.ItemId), cancellationToken);
            var texts = await db.Texts.AsNoTracking().Where(t => fields.TextIds.Contains(t.Id)).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
            var users = await db.Users.AsNoTracking().Where(u => u.Id == request.RequesterId || u.Id == fields.UserId).ToDictionaryAsync(u => u.Id, cancellationToken);
            var requester = users[request.RequesterId];
            var author = users[fields.UserId];
            var level = request.Field == HideableField.Text ? texts.Max(t => t.Visibility) : fields.UserVisibility;
            queued.Add(new QueuedRequest(request.Id, keys[request.ArtifactId], new ItemRef(request.Kind, request.ItemId), request.Field,
                Redaction.User(requester.Id, requester.Name, FieldVisibility.Visible, requester.Hidden, viewer.Rights),
                reasons[request.ReasonTextId],
                Redaction.Text(texts.FirstOrDefault(), viewer.Rights),
                Redaction.User(author.Id, author.Name, fields.UserVisibility, author.Hidden, viewer.Rights),
                level, request.CreatedAt));
        }
        return queued;
    }

    public async Task<IReadOnlyList<OwnRequest>> OwnAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var own = await db.OversightRequests.AsNoTracking().Where(r => r.RequesterId == userId).OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken);
        var reasons = await TextsAsync(db, own.Select(r => r.ReasonTextId), cancellationToken);
        var keys = await KeysAsync(db, own.Select(r => r.ArtifactId), cancellationToken);
        return own.Select(r => new OwnRequest(r.Id, keys[r.ArtifactId], new ItemRef(r.Kind, r.ItemId), r.Field, reasons[r.ReasonTextId],
            r.Status == OversightRequestStatus.Open, r.CreatedAt)).ToList();
    }

    private static async Task<Dictionary<long, string>> TextsAsync(JadeDbContext db, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Texts.AsNoTracking().Where(t => list.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Content, cancellationToken);
    }

    private static async Task<Dictionary<long, ArtifactKey>> KeysAsync(JadeDbContext db, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Artifacts.AsNoTracking().Where(a => list.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Key, cancellationToken);
    }
}
