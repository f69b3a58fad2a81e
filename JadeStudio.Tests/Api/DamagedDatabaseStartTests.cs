using System.Security.Cryptography;
using JadeStudio.Tests.Support;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Tests.Api;

/// <summary>
/// The app started, as an operator starts it, over a damaged SQLite file: it says what is wrong and what to do, ends
/// with an error, and leaves the file as it found it (the README's promise; <c>MigrationTests</c> holds the store's part).
/// </summary>
[Trait("Store", "Sqlite")]
public sealed class DamagedDatabaseStartTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string DatabasePath => Path.Combine(_data.Path, "jadestudio.db");

    [Fact]
    public async Task A_file_that_is_no_database_is_refused_with_what_to_do()
    {
        await File.WriteAllBytesAsync(DatabasePath, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());

        await AssertRefusedUntouchedAsync();
    }

    [Fact]
    public async Task A_file_damaged_inside_is_refused_before_anything_writes_to_it()
    {
        // Readable (its header and schema intact) with a table page overwritten: only the check of every page finds it.
        // One table analysed, one not: SQLite's optimize, which the writer's connection runs as it opens, analyses the
        // second (a write).
        await using (var file = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await file.OpenAsync();
            await using var command = file.CreateCommand();
            command.CommandText = """
                CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO notes SELECT i, printf('note %d of many', i) FROM n;
                CREATE INDEX notes_text ON notes (text);
                ANALYZE;
                CREATE TABLE later (id INTEGER PRIMARY KEY, text TEXT);
                INSERT INTO later SELECT id, text FROM notes;
                CREATE INDEX later_text ON later (text);
                """;
            await command.ExecuteNonQueryAsync();
        }
        await using (var bytes = File.OpenWrite(DatabasePath))
        {
            bytes.Position = 4096 * 5;
            bytes.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        await AssertRefusedUntouchedAsync();
    }

    private async Task AssertRefusedUntouchedAsync()
    {
        var before = SHA256.HashData(await File.ReadAllBytesAsync(DatabasePath));

        var (exit, output, error) = await OperatorCommand.RunAsync(_data.Path, null);

        Assert.True(exit == 1, $"Exit {exit}, expected 1 (a refusal, not a crash):\n{error}\n{output}");
        Assert.Contains($"The database file {DatabasePath} is damaged", error, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(DatabasePath)));
        Assert.False(File.Exists(DatabasePath + "-wal") && new FileInfo(DatabasePath + "-wal").Length > 0, "Something was written to the file's log.");
    }
}
