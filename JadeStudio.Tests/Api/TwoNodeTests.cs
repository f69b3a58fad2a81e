using System.Net;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>Two app nodes on one PostgreSQL database, as behind a load balancer: what a client does through one, the other knows.</summary>
[Trait("Store", "PostgreSql")]
public sealed class TwoNodeTests : IAsyncLifetime
{
    private TwoNodeApps _nodes = default!;
    private JadeWebFactory _nodeA = default!;
    private JadeWebFactory _nodeB = default!;

    public async Task InitializeAsync()
    {
        // One clock for both nodes, stopped: the write limit's window cannot roll over during the test.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        _nodes = await TwoNodeApps.StartAsync(new Dictionary<string, string?>
        {
            ["JadeStudio:Api:WritesPerWindow"] = "3",
            ["JadeStudio:Api:WriteWindowSeconds"] = "3600",
            // Only another node's notice wakes an idle stream here, not its heartbeat.
            ["JadeStudio:Api:HeartbeatSeconds"] = "3600",
        }, services => services.AddSingleton<TimeProvider>(clock));
        (_nodeA, _nodeB) = (_nodes.A, _nodes.B);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_tokens_write_limit_holds_across_both_nodes()
    {
        var api = new ApiHarness(_nodeA);
        var token = await api.TokenAsync(await api.UserAsync("Two-node writer"), Right.Judge);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var client = (i % 2 == 0 ? _nodeA : _nodeB).CreateClient();
            var response = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}/judgments", token,
                """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}"""));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_judgment_made_through_one_node_reaches_the_other_nodes_event_stream_once_and_in_order()
    {
        var api = new ApiHarness(_nodeA);
        var token = await api.TokenAsync(await api.UserAsync("Streamed writer", "autoconfirmed"), Right.Judge);
        var revId = ApiHarness.UniqueRevId();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var onB = _nodeB.CreateClient();
        using var stream = await SseReader.OpenAsync(onB, $"/api/v1/events?artifact=enwiki/diff/{revId}", cancellationToken: timeout.Token);

        using var onA = _nodeA.CreateClient();
        var written = await onA.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{revId}/judgments", token,
            """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}"""));
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        await using var db = await _nodeA.Services.GetRequiredService<IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContextAsync();
        var artifactId = await db.Artifacts.Where(a => a.RevId == revId).Select(a => a.Id).SingleAsync();
        var expected = await db.Events.Where(e => e.ArtifactId == artifactId).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();

        var received = new List<string>();
        while (received.Count < expected.Count && await stream.NextAsync(timeout.Token) is { } message)
        {
            received.Add(message.Id!);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(JadeStudio.Core.Events.FeedCursor.Encode), received);
    }
}

/// <summary>Many clients at once through two nodes on one PostgreSQL database.</summary>
[Trait("Store", "PostgreSql")]
public sealed class TwoNodeLoadTests
{
    [Fact]
    public async Task Sixty_four_clients_split_over_both_nodes_keep_every_JADE_and_workset_rule_and_get_no_5xx()
    {
        await using var nodes = await TwoNodeApps.StartAsync(new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "1000" });
        var api = new ApiHarness(nodes.A);
        var clients = new List<string>();
        for (var i = 0; i < 64; i++)
        {
            clients.Add(await api.TokenAsync(await api.UserAsync(ApiHarness.Unique("Client"), "autoconfirmed"), Right.Judge));
        }
        var revId = ApiHarness.UniqueRevId();
        string[] labels = ["""{"damaging":false,"goodfaith":true}""", """{"damaging":true,"goodfaith":false}""", """{"damaging":true,"goodfaith":true}"""];
        HttpClient Through(int i) => (i % 2 == 0 ? nodes.A : nodes.B).CreateClient();

        // Everyone judges the same edit at once, half through each node; then everyone changes their mind at once.
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 2; round++)
        {
            statuses.AddRange(await Task.WhenAll(clients.Select((token, i) => Task.Run(async () =>
            {
                using var client = Through(i + round);
                var response = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{revId}/judgments", token,
                    $$"""{"facet":"editquality","labeldata":{{labels[(i + round) % labels.Length]}}}"""));
                return response.StatusCode;
            }))));
        }
        // Then 16 of them ask for worksets of a campaign with room for 8, half through each node.
        var researcher = await api.UserAsync(ApiHarness.Unique("Researcher"), "researcher");
        var campaign = await TwoNodeApps.CampaignWithTasksAsync(nodes.A, researcher, "Two-node campaign", labelsPerTask: 2, tasks: 20);
        var worksets = await Task.WhenAll(clients.Take(16).Select((token, i) => Task.Run(async () =>
        {
            using var client = Through(i);
            return (await client.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/worksets", token))).StatusCode;
        })));

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"judgment answered {status}"));
        Assert.Equal(8, worksets.Count(s => s == HttpStatusCode.Created));
        Assert.All(worksets.Where(s => s != HttpStatusCode.Created), status => Assert.Equal(HttpStatusCode.Conflict, status));
        await using var db = await nodes.A.Services.GetRequiredService<IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContextAsync();
        var artifactId = await db.Artifacts.Where(a => a.RevId == revId).Select(a => a.Id).SingleAsync();
        var proposals = await db.Proposals.Where(p => p.ArtifactId == artifactId).ToListAsync();
        var endorsements = await db.Endorsements.Where(e => e.ArtifactId == artifactId).ToListAsync();
        JadeRules.AssertHeld(proposals, endorsements, users: 64);
        var assignments = await db.Assignments.Where(a => db.Worksets.Any(w => w.Id == a.WorksetId && w.CampaignId == campaign)).ToListAsync();
        Assert.Equal(40, assignments.Count);
        Assert.All(assignments.GroupBy(a => a.TaskId), task => Assert.Equal(2, task.Select(a => a.UserId).Distinct().Count()));
    }
}

