using JadeStudio.Core.Commands;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// PostgreSQL: the rows go to a temporary table through <c>COPY … (FORMAT BINARY)</c> as they are read (no second copy in
/// memory), then two set-wise statements add the artifacts that are new and the tasks the campaign does not have yet,
/// numbered in the file's order. Artifacts are inserted in rev id order so two nodes importing overlapping lists at once
/// wait for each other instead of deadlocking (the second then sees a unique violation and runs again).
/// </summary>
public sealed class PostgresTaskBulkInsert : ITaskBulkInsert
{
    public async Task<(long Imported, long Duplicates)> InsertAsync(CommandContext context, TaskTarget target, IEnumerable<TaskRow> rows, DateTimeOffset createdAt,
        CancellationToken cancellationToken = default)
    {
        var database = context.Db.Database;
        await database.ExecuteSqlRawAsync(
            "CREATE TEMP TABLE IF NOT EXISTS import_rows (ord bigint NOT NULL, rev bigint NOT NULL, data text) ON COMMIT DROP; TRUNCATE import_rows;", cancellationToken);
        var connection = (NpgsqlConnection)database.GetDbConnection();
        long total = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("COPY import_rows (ord, rev, data) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(total++, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.RevId, NpgsqlDbType.Bigint, cancellationToken);
                if (row.Data is null)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await copy.WriteAsync(row.Data, NpgsqlDbType.Text, cancellationToken);
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await database.ExecuteSqlRawAsync("ANALYZE import_rows", cancellationToken);
        var created = StoredTime.ToStored(createdAt);
        // A plain INSERT of the revisions not stored yet, not ON CONFLICT, which inserts each row speculatively and
        // checks it again (a million-line upload: 27.2–36.9 → 22.4–22.7 s, docs/benchmarks.md). Another node's artifact
        // for one of these revisions, inserted meanwhile, makes it a unique violation, a write conflict: the writer runs
        // the whole import again, and the next attempt finds that artifact.
        await database.ExecuteSqlRawAsync("""
            INSERT INTO artifacts ("Wiki", "Type", "RevId", "CreatedAt")
            SELECT {0}, {1}, r.rev, {2} FROM (SELECT DISTINCT rev FROM import_rows) r
            WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a."Wiki" = {0} AND a."Type" = {1} AND a."RevId" = r.rev)
            ORDER BY r.rev
            """, [target.Wiki, target.ArtifactType, created], cancellationToken);
        var imported = await database.ExecuteSqlRawAsync("""
            INSERT INTO campaign_tasks ("CampaignId", "ArtifactId", "Position", "Data")
            SELECT {0}, f.artifact, {1} + row_number() OVER (ORDER BY f.ord) - 1, f.data
            FROM (SELECT DISTINCT ON (r.rev) r.ord, r.data, a."Id" AS artifact
                  FROM import_rows r JOIN artifacts a ON a."Wiki" = {2} AND a."Type" = {3} AND a."RevId" = r.rev
                  ORDER BY r.rev, r.ord) f
            WHERE NOT EXISTS (SELECT 1 FROM campaign_tasks t WHERE t."CampaignId" = {0} AND t."ArtifactId" = f.artifact)
            """, [target.CampaignId, target.FirstPosition, target.Wiki, target.ArtifactType], cancellationToken);
        return (imported, total - imported);
    }
}
