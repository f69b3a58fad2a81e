using System.Globalization;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>How many rows of a table were copied.</summary>
public sealed record CopiedTable(string Table, long Rows);

/// <summary>
/// Moves a SQLite database of this build into an empty PostgreSQL one (operator command <c>db copy</c>): every table of the
/// model with its ids, the event log with its positions, the visibility of every field, the data-protection keys (sessions
/// stay valid) and the search index, in one transaction (a failed copy leaves the target empty). Tables are copied
/// column by column as the model names them, through <c>COPY … (FORMAT BINARY)</c>, parents before children; then each
/// id sequence continues after the largest id copied.
/// </summary>
public sealed class PostgresDatabaseCopy(PostgresStore target, WikiCatalog wikis)
{
    public async Task<IReadOnlyList<CopiedTable>> CopyFromAsync(string sqlitePath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sqlitePath))
        {
            throw new DatabaseStartupException($"There is no SQLite database at {sqlitePath}.");
        }
        var sourceStore = new SqliteStore(sqlitePath);
        await using (var check = new StoreContextFactory(sourceStore).CreateDbContext())
        {
            if (await sourceStore.VerifyAsync(check, cancellationToken) is { Count: > 0 })
            {
                throw new DatabaseStartupException($"{sqlitePath} was made by an earlier build: start this build once on it (or run its migrate command), then copy.");
            }
        }
        await using var targetDb = new StoreContextFactory(target).CreateDbContext();
        if (await target.VerifyAsync(targetDb, cancellationToken) is { Count: > 0 })
        {
            throw new DatabaseStartupException("The PostgreSQL database's schema is not current: run the migrate command first.");
        }
        if (await targetDb.Users.AnyAsync(cancellationToken) || await targetDb.Artifacts.AnyAsync(cancellationToken) || await targetDb.Events.AnyAsync(cancellationToken))
        {
            throw new DatabaseStartupException($"{target.Description} is not empty: db copy only fills a new database, so nothing there is overwritten.");
        }

        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder(SqliteDatabase.ConnectionString(sqlitePath)) { Mode = SqliteOpenMode.ReadOnly }.ToString());
        await source.OpenAsync(cancellationToken);
        await using var connection = await target.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var copied = new List<CopiedTable>();
        foreach (var entity in InDependencyOrder(targetDb.Model))
        {
            copied.Add(await CopyTableAsync(source, connection, entity, cancellationToken));
        }
        copied.Add(await CopySearchIndexAsync(source, connection, cancellationToken));
        await ContinueSequencesAsync(connection, targetDb.Model, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    /// <summary>Parents before children, so every foreign key finds its row.</summary>
    private static List<IEntityType> InDependencyOrder(IModel model)
    {
        var ordered = new List<IEntityType>();
        var visited = new HashSet<IEntityType>();
        void Visit(IEntityType entity)
        {
            if (!visited.Add(entity))
            {
                return;
            }
            foreach (var parent in entity.GetForeignKeys().Select(fk => fk.PrincipalEntityType).Where(p => p != entity))
            {
                Visit(parent);
            }
            ordered.Add(entity);
        }
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null).OrderBy(e => e.GetTableName(), StringComparer.Ordinal))
        {
            Visit(entity);
        }
        return ordered;
    }

    private static async Task<CopiedTable> CopyTableAsync(SqliteConnection source, NpgsqlConnection target, IEntityType entity, CancellationToken cancellationToken)
    {
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Name: p.GetColumnName(store)!, Type: StoredType(p)))
            .ToList();
        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {list} FROM \"{table}\"";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        await using (var copy = await target.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                await copy.StartRowAsync(cancellationToken);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        // SQLite keeps integers, reals, text and blobs: each becomes the column's own type (0/1 → boolean).
                        await copy.WriteAsync(Convert.ChangeType(reader.GetValue(i), columns[i].Type, CultureInfo.InvariantCulture), cancellationToken);
                    }
                }
                rows++;
            }
            await copy.CompleteAsync(cancellationToken);
        }
        return new CopiedTable(table, rows);
    }

    /// <summary>The type the column holds in the database (after the model's value converters), e.g. long for a DateTimeOffset.</summary>
    private static Type StoredType(IProperty property)
    {
        var mapping = property.GetTypeMapping();
        var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>The search index is not part of the model: rebuilt from SQLite's FTS table, each text in its wiki's language.</summary>
    private async Task<CopiedTable> CopySearchIndexAsync(SqliteConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE copied_search (text_id bigint, kind text, wiki text, author bigint, at bigint, artifact bigint, body text, config text) ON COMMIT DROP", target))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var read = source.CreateCommand();
        read.CommandText = "SELECT rowid, kind, wiki, author, at, artifact, body FROM text_search";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        await using (var copy = await target.BeginBinaryImportAsync("COPY copied_search FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var wiki = reader.GetString(2);
                await copy.WriteRowAsync(cancellationToken, reader.GetInt64(0), reader.GetString(1), wiki, reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetString(6), TextSearchLanguages.ConfigurationFor(wikis.Find(wiki)?.Language));
                rows++;
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using (var index = new NpgsqlCommand("""
            INSERT INTO text_search (text_id, kind, wiki, author, at, artifact, body, config, document)
            SELECT text_id, kind, wiki, author, at, artifact, body, config::regconfig, to_tsvector(config::regconfig, body) FROM copied_search
            """, target))
        {
            await index.ExecuteNonQueryAsync(cancellationToken);
        }
        return new CopiedTable("text_search", rows);
    }

    /// <summary>New rows continue after the copied ones: every id sequence, and the event positions (event ids while writing count down).</summary>
    private static async Task ContinueSequencesAsync(NpgsqlConnection target, IModel model, CancellationToken cancellationToken)
    {
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetTableName() != "events"))
        {
            if (entity.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] && (key.ClrType == typeof(long) || key.ClrType == typeof(int)))
            {
                var table = entity.GetTableName()!;
                var column = key.GetColumnName(StoreObjectIdentifier.Table(table, entity.GetSchema()))!;
                await using var sequence = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), MAX(\"{column}\")) FROM \"{table}\" HAVING MAX(\"{column}\") IS NOT NULL", target);
                await sequence.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await using var positions = new NpgsqlCommand("""SELECT setval('event_positions', MAX("Seq")) FROM events HAVING MAX("Seq") IS NOT NULL""", target);
        await positions.ExecuteNonQueryAsync(cancellationToken);
    }
}
