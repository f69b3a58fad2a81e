using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace JadeStudio.Tests.Api;

/// <summary>A node whose PostgreSQL server goes away and comes back: clear answers meanwhile, nothing half done, service after.</summary>
[Trait("Store", "PostgreSql")]
public sealed class DatabaseOutageTests
{
    private const string Judgment = """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":true}}""";

    [Fact]
    public async Task While_the_database_cannot_be_reached_the_API_answers_503_with_Retry_After_changes_nothing_and_serves_again_after()
    {
        await using var node = NodeOnALine.Start(await PostgresServer.CreateMigratedDatabaseAsync(), "Development");
        var (database, line, app) = (node.Database, node.Line, node.App);
        var api = new ApiHarness(app);
        var judge = await api.UserAsync(ApiHarness.Unique("Outage judge"), "autoconfirmed");
        var token = await api.TokenAsync(judge, Right.Judge);
        var revId = ApiHarness.UniqueRevId();
        var artifact = $"/api/v1/artifacts/enwiki/diff/{revId}";
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(artifact)).StatusCode);

        await line.CutAsync();

        foreach (var response in new[]
        {
            // An artifact not read before (one read before may be served from the node's cache, which is right).
            await client.GetAsync($"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}"),
            await client.SendAsync(ApiHarness.Request(HttpMethod.Post, artifact + "/judgments", token, Judgment)),
        })
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"{response.RequestMessage?.Method} answered {response.StatusCode}; errors logged: {node.LoggedErrors()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("jade-databaseunavailable", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
        }
        // A page's write reaches the node's writer (the API's stopped at its rate count): the first finds the writer's
        // connection broken, the second the writer's own attempt to reconnect refused; both are "unavailable", not errors.
        var judgments = app.Services.GetRequiredService<JudgmentService>();
        var onPage = CoreHarness.Propose(true, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, revId));
        for (var write = 0; write < 2; write++)
        {
            Assert.IsType<JadeError.DatabaseUnavailable>((await judgments.ProposeOrEndorseAsync(ActorRef.User(judge), onPage)).Error);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        // Read past the cut line: the refused write left nothing behind.
        Assert.Equal(0, await ProposalsAsync(database.ConnectionString));

        line.Restore();
        // Connections broken by the cut are found out on their first use (each such request answers 503 again); a few
        // requests later the node serves as before, without a restart.
        HttpStatusCode saved = default;
        for (var attempt = 0; attempt < 10 && saved is not (HttpStatusCode.OK or HttpStatusCode.Created); attempt++)
        {
            saved = (await client.SendAsync(ApiHarness.Request(HttpMethod.Post, artifact + "/judgments", token, Judgment))).StatusCode;
            Assert.True(saved is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"after the outage a write answered {saved}; errors logged: {node.LoggedErrors()}");
        }
        Assert.True(saved is HttpStatusCode.OK or HttpStatusCode.Created, "The node did not serve writes again after the database came back.");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(1, await ProposalsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task A_node_waiting_for_its_migrations_whose_database_goes_away_answers_503_not_an_error_page()
    {
        await using var node = NodeOnALine.Start(await PostgresServer.CreateDatabaseAsync(), "Production", migrateAtStart: false);
        var client = node.App.CreateClient();
        Assert.Equal("notready", (await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/wikis"))).GetProperty("code").GetString());

        await node.Line.CutAsync();

        // The schema gate asks the database before the API's error handling runs: it must not fail the request itself.
        var api = await client.GetAsync("/api/v1/wikis");
        Assert.True(api.StatusCode == HttpStatusCode.ServiceUnavailable, $"the API answered {api.StatusCode}; errors logged: {node.LoggedErrors()}");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal("notready", (await ApiHarness.JsonAsync(api)).GetProperty("code").GetString());
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/")).StatusCode);
    }

    /// <summary>An app node whose PostgreSQL database is reached through a line the test can cut, with the node's log kept.</summary>
    private sealed class NodeOnALine(PostgresServer database, TcpForwarder line, FakeLoggerProvider log, JadeWebFactory app) : IAsyncDisposable
    {
        public PostgresServer Database => database;

        public TcpForwarder Line => line;

        public JadeWebFactory App => app;

        /// <summary>What the node logged as errors, for a failure's message: which exception was not recognised as the database's absence.</summary>
        public string LoggedErrors() => string.Join(" | ", log.Collector.GetSnapshot()
            // EF Core and Quartz log every refused connection as an error; the request's own failure is logged elsewhere.
            .Where(entry => entry.Level >= LogLevel.Error && entry.Category?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) != true
                && entry.Category?.StartsWith("Quartz", StringComparison.Ordinal) != true)
            .Select(entry => $"{entry.Category}: {entry.Message} {entry.Exception}"));

        public static NodeOnALine Start(PostgresServer database, string environment, bool migrateAtStart = true)
        {
            var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var line = new TcpForwarder(direct.Host!, direct.Port);
            var throughLine = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = line.Port, Timeout = 3 };
            var log = new FakeLoggerProvider();
            var app = new JadeWebFactory(environment, new Dictionary<string, string?>
            {
                ["JadeStudio:Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:JadeStudio"] = throughLine.ConnectionString,
                ["JadeStudio:Database:MigrateAtStart"] = migrateAtStart ? "true" : "false",
            }, services => services.AddSingleton<ILoggerProvider>(log));
            return new NodeOnALine(database, line, log, app);
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            log.Dispose();
            await line.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static async Task<long> ProposalsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM proposals", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
