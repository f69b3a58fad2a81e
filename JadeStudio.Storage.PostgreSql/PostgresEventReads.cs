using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// PostgreSQL: rows through EF Core (Npgsql's reader is already lean); a page's texts, names and keys in one batch, one
/// round trip instead of EF Core's three. With the server on the same host the bench measured no difference; across a
/// network each round trip saved is a network latency per page of the feed, the logs and recent changes.
/// </summary>
public sealed class PostgresEventReads : IEventReads
{
    public Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default) =>
        query.ToListAsync(cancellationToken);

    public async Task<EventLookups> LookUpAsync(JadeDbContext db, EventLookupIds ids, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
        {
            BatchCommands =
            {
                ById("""SELECT "Id", "Content", "Visibility" FROM texts WHERE "Id" = ANY(@ids)""", ids.Texts),
                ById("""SELECT "Id", "Name", "Hidden" FROM users WHERE "Id" = ANY(@ids)""", ids.Users),
                ById("""SELECT "Id", "Wiki", "Type", "RevId" FROM artifacts WHERE "Id" = ANY(@ids)""", ids.Artifacts),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var texts = new Dictionary<long, StoredText>(ids.Texts.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            texts[id] = new StoredText { Id = id, Content = reader.GetString(1), Visibility = (FieldVisibility)reader.GetInt32(2) };
        }
        await reader.NextResultAsync(cancellationToken);
        var users = new Dictionary<long, EventUser>(ids.Users.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            users[reader.GetInt64(0)] = new EventUser(reader.GetString(1), reader.GetBoolean(2));
        }
        await reader.NextResultAsync(cancellationToken);
        var artifacts = new Dictionary<long, ArtifactKey>(ids.Artifacts.Count);
        var typeOf = EventLookups.ArtifactTypeConversion(db);
        while (await reader.ReadAsync(cancellationToken))
        {
            artifacts[reader.GetInt64(0)] = new ArtifactKey(reader.GetString(1), typeOf(reader.GetString(2)), reader.GetInt64(3));
        }
        return new(texts, users, artifacts);
    }

    private static NpgsqlBatchCommand ById(string sql, List<long> ids) => new(sql) { Parameters = { new("ids", ids.ToArray()) } };
}
