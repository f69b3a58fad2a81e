using Npgsql;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A database of its own on the throw-away PostgreSQL server that scripts/test.sh starts (JADESTUDIO_TEST_POSTGRES),
/// dropped afterwards. Without the server the tests say how to get one rather than pass unrun.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Variable = "JADESTUDIO_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name = "jadestudio_test_" + Guid.NewGuid().ToString("N");

    private PostgresServer(string server) => _server = server;

    /// <summary>The new database's connection string.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    public static async Task<PostgresServer> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"No PostgreSQL server for the tests: run scripts/test.sh (it starts one), or set {Variable} to a server's connection string.");
        var database = new PostgresServer(server);
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database._name}\"");
        return database;
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
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }
}
