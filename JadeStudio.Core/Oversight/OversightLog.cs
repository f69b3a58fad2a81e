using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Oversight;

/// <summary>A rollback as listed for everyone (rollbacks are public, as on MediaWiki).</summary>
public sealed record RollbackView(
    long Id, RedactedUser User, RedactedUser PerformedBy, DateTimeOffset From, DateTimeOffset To, string? Wiki, RedactedText Reason,
    int EndorsementsRemoved, int ProposalsRemoved, DateTimeOffset PerformedAt, DateTimeOffset? UndoneAt, RedactedUser? UndoneBy);

/// <summary>The list of rollbacks, read through the redaction (the logs themselves are <see cref="Logs.LogReader"/>'s).</summary>
public sealed class OversightLog(IDbContextFactory<JadeDbContext> contexts)
{
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
