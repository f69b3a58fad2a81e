using System.Numerics;
using System.Text;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace JadeStudio.Core.Imports;

/// <summary>
/// SQLite: rows go in 512 at a time, each batch as one multi-row <c>INSERT</c> of artifacts and one of tasks, stepped
/// through SQLite's own API. One statement per row cost more than SQLite's work on the rows: every statement opens its
/// table's and indexes' cursors and seeks each from the root, and writes the table's <c>AUTOINCREMENT</c> counter
/// (<c>sqlite_sequence</c>) once — per row, that was two million counter writes for a million-line file. For the same
/// reason a batch whose artifacts are all new (a fresh list, the usual case) neither reads their ids back nor binds them
/// per task: they are the ids after the largest before, in the batch's order.
/// </summary>
public sealed class SqliteTaskBulkInsert : ITaskBulkInsert
{
    /// <summary>A power of two: a smaller remainder goes in as a sum of smaller powers of two (<see cref="Chunks"/>).</summary>
    private const int BatchSize = 512;

    private const string InsertTasks = "INSERT INTO campaign_tasks (CampaignId, Position, ArtifactId, Data) VALUES ";

    public Task<(long Imported, long Duplicates)> InsertAsync(CommandContext context, TaskTarget target, IEnumerable<TaskRow> rows, DateTimeOffset createdAt,
        CancellationToken cancellationToken = default)
    {
        var connection = (SqliteConnection)context.Db.Database.GetDbConnection();
        var created = StoredTime.ToStored(createdAt);
        // ?1–?3 are the same in every row; each row's own values follow.
        using var insertArtifacts = new StatementsBySize(connection,
            size => Rows("INSERT OR IGNORE INTO artifacts (Wiki, Type, RevId, CreatedAt) VALUES ", size, row => $"(?1, ?2, ?{4 + row}, ?3)"),
            statement =>
            {
                statement.Bind(1, target.Wiki);
                statement.Bind(2, target.ArtifactType);
                statement.Bind(3, created);
            });
        // A task's position follows the one before it in the batch (?2 + k). When all of a batch's artifacts are new, their
        // ids are consecutive too (?3 + k), so each task binds only its data; otherwise each task binds its artifact's id.
        using var insertTasksOfNewArtifacts = new StatementsBySize(connection,
            size => Rows(InsertTasks, size, row => $"(?1, ?2 + {row}, ?3 + {row}, ?{4 + row})"),
            statement => statement.Bind(1, target.CampaignId));
        using var insertTasks = new StatementsBySize(connection,
            size => Rows(InsertTasks, size, row => $"(?1, ?2 + {row}, ?{3 + 2 * row}, ?{4 + 2 * row})"),
            statement => statement.Bind(1, target.CampaignId));
        using var findArtifact = new RawStatement(connection,
            "SELECT a.Id, EXISTS (SELECT 1 FROM campaign_tasks t WHERE t.CampaignId = $campaign AND t.ArtifactId = a.Id) FROM artifacts a WHERE a.Wiki = $wiki AND a.Type = $type AND a.RevId = $rev")
            .Bind("$campaign", target.CampaignId).Bind("$wiki", target.Wiki).Bind("$type", target.ArtifactType);
        var findRev = findArtifact.ParameterIndex("$rev");

        long duplicates = 0, position = target.FirstPosition;
        var batch = new List<TaskRow>(BatchSize);
        var inBatch = new HashSet<long>(BatchSize);
        var artifactIds = new Dictionary<long, long>(BatchSize);
        // Ids are handed out above the largest one before: this command is the only writer, and AUTOINCREMENT gives a new
        // row an id above every earlier one, in the order the rows are inserted.
        using var newArtifacts = new RawStatement(connection, "SELECT Id, RevId FROM artifacts WHERE Id > $after");
        var after = newArtifacts.ParameterIndex("$after");
        using var largestId = new RawStatement(connection, "SELECT COALESCE(MAX(Id), 0) FROM artifacts");
        var lastArtifactId = largestId.ScalarInt64()!.Value;
        var tasks = new List<(long ArtifactId, string? Data)>(BatchSize);

        // The batch's artifacts, the new ones created. Returns the first one's id when every one of them is new: then they
        // hold the ids after the largest before, one by one in the batch's order (that many distinct ids above it, the
        // last of them that many above it).
        long? InsertArtifacts()
        {
            var offset = 0;
            var inserted = 0;
            foreach (var size in Chunks(batch.Count))
            {
                var statement = insertArtifacts.Of(size);
                for (var i = 0; i < size; i++)
                {
                    statement.Bind(4 + i, batch[offset + i].RevId);
                }
                inserted += statement.Execute();
                offset += size;
            }
            var last = raw.sqlite3_last_insert_rowid(connection.Handle);
            if (inserted == batch.Count && last - lastArtifactId == batch.Count)
            {
                var first = lastArtifactId + 1;
                lastArtifactId = last;
                return first;
            }
            return null;
        }

        // Some artifacts were there before this batch (from earlier in the file or elsewhere): the new ones are read back
        // by id, the others looked up; a task is a duplicate when the campaign has its artifact already.
        void FindArtifacts()
        {
            artifactIds.Clear();
            newArtifacts.Bind(after, lastArtifactId);
            newArtifacts.ForEachRow(inserted =>
            {
                var id = inserted.Int64(0);
                artifactIds.Add(inserted.Int64(1), id);
                lastArtifactId = Math.Max(lastArtifactId, id);
            }, cancellationToken);
            tasks.Clear();
            foreach (var row in batch)
            {
                if (artifactIds.TryGetValue(row.RevId, out var artifactId))
                {
                    tasks.Add((artifactId, row.Data));
                    continue;
                }
                findArtifact.Bind(findRev, row.RevId);
                (long Id, bool InCampaign)? existing = null;
                findArtifact.ForEachRow(found => existing = (found.Int64(0), found.Int64(1) == 1), cancellationToken);
                switch (existing)
                {
                    case null:
                        throw new InvalidOperationException($"Revision {row.RevId} was neither inserted nor found among the artifacts.");
                    case { InCampaign: true }:
                        duplicates++;
                        break;
                    case { Id: var id }:
                        tasks.Add((id, row.Data));
                        break;
                }
            }
        }

        void Store()
        {
            var offset = 0;
            if (InsertArtifacts() is { } firstArtifactId)
            {
                foreach (var size in Chunks(batch.Count))
                {
                    var statement = insertTasksOfNewArtifacts.Of(size);
                    statement.Bind(2, position);
                    statement.Bind(3, firstArtifactId + offset);
                    for (var i = 0; i < size; i++)
                    {
                        statement.Bind(4 + i, batch[offset + i].Data);
                    }
                    statement.Execute();
                    position += size;
                    offset += size;
                }
            }
            else
            {
                FindArtifacts();
                foreach (var size in Chunks(tasks.Count))
                {
                    var statement = insertTasks.Of(size);
                    statement.Bind(2, position);
                    for (var i = 0; i < size; i++)
                    {
                        var (artifactId, data) = tasks[offset + i];
                        statement.Bind(3 + 2 * i, artifactId);
                        statement.Bind(4 + 2 * i, data);
                    }
                    statement.Execute();
                    position += size;
                    offset += size;
                }
            }
            batch.Clear();
            inBatch.Clear();
        }

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!inBatch.Add(row.RevId))
            {
                duplicates++; // earlier in this batch
                continue;
            }
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                Store();
            }
        }
        if (batch.Count > 0)
        {
            Store();
        }
        return Task.FromResult((position - target.FirstPosition, duplicates));
    }

    /// <summary>
    /// A count of rows as sizes of statements to run: whole batches, then the rest as descending powers of two, so that
    /// any upload prepares at most one statement per power of two (a remainder of 437 is 256 + 128 + 32 + 16 + 4 + 1).
    /// </summary>
    private static IEnumerable<int> Chunks(int count)
    {
        while (count > 0)
        {
            var size = count >= BatchSize ? BatchSize : (int)BitOperations.RoundUpToPowerOf2((uint)count + 1) / 2;
            yield return size;
            count -= size;
        }
    }

    private static string Rows(string prefix, int size, Func<int, string> row)
    {
        var sql = new StringBuilder(prefix, prefix.Length + size * 32);
        for (var i = 0; i < size; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(row(i));
        }
        return sql.ToString();
    }

    /// <summary>One prepared statement per number of rows, made when first needed and kept for the rest of the upload.</summary>
    private sealed class StatementsBySize(SqliteConnection connection, Func<int, string> sql, Action<RawStatement> bindShared) : IDisposable
    {
        private readonly Dictionary<int, RawStatement> _statements = [];

        public RawStatement Of(int size)
        {
            if (!_statements.TryGetValue(size, out var statement))
            {
                statement = new RawStatement(connection, sql(size));
                bindShared(statement);
                _statements.Add(size, statement);
            }
            return statement;
        }

        public void Dispose()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }
        }
    }
}