/// <summary>Background jobs on two nodes sharing one database: each runs once, on one of them, and both hear its progress.</summary>
[Trait("Store", "PostgreSql")]
public sealed class TwoNodeJobTests
{
    [Fact]
    public async Task Jobs_started_through_both_nodes_each_run_once_and_every_nodes_pages_hear_their_progress()
    {
        await using var nodes = await TwoNodeApps.StartAsync(new Dictionary<string, string?>
        {
            ["JadeStudio:WikiContent:Enabled"] = "true",
            ["JadeStudio:Jobs:IdleWaitSeconds"] = "1",
        }, services => services.AddSingleton<JadeStudio.Core.WikiContent.IWikiContentSource>(new ScriptedWiki()));
        var api = new ApiHarness(nodes.A);
        var researcher = await api.UserAsync(ApiHarness.Unique("Job researcher"), "researcher");
        var campaign = await TwoNodeApps.CampaignWithTasksAsync(nodes.A, researcher, "Two-node jobs", labelsPerTask: 1, tasks: 120);
        var heardOnA = new System.Collections.Concurrent.ConcurrentDictionary<long, byte>();
        var hubA = nodes.A.Services.GetRequiredService<JadeStudio.Core.Jobs.JobHub>();
        void Heard(long jobId) => heardOnA.TryAdd(jobId, 0);
        hubA.Changed += Heard;

        var started = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            (await (i % 2 == 0 ? nodes.A : nodes.B).Services.GetRequiredService<JadeStudio.Core.Jobs.JobQueue>().StartCampaignContentAsync(ActorRef.User(researcher), campaign))!.Id)));
        await JobWaiter.FinishedAsync(nodes.A.Services, started);
        hubA.Changed -= Heard;

        await using var db = await nodes.A.Services.GetRequiredService<IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContextAsync();
        var jobs = await db.Jobs.Where(j => started.Contains(j.Id)).ToListAsync();
        Assert.Equal(12, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal(JadeStudio.Core.Jobs.JobState.Succeeded, job.State);
            Assert.Equal(1, job.Runs);
            Assert.Equal(120, job.Done);
        });
        // Node A heard every job move, also those node B started and ran: progress travels through the database.
        Assert.Superset(started.ToHashSet(), heardOnA.Keys.ToHashSet());
    }
}

/// <summary>Two in-process app nodes on one new PostgreSQL database.</summary>
internal sealed class TwoNodeApps : IAsyncDisposable
{
    private readonly PostgresServer _database;

    private TwoNodeApps(PostgresServer database, JadeWebFactory a, JadeWebFactory b) => (_database, A, B) = (database, a, b);

    public JadeWebFactory A { get; }

    public JadeWebFactory B { get; }

    public static async Task<TwoNodeApps> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var database = await PostgresServer.CreateMigratedDatabaseAsync();
        var shared = new Dictionary<string, string?>(settings)
        {
            ["JadeStudio:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:JadeStudio"] = database.ConnectionString,
        };
        var nodes = new TwoNodeApps(database, new JadeWebFactory("Development", shared, services), new JadeWebFactory("Development", shared, services));
        _ = (nodes.A.Services, nodes.B.Services);
        return nodes;
    }

    /// <summary>A new enwiki campaign of <paramref name="researcher"/>'s with <paramref name="tasks"/> new edits, made through <paramref name="node"/>.</summary>
    public static async Task<long> CampaignWithTasksAsync(JadeWebFactory node, long researcher, string name, int labelsPerTask, int tasks)
    {
        var campaign = (await node.Services.GetRequiredService<JadeStudio.Core.Campaigns.CampaignService>().CreateAsync(ActorRef.User(researcher),
            new JadeStudio.Core.Campaigns.CampaignDraft("enwiki", ApiHarness.Unique(name), "editquality", JadeStudio.Core.Campaigns.CampaignView.Diff, labelsPerTask, 5,
                TimeSpan.FromDays(1), true, null, null))).OrThrow().Id;
        using var upload = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, tasks).Select(_ => ApiHarness.UniqueRevId()))));
        (await node.Services.GetRequiredService<JadeStudio.Core.Imports.ImportService>().ImportAsync(ActorRef.User(researcher), campaign, upload,
            "tasks.txt", JadeStudio.Core.Imports.ImportMode.AllOrNothing, 1_000_000)).OrThrow();
        return campaign;
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await _database.DisposeAsync();
    }
}
