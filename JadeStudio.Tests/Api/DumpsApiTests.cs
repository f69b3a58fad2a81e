using System.Net;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace JadeStudio.Tests.Api;

/// <summary>Dumps, the query API and saved queries as tools meet them over HTTP.</summary>
public sealed class DumpsApiTests : IClassFixture<DumpsApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?>
    {
        ["JadeStudio:Api:WritesPerWindow"] = "100000",
        ["JadeStudio:Jobs:IdleWaitSeconds"] = "1",
    });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public DumpsApiTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    private static async Task<(int Status, string? Code, System.Text.Json.JsonElement Body)> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await ApiHarness.JsonAsync(response);
        return ((int)response.StatusCode, body.GetProperty("code").GetString(), body);
    }

    [Fact]
    public async Task Public_dump_files_download_for_anyone_and_full_ones_only_with_viewprivatedumps()
    {
        var (publicDump, fullDump) = await DumpRuns.WriteAsync(_app.Services);
        var client = _app.CreateClient();
        var reviewer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Dump reader"), "autoconfirmed"), Right.Judge);
        var oversighter = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Dump oversighter"), "oversight"), Right.ViewPrivateDumps);

        var list = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/dumps"));
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetInt64() == publicDump.Id && d.GetProperty("available").GetBoolean());
        Assert.DoesNotContain(list.EnumerateArray(), d => d.GetProperty("id").GetInt64() == fullDump.Id);

        var parquet = await client.GetAsync($"/api/v1/dumps/{publicDump.Id}/files/events.parquet");
        Assert.Equal(HttpStatusCode.OK, parquet.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PAR1", System.Text.Encoding.ASCII.GetString((await parquet.Content.ReadAsByteArrayAsync())[..4]));
        var range = ApiHarness.Request(HttpMethod.Get, $"/api/v1/dumps/{publicDump.Id}/files/manifest.json");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 9);
        Assert.Equal(HttpStatusCode.PartialContent, (await client.SendAsync(range)).StatusCode);

        foreach (var (token, status, code) in new[] { ((string?)null, 401, "notloggedin"), (reviewer, 403, "permissiondenied") })
        {
            var refused = await ProblemAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Get, $"/api/v1/dumps/{fullDump.Id}/files/events.jsonl.gz", token)));
            Assert.Equal((status, code), (refused.Status, refused.Code));
        }
        var full = await client.SendAsync(ApiHarness.Request(HttpMethod.Get, $"/api/v1/dumps/{fullDump.Id}/files/events.jsonl.gz", oversighter));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        // Neither dump's file is kept by a proxy or CDN in front of the app: the full one is the oversighter's alone.
        Assert.All(new[] { full, parquet }, file => Assert.True(file.Headers.CacheControl is { Private: true, NoCache: true }, file.Headers.CacheControl?.ToString()));
        Assert.Equal((404, "jade-entitynotfound"), ((await ProblemAsync(await client.GetAsync($"/api/v1/dumps/{publicDump.Id}/files/secrets.txt"))).Status,
            (await ProblemAsync(await client.GetAsync($"/api/v1/dumps/{publicDump.Id}/files/secrets.txt"))).Code));
    }

    [Fact]
    public async Task A_suppression_makes_older_public_dumps_unavailable_until_the_run_it_queues_rewrites_them()
    {
        var author = ActorRef.User(await _api.UserAsync(ApiHarness.Unique("Dump author"), "autoconfirmed"));
        var oversighter = ActorRef.User(await _api.UserAsync(ApiHarness.Unique("Dump suppressor"), "oversight"));
        var artifact = new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, ApiHarness.UniqueRevId());
        var proposal = (await _app.Services.GetRequiredService<JadeStudio.Core.Judgments.JudgmentService>().ProposeOrEndorseAsync(author,
            new JadeStudio.Core.Judgments.ProposeRequest(artifact, "editquality", CoreHarness.EditQuality(true, false), "phone number 555-0199 in the notes"))).OrThrow().ProposalId!.Value;
        var (before, _) = await DumpRuns.WriteAsync(_app.Services);
        var client = _app.CreateClient();
        Assert.Contains("555-0199", await DumpContents.GunzipAsync(Path.Combine(_app.Services.GetRequiredService<DumpCatalog>().DirectoryOf(before), "proposals.jsonl.gz")));
        var ran = await DumpRuns.NextAsync(_app.Services);
        // The run the suppression queues would finish in milliseconds: the scheduler holds it while the old dump is asked for.
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();

        (await _app.Services.GetRequiredService<VisibilityService>().SetAsync(oversighter,
            new VisibilityRequest(new ItemRef(ItemKind.Proposal, proposal), HideableField.Text, FieldVisibility.Suppressed, "phone number"))).OrThrow();

        var refused = await ProblemAsync(await client.GetAsync($"/api/v1/dumps/{before.Id}/files/proposals.jsonl.gz"));
        Assert.Equal((409, "jade-dumpunavailable"), (refused.Status, refused.Code));
        Assert.Equal("awaitingRewrite", refused.Body.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/dumps/{before.Id}/files/proposals.jsonl.gz")).StatusCode);

        await scheduler.Start();
        await ran.WaitAsync(TimeSpan.FromSeconds(90));

        var rewritten = await client.GetAsync($"/api/v1/dumps/{before.Id}/files/proposals.jsonl.gz");
        Assert.Equal(HttpStatusCode.OK, rewritten.StatusCode);
        Assert.DoesNotContain("555-0199", await DumpContents.GunzipAsync(await rewritten.Content.ReadAsStreamAsync()));
        var dumps = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/dumps"));
        var newest = dumps.EnumerateArray().First();
        Assert.True(newest.GetProperty("id").GetInt64() > before.Id);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, dumps.EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == before.Id).GetProperty("rewrittenAt").ValueKind);
        var redactions = await client.GetAsync($"/api/v1/dumps/{newest.GetProperty("id").GetInt64()}/files/redactions.jsonl.gz");
        Assert.Contains($"{{\"table\":\"proposals\",\"id\":{proposal},\"field\":\"notes\"}}", await DumpContents.GunzipAsync(await redactions.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task Dumps_are_written_on_request_only_with_viewprivatedumps()
    {
        var reviewer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Dump requester"), "autoconfirmed"), Right.Judge);
        var oversighter = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Dump steward"), "oversight"), Right.ViewPrivateDumps);
        var client = _app.CreateClient();

        var refused = await ProblemAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/dumps", reviewer)));
        Assert.Equal((403, "permissiondenied"), (refused.Status, refused.Code));

        var ran = await DumpRuns.NextAsync(_app.Services);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/dumps", oversighter))).StatusCode);
        await ran.WaitAsync(TimeSpan.FromSeconds(90));

        var all = await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/dumps", oversighter)));
        Assert.Contains(all.EnumerateArray(), d => d.GetProperty("kind").GetString() == "full" && d.GetProperty("state").GetString() == "ready");
        Assert.Contains(all.EnumerateArray(), d => d.GetProperty("kind").GetString() == "public" && d.GetProperty("state").GetString() == "ready");
    }

    [Fact]
    public async Task Queries_run_download_and_save_and_every_refusal_is_a_problem_with_a_code()
    {
        // At least one event in the dump the saved query counts, whichever test ran before.
        await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("Query subject")), new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, ApiHarness.UniqueRevId()), damaging: true);
        await DumpRuns.WriteAsync(_app.Services);
        var client = _app.CreateClient();

        var table = await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/query", json: """{"sql":"SELECT 1 AS one, 'x' AS two"}""")));
        Assert.Equal("one", table.GetProperty("columns")[0].GetString());
        Assert.Equal(1, table.GetProperty("rows")[0][0].GetInt32());
        var csv = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/query?format=csv", json: """{"sql":"SELECT 1 AS one, 'x' AS two"}"""));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("one,two", await csv.Content.ReadAsStringAsync());

        foreach (var (body, query, status, problem) in new[]
        {
            ("""{"sql":"COPY proposals TO 'x.csv'"}""", "", 400, "notASelect"),
            ("""{"sql":"SELECT * FROM read_csv('/etc/passwd')"}""", "", 400, "failed"),
            ("""{"sql":""}""", "", 400, "empty"),
            ("""{}""", "", 400, "empty"),
        })
        {
            var refused = await ProblemAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/query" + query, json: body)));
            Assert.Equal((status, "jade-queryrefused", problem), (refused.Status, refused.Code, refused.Body.GetProperty("problem").GetString()));
        }
        Assert.Equal((400, "jade-invalidfilter"), await StatusAndCodeAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/query?format=xml", json: """{"sql":"SELECT 1"}"""))));
        Assert.Equal((400, "badrequest"), await StatusAndCodeAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/query", json: "{not json"))));

        Assert.Equal((401, "notloggedin"), await StatusAndCodeAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/queries", json: """{"title":"t","sql":"SELECT 1"}"""))));
        var user = await _api.UserAsync(ApiHarness.Unique("Query saver"));
        var token = await _api.TokenAsync(user, Right.SaveQueries);
        var saved = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/queries", token, """{"title":"Counting","sql":"SELECT count(*) AS n FROM events"}"""));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var savedBody = await ApiHarness.JsonAsync(saved);
        var id = savedBody.GetProperty("id").GetInt64();
        Assert.Equal($"/query/{id}", savedBody.GetProperty("permalink").GetString());
        var again = await client.GetAsync($"/api/v1/queries/{id}/results?format=json");
        Assert.Equal("application/json", again.Content.Headers.ContentType?.MediaType);
        Assert.True((await ApiHarness.JsonAsync(again))[0].GetProperty("n").GetInt64() > 0);
        Assert.Equal((404, "jade-entitynotfound"), await StatusAndCodeAsync(await client.GetAsync("/api/v1/queries/999999999")));
    }

    [Fact]
    public async Task A_query_deleted_the_moment_it_is_saved_still_answers_its_save_as_created()
    {
        await DumpRuns.WriteAsync(_app.Services);
        var client = _app.CreateClient();
        var token = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Hasty saver")), Right.SaveQueries);
        var last = (await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/queries", token, """{"title":"First","sql":"SELECT 1"}"""))))
            .GetProperty("id").GetInt64();
        var deletedBeforeTheAnswer = 0;
        for (var round = 0; round < 30; round++)
        {
            // The author deletes the next query as soon as it exists (the id is the next one: nobody else saves here),
            // racing the save's own answer.
            var next = last + 1;
            var save = client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/queries", token, $$"""{"title":"Round {{round}}","sql":"SELECT {{round}}"}"""));
            var deleter = Task.Run(async () =>
            {
                while (!save.IsCompleted)
                {
                    if ((await client.SendAsync(ApiHarness.Request(HttpMethod.Delete, $"/api/v1/queries/{next}", token))).StatusCode == HttpStatusCode.NoContent)
                    {
                        return true;
                    }
                }
                return false;
            });
            var answer = await save;
            var deleted = await deleter;
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            var body = await ApiHarness.JsonAsync(answer);
            Assert.Equal(next, body.GetProperty("id").GetInt64());
            Assert.Equal($"Round {round}", body.GetProperty("title").GetString());
            Assert.Equal($"SELECT {round}", body.GetProperty("sql").GetString());
            Assert.Equal($"/api/v1/queries/{next}", answer.Headers.Location?.OriginalString);
            deletedBeforeTheAnswer += deleted ? 1 : 0;
            last = next;
        }
        Assert.True(deletedBeforeTheAnswer > 0, "no delete landed before a save's answer: the race was not run");
    }

    private static async Task<(int, string?)> StatusAndCodeAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response);
        return (problem.Status, problem.Code);
    }
}

/// <summary>Waits for the next run of the dump job on a node (a Quartz listener: a signal, not polling).</summary>
internal static class DumpRuns
{
    /// <summary>Registers before the action that starts the run; the task completes when a run has ended.</summary>
    public static async Task<Task> NextAsync(IServiceProvider services)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var listener = new Listener();
        scheduler.ListenerManager.AddJobListener(listener, [Matchers.Key(DumpJob.Key)]);
        return listener.Ran.Task.ContinueWith(run =>
        {
            scheduler.ListenerManager.RemoveJobListener(listener.Name);
            return run;
        }, TaskScheduler.Default).Unwrap().ContinueWith(run =>
        {
            if (run.Result is { } failed)
            {
                throw new InvalidOperationException("The dump run failed.", failed);
            }
        }, TaskScheduler.Default);
    }

    private const string RequestKey = "test-request";

    /// <summary>
    /// A public and a full dump written by a run of the dump job started now, as an operator's request starts one; completes
    /// when that run has ended. Through the job, as the app writes dumps, not the writer called beside it: runs are one at
    /// a time, and each first fails any dump still "writing" (left by a stopped node) and removes its files, which took
    /// a dump a test was writing beside a queued run (each redaction queues one) for such.
    /// </summary>
    public static async Task<(Dump Public, Dump Full)> WriteAsync(IServiceProvider services)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var request = Guid.NewGuid().ToString("N");
        var listener = new Listener(request);
        scheduler.ListenerManager.AddJobListener(listener, [Matchers.Key(DumpJob.Key)]);
        try
        {
            await scheduler.TriggerJob(DumpJob.Key, new JobDataMap { [DumpJob.ReasonKey] = nameof(DumpRunReason.Scheduled), [RequestKey] = request });
            if (await listener.Ran.Task.WaitAsync(TimeSpan.FromMinutes(2)) is { } failed)
            {
                throw new InvalidOperationException("The dump run failed.", failed);
            }
        }
        finally
        {
            scheduler.ListenerManager.RemoveJobListener(listener.Name);
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync();
        var ready = db.Dumps.AsNoTracking().Where(d => d.State == DumpState.Ready).OrderByDescending(d => d.Id);
        return (await ready.FirstAsync(d => d.Kind == DumpKind.Public), await ready.FirstAsync(d => d.Kind == DumpKind.Full));
    }

    /// <param name="request">Only the run started with this request (see <see cref="WriteAsync"/>); any run when null.</param>
    private sealed class Listener(string? request = null) : IJobListener
    {
        public TaskCompletionSource<Exception?> Ran { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name { get; } = "dump-runs-" + Guid.NewGuid().ToString("N");

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (!context.JobDetail.Key.Equals(DumpJob.Key) || (request is not null && context.MergedJobDataMap.GetString(RequestKey) != request))
            {
                return ValueTask.CompletedTask;
            }
            Ran.TrySetResult(jobException);
            return ValueTask.CompletedTask;
        }
    }
}
