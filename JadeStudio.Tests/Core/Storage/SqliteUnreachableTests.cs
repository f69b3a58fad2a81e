using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>
/// What SQLite's store calls "the database cannot be reached" (503 with Retry-After, a batch failed as "database
/// unavailable"): the file's faults, never a statement's, which would hide a bug behind "try again later".
/// </summary>
public sealed class SqliteUnreachableTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static SqliteException Failure(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
    }

    [Fact]
    public void A_statement_sqlite_refuses_is_the_statements_fault()
    {
        var path = Path.Combine(_folder.Path, "fine.db");
        using var connection = new SqliteConnection("Data Source=" + path);
        connection.Open();

        var refused = Failure(connection, "SELECT * FROM no_such_table");

        Assert.False(new SqliteStore(path).IsUnreachable(refused));
    }

    [Fact]
    public void A_file_that_is_no_database_and_a_file_another_connection_holds_are_unreachable()
    {
        var garbage = Path.Combine(_folder.Path, "garbage.db");
        File.WriteAllBytes(garbage, [.. Enumerable.Repeat((byte)0x5A, 8192)]);
        using var notADatabase = new SqliteConnection("Data Source=" + garbage);
        notADatabase.Open();
        var held = Path.Combine(_folder.Path, "held.db");
        using var holder = new SqliteConnection("Data Source=" + held + ";Pooling=False");
        holder.Open();
        using (var hold = holder.CreateCommand())
        {
            hold.CommandText = "CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);";
            hold.ExecuteNonQuery();
        }
        using var waiter = new SqliteConnection("Data Source=" + held + ";Pooling=False;Default Timeout=1");
        waiter.Open();

        Assert.True(new SqliteStore(garbage).IsUnreachable(Failure(notADatabase, "SELECT * FROM sqlite_master")));
        Assert.True(new SqliteStore(held).IsUnreachable(Failure(waiter, "INSERT INTO t VALUES (2)")));
    }
}
