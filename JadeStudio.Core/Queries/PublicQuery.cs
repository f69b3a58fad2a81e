using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Dumps;

namespace JadeStudio.Core.Queries;

public enum QueryProblem
{
    Empty,
    TooLong,
    /// <summary>No public dump has been written yet (or none may be read now).</summary>
    NoDump,
    /// <summary>Only one SELECT (or WITH … SELECT) runs: no COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CREATE…</summary>
    NotASelect,
    MultipleStatements,
    /// <summary>DuckDB could not parse it, or refused it while running (a file outside the dump, an unknown column, out of memory).</summary>
    Failed,
    TimedOut,
    /// <summary>As many queries run on this node as it allows at once.</summary>
    Busy,
}

/// <summary>A query's answer: column names, rows (at most the row limit), whether more rows were cut off, and the dump it read.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, long DumpId, TimeSpan Elapsed);

/// <summary>
/// Runs anyone's SQL over the latest public dump with DuckDB, as Quarry does over the wiki replicas. Each query gets a
/// fresh in-memory database whose only tables are views of the dump's Parquet files; before the query runs, DuckDB is
/// told to reach no file but the dump's directory, load no extension, and lock its configuration; the statement must be
/// one SELECT (DuckDB's own parser decides); and a time limit, a row limit and a memory limit apply.
/// </summary>
public sealed class PublicQuery(DumpCatalog catalog, DumpOptions options)
{
    private readonly SemaphoreSlim _running = new(2, 2);

    private QueryLimits Limits => options.Query;

    public async Task<Result<QueryResult>> RunAsync(string? sql, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return new JadeError.QueryRefused(QueryProblem.Empty, null);
        }
        if (sql.Length > Limits.MaxLength)
        {
            return new JadeError.QueryRefused(QueryProblem.TooLong, null);
        }
        if (sql.Contains('\0'))
        {
            // DuckDB's client passes SQL as a C string, cut at the first NUL: the statement checked and the one run would
            // not be the text that was sent.
            return new JadeError.NulCharacter();
        }
        if (await catalog.LatestPublicAsync(cancellationToken) is not { } dump)
        {
            return new JadeError.QueryRefused(QueryProblem.NoDump, null);
        }
        if (!await _running.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken))
        {
            return new JadeError.QueryRefused(QueryProblem.Busy, null);
        }
        try
        {
            // A dump's files can be gone for a moment (a rewrite swaps its directory, a newer dump prunes it): the query
            // is asked once more of the latest dump, and a dump that still cannot be opened is no dump to query.
            for (var attempt = 0; ; attempt++)
            {
                // DuckDB's calls block: they run off the request's thread, and the time limit interrupts them.
                var reading = dump;
                if (await Task.Run(() => Run(sql, reading, catalog.DirectoryOf(reading), cancellationToken), cancellationToken) is { } result)
                {
                    return result;
                }
                if (attempt == 1 || await catalog.LatestPublicAsync(cancellationToken) is not { } latest)
                {
                    return new JadeError.QueryRefused(QueryProblem.NoDump, null);
                }
                dump = latest;
            }
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>The query's answer or refusal; null when the dump's files could not be opened.</summary>
    private Result<QueryResult>? Run(string sql, Dump dump, string directory, CancellationToken cancellationToken)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        try
        {
            Sandbox(connection, directory);
        }
        catch (DuckDBException)
        {
            // The sandbox's own statements are fixed: only the dump's Parquet files, read to make its views, can fail them.
            return null;
        }
        if (CheckStatement(connection, sql) is { } refused)
        {
            return refused;
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Limits.TimeoutSeconds));
        using var interrupt = timeout.Token.Register(command.Cancel);
        var clock = Stopwatch.StartNew();
        try
        {
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            var truncated = false;
            while (reader.Read())
            {
                if (rows.Count == Limits.MaxRows)
                {
                    truncated = true;
                    break;
                }
                var row = new object?[columns.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Plain(reader.GetValue(i));
                }
                rows.Add(row);
            }
            return new QueryResult(columns, rows, truncated, dump.Id, clock.Elapsed);
        }
        catch (Exception stopped) when (stopped is OperationCanceledException || (stopped is DuckDBException && timeout.IsCancellationRequested))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new JadeError.QueryRefused(QueryProblem.TimedOut, null);
        }
        catch (DuckDBException failed)
        {
            return new JadeError.QueryRefused(QueryProblem.Failed, FirstLine(failed.Message));
        }
    }

    /// <summary>
    /// The dump's tables as views, then the walls: the dump's directory is the only one readable, no other file, no
    /// network, no extension may be installed or loaded, no spilling to disk, limits on memory and threads; and the
    /// configuration is locked so the query cannot undo any of it.
    /// </summary>
    private void Sandbox(DuckDBConnection connection, string directory)
    {
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        var statements = DumpTables.All
            .Select(t => $"CREATE VIEW \"{t.Name}\" AS SELECT * FROM read_parquet('{Quote(Path.Combine(root, DumpTableWriter.ParquetName(t)))}')")
            .Concat(
            [
                // No spilling to disk (set while it may still be changed).
                "SET temp_directory = ''",
                $"SET allowed_directories = ['{Quote(root)}']",
                "SET enable_external_access = false",
                "SET autoinstall_known_extensions = false",
                "SET autoload_known_extensions = false",
                "SET allow_community_extensions = false",
                $"SET memory_limit = '{Limits.MemoryMegabytes.ToString(CultureInfo.InvariantCulture)}MB'",
                $"SET threads = {Limits.Threads.ToString(CultureInfo.InvariantCulture)}",
                "SET lock_configuration = true",
            ]);
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>One SELECT statement, as DuckDB's parser sees it (it serialises nothing else).</summary>
    private static JadeError? CheckStatement(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql($sql::VARCHAR)";
        command.Parameters.Add(new DuckDBParameter("sql", sql));
        using var parsed = JsonDocument.Parse((string)command.ExecuteScalar()!);
        var root = parsed.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var text) ? text.GetString() ?? "" : "";
            return message.Contains("Only SELECT statements", StringComparison.Ordinal)
                ? new JadeError.QueryRefused(QueryProblem.NotASelect, null)
                : new JadeError.QueryRefused(QueryProblem.Failed, FirstLine(message));
        }
        return root.GetProperty("statements").GetArrayLength() == 1 ? null : new JadeError.QueryRefused(QueryProblem.MultipleStatements, null);
    }

    /// <summary>Values as the result table and the downloads show them: numbers, text, booleans and times; anything else (lists, structs) as JSON.</summary>
    private static object Plain(object value) => value switch
    {
        long or int or short or sbyte or byte or ushort or uint or ulong or double or float or decimal or bool or string => value,
        DateTime at => DateTime.SpecifyKind(at, DateTimeKind.Utc),
        DateTimeOffset at => at.UtcDateTime,
        System.Numerics.BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        Guid id => id.ToString(),
        _ => JsonSerializer.Serialize(value),
    };

    private static string Quote(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
