using System.Net;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Jobs;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JadeStudio.Tests.Api;

/// <summary>Background jobs as their owners meet them: an upload starts one, the API shows its progress to its owner only, it survives a node's stop.</summary>
public sealed class JobsApiTests
{
    private static readonly Dictionary<string, string?> ContentOn = new()
    {
        ["JadeStudio:WikiContent:Enabled"] = "true",
        ["JadeStudio:Api:WritesPerWindow"] = "100000",
        // A stopped node's jobs are taken over within a few seconds (PostgreSQL's cluster; SQLite recovers at start).
        ["JadeStudio:Jobs:CheckinSeconds"] = "1",
        ["JadeStudio:Jobs:CheckinMisfireSeconds"] = "1",
        ["JadeStudio:Jobs:IdleWaitSeconds"] = "1",
    };

    private static Action<IServiceCollection> Wiki(IWikiContentSource wiki) => services => services.AddSingleton(wiki);

    private static async Task<(long Campaign, long Owner, string Token)> CampaignAsync(JadeWebFactory app)
    {
        var api = new ApiHarness(app);
        var researcher = await api.UserAsync(ApiHarness.Unique("Job owner"), "researcher");
        var campaign = (await app.Services.GetRequiredService<CampaignService>().CreateAsync(ActorRef.User(researcher),
            new CampaignDraft("enwiki", ApiHarness.Unique("Job campaign "), "editquality", CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        return (campaign.Id, researcher, await api.TokenAsync(researcher, Right.UploadArtifacts));
    }

    /// <summary>The job's record once it has ended on this node.</summary>
    private static async Task<BackgroundJob> EndedOnAsync(JadeWebFactory node, long jobId)
    {
        await JobWaiter.FinishedAsync(node.Services, [jobId]);
        return await JobWaiter.ReadAsync(node.Services, jobId);
    }

    private static async Task<long> UploadAsync(JadeWebFactory app, long campaign, string token, int tasks)
    {
        var body = string.Join("\n", Enumerable.Range(0, tasks).Select(_ => ApiHarness.UniqueRevId()));
        var response = await app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/tasks", token, body, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ApiHarness.JsonAsync(response);
        Assert.Equal(tasks, report.GetProperty("imported").GetInt32());
        var job = report.GetProperty("job");
        Assert.Equal(tasks, job.GetProperty("total").GetInt32());
        Assert.Equal($"/api/v1/jobs/{job.GetProperty("id").GetInt64()}", job.GetProperty("url").GetString());
        return job.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task An_upload_starts_a_job_whose_progress_its_owner_reads_and_nobody_else()
    {
        await using var app = new JadeWebFactory("Development", ContentOn, Wiki(new ScriptedWiki()));
        var (campaign, _, token) = await CampaignAsync(app);

        var jobId = await UploadAsync(app, campaign, token, 60);
        await JobWaiter.FinishedAsync(app.Services, [jobId]);

        var client = app.CreateClient();
        var job = await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Get, $"/api/v1/jobs/{jobId}", token)));
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal("campaignContent", job.GetProperty("kind").GetString());
        Assert.Equal(60, job.GetProperty("done").GetInt32());
        Assert.Equal(1, job.GetProperty("runs").GetInt32());
        Assert.Equal(campaign, job.GetProperty("campaign").GetInt64());
        var mine = await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/jobs", token)));
        Assert.Equal(jobId, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetInt64());

        var api = new ApiHarness(app);
        var stranger = await api.TokenAsync(await api.UserAsync(ApiHarness.Unique("Stranger"), "researcher"), Right.UploadArtifacts);
        var refused = await client.SendAsync(ApiHarness.Request(HttpMethod.Get, $"/api/v1/jobs/{jobId}", stranger));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("jade-entitynotfound", (await ApiHarness.JsonAsync(refused)).GetProperty("code").GetString());
        Assert.Empty((await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/jobs", stranger)))).EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/jobs/{jobId}")).StatusCode);
    }

    [Fact]
    public async Task Nobody_who_may_not_upload_to_a_campaign_can_start_a_job_for_it()
    {
        await using var app = new JadeWebFactory("Development", ContentOn, Wiki(new ScriptedWiki()));
        var (campaign, owner, token) = await CampaignAsync(app);
        await UploadAsync(app, campaign, token, 2);
        var api = new ApiHarness(app);
        var reader = await api.UserAsync(ApiHarness.Unique("Reader"));
        var blocked = await api.UserAsync(ApiHarness.Unique("Blocked researcher"), "researcher");
        await api.BlockAsync(blocked, sitewide: false, wikis: ["enwiki"], actions: [BlockAction.Upload]);
        var queue = app.Services.GetRequiredService<JobQueue>();

        Assert.Null(await queue.StartCampaignContentAsync(ActorRef.User(reader), campaign));
        Assert.Null(await queue.StartCampaignContentAsync(ActorRef.User(blocked), campaign));
        Assert.Null(await queue.StartCampaignContentAsync(ActorRef.Anonymous, campaign));
        Assert.NotNull(await queue.StartCampaignContentAsync(ActorRef.User(owner), campaign));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync();
        Assert.Equal([owner, owner], await db.Jobs.Where(j => j.CampaignId == campaign).Select(j => j.OwnerId).ToListAsync());
    }

