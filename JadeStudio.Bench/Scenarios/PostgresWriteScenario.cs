using System.Net.Http.Headers;
using System.Text;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using Npgsql;

namespace JadeStudio.Bench.Scenarios;

/// <summary>
/// Scenario 2 on PostgreSQL: judgment writes through one node against a bare endpoint doing one INSERT + COMMIT on the
/// same server, and through two nodes on one database against one node (the same 64 clients, alternately measured).
/// </summary>
public static class PostgresWriteScenario
{
    private const string Judgment = """{"facet": "editquality", "labeldata": {"damaging": false, "goodfaith": true}, "comment": "bench"}""";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(string repository, string work, string server, int clients, TimeSpan duration)
    {
        var database = new NpgsqlConnectionStringBuilder(server) { Database = "jadestudio_bench_" + Guid.NewGuid().ToString("N") }.ConnectionString;
        await ExecuteAsync(server, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(database).Database}\"");
        try
        {
            var token = await SeedAsync(database);
            var settings = new Dictionary<string, string>
            {
                ["JadeStudio__Database__Provider"] = "PostgreSql",
                // Two nodes' pools, their writers and listeners within the server's 100 connections (docs/deployment.md).
                ["ConnectionStrings__JadeStudio"] = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 40 }.ConnectionString,
                ["JadeStudio__Database__MigrateAtStart"] = "false",
            };
            await using var nodeA = await BenchApp.StartAsync(repository, Folder(work, "node-a"), settings);
            var revId = 40_000_000;
            var failed = new System.Collections.Concurrent.ConcurrentQueue<string>();
            // Each load in its steady state, as the reads: each node has just started when it is first measured.
            Task<LoadResult> Writes(BenchApp[] nodes, Action? measuring = null) => Load.RunAsync(clients, duration / 2, async (http, n) =>
            {
                // Every request judges a different edit, spread over the nodes as a load balancer would.
                using var request = new HttpRequestMessage(HttpMethod.Post,
                    new Uri(nodes[Math.Abs(n) % nodes.Length].Address, $"api/v1/artifacts/enwiki/diff/{Interlocked.Increment(ref revId)}/judgments"))
                {
                    Content = new StringContent(Judgment, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    failed.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                return response.IsSuccessStatusCode;
            }, Load.SteadyState, measuring);
            // Where one node's requests spend CPU: the node, and PostgreSQL's processes (the server has nothing else to do).
            double nodeCpu = 0, serverCpu = 0;
            var one = await Writes([nodeA], () => (nodeCpu, serverCpu) = (Machine.CpuMsOf(nodeA.ProcessId), Machine.CpuMsOfAll("postgres")));
            var perRequest = one.Requests + one.Failures;
            (nodeCpu, serverCpu) = ((Machine.CpuMsOf(nodeA.ProcessId) - nodeCpu) / perRequest, (Machine.CpuMsOfAll("postgres") - serverCpu) / perRequest);
            LoadResult baseline;
            await using (var bare = await BareServer.StartPostgresAsync(database))
            {
                baseline = await Load.RunAsync(clients, duration / 2, async (http, _) =>
                {
                    using var response = await http.PostAsync(new Uri(bare.Address, "write"), new StringContent(Judgment, Encoding.UTF8, "application/json"));
                    return response.IsSuccessStatusCode;
                }, Load.SteadyState);
            }
            await using var nodeB = await BenchApp.StartAsync(repository, Folder(work, "node-b"), settings);
            var two = await Writes([nodeA, nodeB]);
            // Measured again after the two-node run, so drift on a shared machine falls on both sides of the ratio.
            var oneAgain = await Writes([nodeA]);
            foreach (var (name, result) in new[] { ("one node", one), ("two nodes", two), ("one node again", oneAgain) })
            {
                if (result.Failures > 0)
                {
                    throw new InvalidOperationException($"PostgreSQL writes ({name}): {result.Failures} requests failed: {string.Join(" | ", failed.Take(3))}");
                }
            }
            var oneNode = (one.PerSecond + oneAgain.PerSecond) / 2;
            return
            [
                new("2 writes, PostgreSQL", $"propose-or-endorse, one node, {clients} clients", "req/s", one.PerSecond, baseline.PerSecond, TargetKind.RatioAtLeast, 2,
                    $"bare INSERT+COMMIT on PostgreSQL: {Measurement.Format(baseline.PerSecond)} req/s; p99 {Measurement.Format(one.P99Ms)} ms; CPU per request: the node {Measurement.Format(nodeCpu)} ms, PostgreSQL {Measurement.Format(serverCpu)} ms"),
                new("2 writes, two nodes", $"propose-or-endorse over two nodes on one database, {clients} clients", "req/s", two.PerSecond, oneNode, TargetKind.RatioAtLeast, 1.6,
                    $"one node: {Measurement.Format(one.PerSecond)} and {Measurement.Format(oneAgain.PerSecond)} req/s; p99 {Measurement.Format(two.P99Ms)} ms; {Environment.ProcessorCount} cores for both nodes, PostgreSQL and the clients"),
            ];
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
        }
    }

    /// <summary>The schema (as the operator's migrate does) and a judge with a token, through Core's own services.</summary>
    private static async Task<string> SeedAsync(string database)
    {
        await using var store = new PostgresStore(database, new WikiCatalog(WikiCatalog.Defaults));
        var contexts = new StoreContextFactory(store);
        await using (var db = contexts.CreateDbContext())
        {
            await store.MigrateAsync(db);
        }
        var clock = TimeProvider.System;
        var actors = new ActorLoader(PermissionOptions.Defaults(), clock);
        await using var writer = new CommandWriter(store, new EventHub(), clock);
        var judge = ActorRef.User((await new UserDirectory(writer, contexts).RecordSignInAsync("bench", "Bench Judge", "Bench Judge", [])).Id);
        (await new JadeStudio.Core.Dumps.RedactionTerms(writer, actors, contexts).AcceptAsync(judge)).OrThrow();
        return (await new ApiTokenService(writer, actors, contexts, clock).CreateAsync(judge, "bench judge", [Right.Judge])).OrThrow().Secret;
    }

    private static string Folder(string work, string name)
    {
        var path = Path.Combine(work, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
