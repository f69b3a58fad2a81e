using System.Net;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
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
        await using var database = await PostgresServer.CreateMigratedDatabaseAsync();
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var line = new TcpForwarder(direct.Host!, direct.Port);
        var throughLine = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = line.Port, Timeout = 3 };
        await using var app = new JadeWebFactory("Development", new Dictionary<string, string?>
        {
            ["JadeStudio:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:JadeStudio"] = throughLine.ConnectionString,
        });
        var api = new ApiHarness(app);
        var token = await api.TokenAsync(await api.UserAsync(ApiHarness.Unique("Outage judge"), "autoconfirmed"), Right.Judge);
        var artifact = $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}";
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
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("jade-databaseunavailable", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
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
            Assert.True(saved is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"after the outage a write answered {saved}");
        }
        Assert.True(saved is HttpStatusCode.OK or HttpStatusCode.Created, "The node did not serve writes again after the database came back.");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(1, await ProposalsAsync(database.ConnectionString));
    }

    private static async Task<long> ProposalsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM proposals", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
