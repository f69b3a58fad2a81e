using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using Npgsql;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A database of its own on the throw-away PostgreSQL server that scripts/test.sh starts (JADESTUDIO_TEST_POSTGRES),
/// dropped afterwards. Without the server the tests say how to get one rather than pass unrun.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Variable = "JADESTUDIO_TEST_POSTGRES";

    /// <summary>Migrated once per test run; every migrated test database is a copy of it (a copy costs far less than migrating).</summary>
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    private readonly string _server;
    private readonly string _name = "jadestudio_test_" + Guid.NewGuid().ToString("N");

    private PostgresServer(string server) => _server = server;

    /// <summary>The new database's connection string.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    private static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"No PostgreSQL server for the tests: run scripts/test.sh (it starts one), or set {Variable} to a server's connection string.");

    /// <summary>An empty database.</summary>
    public static async Task<PostgresServer> CreateDatabaseAsync()
    {
        var database = new PostgresServer(Server);
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database._name}\"");
        return database;
    }

    /// <summary>A database with this build's schema.</summary>
    public static async Task<PostgresServer> CreateMigratedDatabaseAsync()
    {
        var template = await TemplateAsync();
        var database = new PostgresServer(Server);
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database._name}\" TEMPLATE \"{template}\"");
        return database;
    }

    private static async Task<string> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var template = await CreateDatabaseAsync();
                await using (var store = new PostgresStore(template.ConnectionString, new WikiCatalog(WikiCatalog.Defaults)))
                {
                    await using var db = new StoreContextFactory(store).CreateDbContext();
                    await store.MigrateAsync(db);
                }
                // A template must have no open connections while it is copied.
                NpgsqlConnection.ClearAllPools();
                _template = template._name;
                // Dropped with the server at the end of the run (scripts/test.sh removes the whole server).
            }
            return _template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }
}
