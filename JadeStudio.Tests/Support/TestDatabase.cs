using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Support;

/// <summary>
/// Which store the Core and API suites run on: SQLite unless JADESTUDIO_TEST_STORE=PostgreSql (scripts/test.sh runs the
/// suites once on each). Tests of one store's own ways carry <c>[Trait("Store", "Sqlite")]</c> and run only in the first run.
/// </summary>
public static class TestStore
{
    public const string Variable = "JADESTUDIO_TEST_STORE";

    public static DatabaseProvider Current =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable(Variable), ignoreCase: true, out var provider) ? provider : DatabaseProvider.Sqlite;

    /// <summary>App settings that put an app on its own database of the current store (none for SQLite: its file is in the data folder).</summary>
    public static Dictionary<string, string?> AppSettings(PostgresServer? server) => server is null ? [] : new()
    {
        ["JadeStudio:Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
        ["ConnectionStrings:JadeStudio"] = server.ConnectionString,
    };

    /// <summary>A database of its own on the test server when the current store is PostgreSQL: migrated, or empty as a new server's.</summary>
    public static PostgresServer? CreateServerDatabase(bool migrated = true, DatabaseProvider? provider = null) =>
        (provider ?? Current) != DatabaseProvider.PostgreSql ? null
        : (migrated ? PostgresServer.CreateMigratedDatabaseAsync() : PostgresServer.CreateDatabaseAsync()).GetAwaiter().GetResult();
}

/// <summary>A migrated database of the current store (a SQLite file in its own temporary folder, or a PostgreSQL database), removed afterwards.</summary>
public sealed class TestDatabase : IDisposable, IDbContextFactory<JadeDbContext>
{
    private readonly StoreContextFactory _contexts;
    private readonly PostgresServer? _server;

    private readonly WikiCatalog _wikis;

    public TestDatabase(DatabaseProvider? provider = null, WikiCatalog? wikis = null)
    {
        Directory = new TempDirectory();
        _wikis = wikis ?? new WikiCatalog(WikiCatalog.Defaults);
        _server = TestStore.CreateServerDatabase(provider: provider);
        Store = OpenStore();
        _contexts = new StoreContextFactory(Store);
        using var db = CreateDbContext();
        Store.MigrateAsync(db).GetAwaiter().GetResult();
    }

    public IDatabaseStore Store { get; }

    /// <summary>Another store on this database, as another app node has (its own connections).</summary>
    public IDatabaseStore OpenStore() => _server is null
        ? new SqliteStore(System.IO.Path.Combine(Directory.Path, "test.db"))
        : new PostgresStore(_server.ConnectionString, _wikis);

    /// <summary>The PostgreSQL database's connection string (null on SQLite).</summary>
    public string? ServerConnectionString => _server?.ConnectionString;

    public TempDirectory Directory { get; }

    public JadeDbContext CreateDbContext() => _contexts.CreateDbContext();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Store is PostgresStore postgres)
        {
            postgres.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Dispose();
    }
}

public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jadestudio-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; the OS temp cleaner gets it later.
        }
    }
}
