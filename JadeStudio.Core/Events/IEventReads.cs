using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Events;

/// <summary>
/// Reads the rows of a feed page. The query — which events, for whom (<see cref="EventAudiences.ReadableBy"/>), in what
/// order — is always EF Core's; a store only chooses how its rows become <see cref="StoredEvent"/>s. A catch-up reads a
/// million rows, and on SQLite EF Core's data reader was three quarters of a page's fetch (<see cref="SqliteEventReads"/>).
/// </summary>
public interface IEventReads
{
    Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default);
}

/// <summary>EF Core's own materialisation (PostgreSQL: Npgsql's reader is already lean).</summary>
public sealed class EfEventReads : IEventReads
{
    public Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default) =>
        query.ToListAsync(cancellationToken);
}
