using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// PostgreSQL: EF Core's SQL and parameters for the query (<c>CreateDbCommand</c>), its rows read by Npgsql's reader into
/// <see cref="StoredEventColumns"/> without EF Core's materialiser; a page's texts, names and keys in one batch, one
/// round trip instead of EF Core's three.
/// </summary>
public sealed class PostgresEventReads : IEventReads
{
    public async Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default)
    {
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = (NpgsqlDataReader)await command.ExecuteReaderAsync(cancellationToken);
            var columns = new StoredEventColumns(db, Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList());
            var rows = new List<StoredEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(columns.Read(new Row(reader)));
            }
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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

    /// <summary>A row of the reader as <see cref="StoredEventColumns"/> reads it (integer columns widened to 64 bits).</summary>
    private readonly struct Row(NpgsqlDataReader reader) : IEventRow
    {
        public long Int64(int column) => reader.GetInt64(column);

        public long? NullableInt64(int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);

        public string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
    }
}
