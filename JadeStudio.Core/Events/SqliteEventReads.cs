using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Events;

/// <summary>
/// SQLite: EF Core's SQL and parameters for the query (<c>CreateDbCommand</c>), stepped through SQLite's own API
/// (<see cref="RawStatement"/>) into <see cref="StoredEventColumns"/>. Microsoft.Data.Sqlite's reader makes three or four
/// native calls per column (bounds, type, value), EF Core's materialiser asks each nullable column twice; this reads a
/// column's type once and its value once.
/// </summary>
public sealed class SqliteEventReads : IEventReads
{
    public async Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default)
    {
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            using var statement = new RawStatement((SqliteConnection)db.Database.GetDbConnection(), command.CommandText)
                .Bind(command.Parameters.Cast<SqliteParameter>().Select(p => KeyValuePair.Create(SqlName(p.ParameterName), p.Value == DBNull.Value ? null : p.Value)));
            var columns = new StoredEventColumns(db, statement.ColumnNames());
            var rows = new List<StoredEvent>();
            statement.ForEachRow(row => rows.Add(columns.Read(new Row(row))), cancellationToken);
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The three lookups as the PostgreSQL store writes them (its ids as one array: here a JSON array read by
    /// <c>json_each</c>, as EF Core binds a list), each row read by ordinal through SQLite's own API: through EF Core
    /// they cost a page about as much as its own events.
    /// </summary>
    public async Task<EventLookups> LookUpAsync(JadeDbContext db, EventLookupIds ids, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var texts = new Dictionary<long, StoredText>(ids.Texts.Count);
            ById(connection, """SELECT "Id", "Content", "Visibility" FROM texts WHERE "Id" IN (SELECT value FROM json_each($ids))""", ids.Texts,
                row => texts[row.Int64(0)] = new StoredText { Id = row.Int64(0), Content = row.Text(1)!, Visibility = (FieldVisibility)row.Int64(2) },
                cancellationToken);
            var users = new Dictionary<long, EventUser>(ids.Users.Count);
            ById(connection, """SELECT "Id", "Name", "Hidden" FROM users WHERE "Id" IN (SELECT value FROM json_each($ids))""", ids.Users,
                row => users[row.Int64(0)] = new EventUser(row.Text(1)!, row.Int64(2) != 0), cancellationToken);
            var artifacts = new Dictionary<long, ArtifactKey>(ids.Artifacts.Count);
            var typeOf = EventLookups.ArtifactTypeConversion(db);
            ById(connection, """SELECT "Id", "Wiki", "Type", "RevId" FROM artifacts WHERE "Id" IN (SELECT value FROM json_each($ids))""", ids.Artifacts,
                row => artifacts[row.Int64(0)] = new ArtifactKey(row.Text(1)!, typeOf(row.Text(2)!), row.Int64(3)), cancellationToken);
            return new(texts, users, artifacts);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void ById(SqliteConnection connection, string sql, List<long> ids, Action<RawStatement> read, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        using var statement = new RawStatement(connection, sql).Bind("$ids", "[" + string.Join(',', ids) + "]");
        statement.ForEachRow(read, cancellationToken);
    }

    /// <summary>EF Core names its parameters with their prefix; a bare name is written with <c>@</c>.</summary>
    private static string SqlName(string name) => name.Length > 0 && name[0] is '@' or '$' or ':' ? name : "@" + name;

    /// <summary>A row of the statement as <see cref="StoredEventColumns"/> reads it.</summary>
    private readonly struct Row(RawStatement statement) : IEventRow
    {
        public long Int64(int column) => statement.Int64(column);

        public long? NullableInt64(int column) => statement.NullableInt64(column);

        public string? Text(int column) => statement.Text(column);
    }
}
