using Microsoft.Data.Sqlite;

namespace JadeStudio.Bench;

/// <summary>
/// The baselines of the HTTP scenarios: a bare Kestrel app in this process with one endpoint each —
/// nothing between the socket and the work but Kestrel and minimal routing.
/// </summary>
public sealed class BareServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="databasePath">A SQLite file for the one-INSERT-per-request endpoint (WAL, synchronous=FULL, like the app).</param>
    /// <param name="staticBody">The bytes the static endpoint answers with.</param>
    public static async Task<BareServer> StartAsync(string databasePath, byte[] staticBody)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        using (var setup = Open(databasePath))
        using (var command = setup.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY, rev INTEGER NOT NULL, body TEXT NOT NULL);";
            command.ExecuteNonQuery();
        }

        app.MapPost("/write", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await using var connection = Open(databasePath);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO writes (rev, body) VALUES ($rev, $body)";
            command.Parameters.AddWithValue("$rev", body.Length);
            command.Parameters.AddWithValue("$body", body);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Results.Json(new { result = "created" }, statusCode: 201);
        });
        app.MapGet("/static", () => Results.Bytes(staticBody, "application/json"));

        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new BareServer(app, address);
    }

    /// <summary>The write baseline on PostgreSQL: one INSERT + COMMIT per request through a pooled Npgsql connection.</summary>
    public static async Task<BareServer> StartPostgresAsync(string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using (var setup = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS bare_writes (id bigserial PRIMARY KEY, rev integer NOT NULL, body text NOT NULL)"))
        {
            await setup.ExecuteNonQueryAsync();
        }
        app.MapPost("/write", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new Npgsql.NpgsqlCommand("INSERT INTO bare_writes (rev, body) VALUES (@rev, @body)", connection, transaction);
            command.Parameters.AddWithValue("rev", body.Length);
            command.Parameters.AddWithValue("body", body);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Results.Json(new { result = "created" }, statusCode: 201);
        });
        app.Lifetime.ApplicationStopped.Register(dataSource.Dispose);
        await app.StartAsync();
        return new BareServer(app, new Uri(app.Urls.First()));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=True");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
