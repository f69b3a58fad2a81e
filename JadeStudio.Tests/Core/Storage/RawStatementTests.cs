using JadeStudio.Core.Storage;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Tests.Core.Storage;

[Trait("Store", "Sqlite")]
public sealed class RawStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public RawStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void A_prepared_insert_runs_once_per_row_and_reports_what_it_changed()
    {
        using var insert = new RawStatement(_connection, "INSERT OR IGNORE INTO t (name, score) VALUES ($name, 0.5)");
        var name = insert.ParameterIndex("$name");

        insert.Bind(name, "a");
        Assert.Equal(1, insert.Execute());
        Assert.Equal(1, insert.LastInsertRowId);
        insert.Bind(name, "a");
        Assert.Equal(0, insert.Execute()); // ignored duplicate
        insert.Bind(name, "b");
        Assert.Equal(1, insert.Execute());

        using var find = new RawStatement(_connection, "SELECT id FROM t WHERE name = $name");
        Assert.Equal(2, find.Bind("$name", "b").ScalarInt64());
        Assert.Null(find.Bind("$name", "missing").ScalarInt64());
    }

    [Fact]
    public void A_failing_statement_throws_SQLites_message_and_can_run_again()
    {
        using var insert = new RawStatement(_connection, "INSERT INTO t (name) VALUES ($name)");
        insert.Bind("$name", "a").Execute();

        var failure = Assert.Throws<SqliteException>(() => insert.Bind("$name", "a").Execute());
        Assert.Contains("UNIQUE constraint failed", failure.Message);
        Assert.Equal(1, insert.Bind("$name", "c").Execute());
        Assert.Throws<SqliteException>(() => new RawStatement(_connection, "SELECT nonsense FROM nowhere"));
    }

    [Fact]
    public void Rows_are_read_with_nulls_told_apart()
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (name, score) VALUES ($name, $score)"))
        {
            insert.Bind("$name", "scored").Bind("$score", null).Execute();
        }
        using var update = new RawStatement(_connection, "UPDATE t SET score = 0.25 WHERE name = 'scored'");
        update.Execute();
        using (var insert = new RawStatement(_connection, "INSERT INTO t (name) VALUES ($name)"))
        {
            insert.Bind("$name", "unscored").Execute();
        }

        var rows = new List<(long Id, double? Score)>();
        using var query = new RawStatement(_connection, "SELECT id, score FROM t WHERE name LIKE $pattern ORDER BY id").Bind([new("$pattern", "%scored"), new("$unused", 1L)]);
        query.ForEachRow(row => rows.Add((row.Int64(0), row.IsNull(1) ? null : row.Double(1))), CancellationToken.None);

        Assert.Equal([(1L, 0.25), (2L, (double?)null)], rows);
    }
}
