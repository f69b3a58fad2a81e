using JadeStudio.Hosting;

namespace JadeStudio.Tests.Support;

/// <summary>The real app in its own process (<see cref="WebAppProcess"/>) with a data folder of its own that is deleted afterwards.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly WebAppProcess _process;
    private readonly TempDirectory _data;
    private readonly PostgresServer? _server;

    private AppProcess(WebAppProcess process, TempDirectory data, PostgresServer? server, Dictionary<string, string> settings)
    {
        _process = process;
        _data = data;
        _server = server;
        SharedDatabaseSettings = settings.Where(s => s.Key is "JadeStudio__Database__Provider" or "ConnectionStrings__JadeStudio").ToDictionary();
        SharedDatabaseSettings["JadeStudio__DatabasePath"] = settings.GetValueOrDefault("JadeStudio__DatabasePath") ?? Path.Combine(data.Path, "jadestudio.db");
    }

    /// <summary>Settings that put another node on this node's database (its SQLite file, or its PostgreSQL database).</summary>
    public Dictionary<string, string> SharedDatabaseSettings { get; }

    public Uri BaseAddress => _process.Address;

    public string DataDirectory => _data.Path;

    public string Log => _process.Log;

    /// <summary>Stops the app with SIGTERM; its exit code, or null when it has not ended within <paramref name="timeout"/>.</summary>
    public Task<int?> TerminateAsync(TimeSpan timeout) => _process.TerminateAsync(timeout);

    /// <summary>Completes once the app writes a line that matches (a line written already counts).</summary>
    public Task LineAsync(Func<string, bool> match) => _process.LineAsync(match);

    /// <summary>
    /// Starts the app on a database of its own of the current test store or of <paramref name="store"/> (migrated, unless
    /// <paramref name="migratedDatabase"/> is false), or on the one <paramref name="environment"/> names.
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, bool migratedDatabase = true,
        JadeStudio.Core.Storage.DatabaseProvider? store = null)
    {
        var data = new TempDirectory();
        var server = environment?.ContainsKey("ConnectionStrings__JadeStudio") == true || environment?.ContainsKey("JadeStudio__DatabasePath") == true
            ? null : TestStore.CreateServerDatabase(migratedDatabase, store);
        var settings = new Dictionary<string, string>
        {
            ["JadeStudio__DataDirectory"] = data.Path,
            // The same demo data the tests read, wherever the shared folder was found (a CI clone has none above it).
            ["JadeStudio__DemoData__Directory"] = RepositoryPaths.SharedData,
            // No test reaches a real wiki.
            ["JadeStudio__WikiContent__Enabled"] = "false",
            // A test's fake wiki answers what that test asks; blocks are read only where a test turns them on.
            ["JadeStudio__WikiBlocks__Enabled"] = "false",
            // Jobs start as soon as the schema is current, not a few seconds later as on a restarted node.
            ["JadeStudio__Jobs__StartDelaySeconds"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in TestStore.AppSettings(server))
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        try
        {
            return new AppProcess(await WebAppProcess.StartAsync(RepositoryPaths.WebExecutable, settings), data, server, settings);
        }
        catch
        {
            data.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _data.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
