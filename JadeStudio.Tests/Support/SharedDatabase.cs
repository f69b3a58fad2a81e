using JadeStudio.Core.Jobs;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Support;

/// <summary>
/// One database that outlives the app nodes on it, started one after another or side by side, in-process or as
/// processes: a SQLite file in a folder of the test's, or a migrated PostgreSQL database in the PostgreSQL pass.
/// </summary>
public sealed class SharedDatabase : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly PostgresServer? _server;

    private SharedDatabase(PostgresServer? server) => _server = server;

    public static async Task<SharedDatabase> CreateAsync() =>
        new(TestStore.Current == DatabaseProvider.PostgreSql ? await PostgresServer.CreateMigratedDatabaseAsync() : null);

    private string SqlitePath => Path.Combine(_directory.Path, "jadestudio.db");

    /// <summary><paramref name="settings"/> and this database, for an in-process node (<see cref="JadeWebFactory"/>).</summary>
    public Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in ProcessSettings)
        {
            all[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }
        return all;
    }

    /// <summary>This database as environment settings, for a node in its own process (<see cref="AppProcess"/>) or an operator command.</summary>
    public Dictionary<string, string> ProcessSettings => _server is null
        ? new() { ["JadeStudio__DatabasePath"] = SqlitePath }
        : new() { ["JadeStudio__Database__Provider"] = "PostgreSql", ["ConnectionStrings__JadeStudio"] = _server.ConnectionString };

    /// <summary>A job's record, read with no app running.</summary>
    public async Task<BackgroundJob> ReadJobAsync(long jobId)
    {
        if (_server is null)
        {
            return await ReadJobAsync(new SqliteStore(SqlitePath), jobId);
        }
        await using var postgres = new PostgresStore(_server.ConnectionString, new WikiCatalog(WikiCatalog.Defaults));
        return await ReadJobAsync(postgres, jobId);
    }

    private static async Task<BackgroundJob> ReadJobAsync(IDatabaseStore store, long jobId)
    {
        await using var db = new StoreContextFactory(store).CreateDbContext();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _directory.Dispose();
    }
}