    [Fact]
    public async Task A_job_cut_off_by_its_nodes_stop_runs_again_on_the_next_node_and_ends()
    {
        await using var shared = await SharedDatabase.CreateAsync();
        var held = new HeldWiki();
        long jobId;
        var first = new JadeWebFactory("Development", shared.Settings(ContentOn), Wiki(held));
        try
        {
            var (campaign, _, token) = await CampaignAsync(first);
            jobId = await UploadAsync(first, campaign, token, 3);
            await held.Asked.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(JobState.Running, (await JobWaiter.ReadAsync(first.Services, jobId)).State);
        }
        finally
        {
            // The node stops while its job waits for the wiki (which never answers it).
            await first.DisposeAsync();
        }
        // Cancelled by the stop, the job went back to the queue: not failed, not left "running".
        Assert.Equal(JobState.Queued, (await shared.ReadJobAsync(jobId)).State);

        await using var second = new JadeWebFactory("Development", shared.Settings(ContentOn), Wiki(new ScriptedWiki()));
        var job = await EndedOnAsync(second, jobId);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(3, job.Done);
        Assert.Equal(2, job.Runs);
        await using var db = await second.Services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.Set<CachedRevision>().CountAsync());
    }

    [Fact]
    public async Task A_job_recorded_but_never_scheduled_before_its_node_stopped_is_scheduled_by_the_next_node_and_ends()
    {
        await using var shared = await SharedDatabase.CreateAsync();
        long jobId;
        await using (var first = new JadeWebFactory("Development", shared.Settings(ContentOn), Wiki(new ScriptedWiki())))
        {
            var (campaign, owner, token) = await CampaignAsync(first);
            var upload = await first.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/tasks?mode=valid", token,
                $"{ApiHarness.UniqueRevId()}\n{ApiHarness.UniqueRevId()}\n", "text/plain"));
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
            await JobWaiter.FinishedAsync(first.Services, [(await ApiHarness.JsonAsync(upload)).GetProperty("job").GetProperty("id").GetInt64()]);
            // As if the node had stopped between recording a job and handing it to Quartz.
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync();
            var orphan = new BackgroundJob
            {
                Kind = JobKind.CampaignContent,
                OwnerId = owner,
                CampaignId = campaign,
                Wiki = "enwiki",
                Total = 2,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Jobs.Add(orphan);
            await db.SaveChangesAsync();
            jobId = orphan.Id;
        }

        await using var second = new JadeWebFactory("Development", shared.Settings(ContentOn), Wiki(new ScriptedWiki()));
        var job = await EndedOnAsync(second, jobId);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Done);
        Assert.Equal(1, job.Runs);
    }

    public static TheoryData<string> SchedulingFailures => ["connection cut", "own time limit"];

    [Theory]
    [MemberData(nameof(SchedulingFailures))]
    public async Task An_upload_whose_job_cannot_be_scheduled_still_succeeds_and_its_job_runs_once_resumed(string failure)
    {
        var schedulers = new FailingSchedulers();
        await using var app = new JadeWebFactory("Development", ContentOn, services =>
        {
            services.AddSingleton<IWikiContentSource>(new ScriptedWiki());
            FailingSchedulers.Replace(services, original => { schedulers.Inner = original; return schedulers; });
        });
        var (campaign, _, token) = await CampaignAsync(app);
        await app.Services.GetServices<IHostedService>().OfType<JobSchedulerWorker>().Single().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        // The tasks are stored before the job is handed to Quartz: the upload's answer stays a success, naming its job.
        schedulers.Failure = failure == "connection cut"
            ? new IOException("The connection to the database was cut.")
            : new TaskCanceledException("The scheduler's ask ran out of its own time.");
        var jobId = await UploadAsync(app, campaign, token, 2);
        Assert.True(schedulers.Failed > 0);
        Assert.Equal(JobState.Queued, (await JobWaiter.ReadAsync(app.Services, jobId)).State);

        // What a node does when it starts.
        schedulers.Failure = null;
        Assert.Equal(1, await app.Services.GetRequiredService<JobQueue>().ResumeUnfinishedAsync());
        var job = await EndedOnAsync(app, jobId);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Done);
    }

    /// <summary>A wiki that never answers a revisions request; <see cref="Asked"/> completes when one was made.</summary>
    private sealed class HeldWiki : IWikiContentSource
    {
        private readonly ScriptedWiki _wiki = new();

        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<WikiContentResult<WikiRevisionBatch>> RevisionsAsync(string wiki, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            await NeverAnswers.UntilCancelledAsync(cancellationToken);
            return await _wiki.RevisionsAsync(wiki, revIds, background, cancellationToken);
        }

        public Task<WikiContentResult<WikiDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken) => _wiki.DiffAsync(wiki, revId, cancellationToken);

        public Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken) => _wiki.PageAsync(wiki, revId, cancellationToken);
    }
}

/// <summary>Waits for background jobs through the node's <see cref="JobHub"/> (which hears every node's jobs), never by polling.</summary>
internal static class JobWaiter
{
    public static async Task<BackgroundJob> ReadAsync(IServiceProvider services, long jobId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
    }

    public static async Task FinishedAsync(IServiceProvider services, IReadOnlyCollection<long> jobIds)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var contexts = services.GetRequiredService<IDbContextFactory<JadeDbContext>>();
        // One check at a time: a burst of progress signals must not open a connection each.
        // Not disposed: checks started by late signals may still wait on it (it holds no wait handle).
        var checking = new SemaphoreSlim(1);
        async Task CheckAsync()
        {
            await checking.WaitAsync();
            try
            {
                await using var db = await contexts.CreateDbContextAsync();
                if (await db.Jobs.CountAsync(j => jobIds.Contains(j.Id) && (j.State == JobState.Succeeded || j.State == JobState.Failed)) == jobIds.Count)
                {
                    finished.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                finished.TrySetException(exception);
            }
            finally
            {
                checking.Release();
            }
        }
        void OnChanged(long jobId) => _ = CheckAsync();
        var hub = services.GetRequiredService<JobHub>();
        hub.Changed += OnChanged;
        try
        {
            await CheckAsync();
            await finished.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            hub.Changed -= OnChanged;
        }
    }
}
