using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>The SQLite store from an empty file, and the files it refuses to serve.</summary>
[Trait("Store", "Sqlite")]
public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private JadeDbContext Context(string name)
    {
        var builder = new DbContextOptionsBuilder<JadeDbContext>();
        SqliteDatabase.Configure(builder, Path.Combine(_folder.Path, name));
        return new JadeDbContext(builder.Options);
    }

    [Fact]
    public async Task Every_migration_from_an_empty_file_gives_exactly_the_model_with_its_search_table_and_expression_index()
    {
        await using var db = Context("empty.db");

        await SqliteDatabase.MigrateAsync(db);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration makes: add one with scripts/add-migration.sh.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var objects = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master").ToListAsync();
        Assert.Contains("text_search", objects);
        Assert.Contains("IX_scores_true_probability", objects);
        Assert.Equal("wal", (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync()).Single());
    }

    [Fact]
    public async Task A_file_from_an_earlier_build_is_refused_with_what_to_do()
    {
        var path = Path.Combine(_folder.Path, "old.db");
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261120215612_Initial', '6.0.7');
                """;
            await command.ExecuteNonQueryAsync();
        }
        await using var db = Context("old.db");

        var refused = await Assert.ThrowsAsync<DatabaseStartupException>(() => SqliteDatabase.MigrateAsync(db));

        Assert.Contains("earlier build", refused.Message);
        Assert.Contains("delete the file", refused.Message);
        Assert.Contains(path, refused.Message);
    }

    [Fact]
    public async Task A_damaged_file_is_refused_and_not_served()
    {
        var path = Path.Combine(_folder.Path, "damaged.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        await using var db = Context("damaged.db");

        var refused = await Assert.ThrowsAsync<DatabaseStartupException>(() => SqliteDatabase.MigrateAsync(db));

        Assert.Contains("damaged", refused.Message);
        Assert.Contains("restore it from a backup", refused.Message);
    }

    [Fact]
    public async Task The_check_begun_while_the_app_is_built_refuses_a_file_damaged_inside()
    {
        // A readable file (its header and schema intact) with one table page overwritten: only a check of every page finds it.
        var path = Path.Combine(_folder.Path, "inside.db");
        await using (var file = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await file.OpenAsync();
            await using var command = file.CreateCommand();
            command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO notes SELECT i, printf('note %d of many', i) FROM n;";
            await command.ExecuteNonQueryAsync();
        }
        await using (var bytes = File.OpenWrite(path))
        {
            bytes.Position = 4096 * 5;
            bytes.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }
        var store = new SqliteStore(path);
        await using var db = new StoreContextFactory(store).CreateDbContext();

        store.BeginStartupChecks();
        var refused = await Assert.ThrowsAsync<DatabaseStartupException>(() => store.VerifyAsync(db));

        Assert.Contains("damaged", refused.Message);
        // Taken up once: the next call checks the file again, and finds the same.
        Assert.Contains("damaged", (await Assert.ThrowsAsync<DatabaseStartupException>(() => store.MigrateAsync(db))).Message);
    }

    [Fact]
    public async Task A_first_start_begins_the_check_before_the_file_exists_and_migrates_a_new_one()
    {
        var path = Path.Combine(_folder.Path, "new.db");
        var store = new SqliteStore(path);
        await using var db = new StoreContextFactory(store).CreateDbContext();

        store.BeginStartupChecks();
        await store.MigrateAsync(db);

        Assert.True(File.Exists(path));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        store.BeginStartupChecks();
        Assert.Empty(await store.VerifyAsync(db));
    }

    [Fact]
    public async Task A_start_with_nothing_to_apply_writes_nothing_to_the_file()
    {
        var path = Path.Combine(_folder.Path, "current.db");
        await using (var first = Context("current.db"))
        {
            await SqliteDatabase.MigrateAsync(first);
        }
        SqliteConnection.ClearAllPools();
        // A file nobody may write to: EF Core's migrator would take its lock with an INSERT here.
        var builder = new DbContextOptionsBuilder<JadeDbContext>();
        builder.UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await using var readOnly = new JadeDbContext(builder.Options);

        var applied = await SqliteDatabase.MigrateAsync(readOnly);

        Assert.Empty(applied);
    }
}
