using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Oversight;

public enum OversightLogKind
{
    /// <summary>Deletions and their restorations; right <c>viewdeleted</c>.</summary>
    Deletion,
    /// <summary>Suppressions, their restorations and hide-user blocks; right <c>suppressionlog</c>.</summary>
    Suppression,
}

/// <summary>One log line. <see cref="Item"/> is null for hide-user blocks, which are about <see cref="Subject"/>.</summary>
public sealed record OversightLogEntry(
    long Seq, DateTimeOffset At, EventType Type, RedactedUser? Performer, RedactedUser? Subject, ArtifactKey? Artifact,
    ItemRef? Item, HideableField? Field, FieldVisibility? From, FieldVisibility? To, RedactedText Reason);

/// <summary>A rollback as listed for everyone (rollbacks are public, as on MediaWiki).</summary>
public sealed record RollbackView(
    long Id, RedactedUser User, RedactedUser PerformedBy, DateTimeOffset From, DateTimeOffset To, string? Wiki, RedactedText Reason,
    int EndorsementsRemoved, int ProposalsRemoved, DateTimeOffset PerformedAt, DateTimeOffset? UndoneAt, RedactedUser? UndoneBy);

/// <summary>The deletion and suppression logs and the list of rollbacks, read through the feed's redaction.</summary>
public sealed class OversightLog(IDbContextFactory<JadeDbContext> contexts, EventFeed feed)
{
    private static readonly IReadOnlySet<EventType> LoggedTypes = new HashSet<EventType> { EventType.VisibilityChanged, EventType.BlockCreated, EventType.BlockLifted };

    public static Right RightFor(OversightLogKind kind) => kind switch
    {
        OversightLogKind.Deletion => Right.ViewDeleted,
        OversightLogKind.Suppression => Right.SuppressionLog,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Newest first; refused without the log's right.</summary>
    public async Task<Result<IReadOnlyList<OversightLogEntry>>> ReadAsync(OversightLogKind kind, Actor viewer, int limit = 200, CancellationToken cancellationToken = default)
    {
        if (!viewer.Has(RightFor(kind)))
        {
            return new JadeError.PermissionDenied(RightFor(kind));
        }
        var audience = kind == OversightLogKind.Deletion ? EventAudience.DeletionLog : EventAudience.SuppressionLog;
        var page = await feed.ReadAsync(new FeedQuery(NewestFirst: true, Limit: limit, Types: LoggedTypes, Audience: audience), viewer, cancellationToken);
        var events = page is FeedPage.Events found ? found.Items : [];
        return events.Select(Entry).ToList();
    }

    private static OversightLogEntry Entry(FeedEvent e)
    {
        if (e.Type != EventType.VisibilityChanged || e.Data is null)
        {
            return new OversightLogEntry(e.Seq, e.At, e.Type, e.Actor, e.Subject, e.Artifact, null, null, null, null, e.Text);
        }
        using var data = JsonDocument.Parse(e.Data);
        var root = data.RootElement;
        T Parse<T>(string name) where T : struct, Enum => Enum.Parse<T>(root.GetProperty(name).GetString()!, ignoreCase: true);
        return new OversightLogEntry(e.Seq, e.At, e.Type, e.Actor, e.Subject, e.Artifact,
            new ItemRef(Parse<ItemKind>("kind"), root.GetProperty("id").GetInt64()), Parse<HideableField>("field"),
            Parse<FieldVisibility>("from"), Parse<FieldVisibility>("to"), e.Text);
    }

    public async Task<IReadOnlyList<RollbackView>> RollbacksAsync(Actor viewer, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rollbacks = await db.Rollbacks.AsNoTracking().OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        var userIds = rollbacks.SelectMany(r => new[] { r.UserId, r.PerformedById, r.UndoneById ?? r.UserId }).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var textIds = rollbacks.Select(r => r.ReasonTextId).ToList();
        var texts = await db.Texts.AsNoTracking().Where(t => textIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        RedactedUser Name(long id) => Redaction.User(id, users[id].Name, FieldVisibility.Visible, users[id].Hidden, viewer.Rights);
        return rollbacks.Select(r => new RollbackView(r.Id, Name(r.UserId), Name(r.PerformedById), r.From, r.To, r.Wiki,
            Redaction.Text(texts.GetValueOrDefault(r.ReasonTextId), viewer.Rights), r.EndorsementsRemoved, r.ProposalsRemoved, r.PerformedAt,
            r.UndoneAt, r.UndoneById is { } undoer ? Name(undoer) : null)).ToList();
    }
}
