using System.Net;
using JadeStudio.Tests.Browser;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Api;

/// <summary>
/// A node killed while running a job (no shutdown: the process ends): the job is recovered by the next node on the
/// same database — on PostgreSQL by another member of the cluster once the dead one misses its check-in, on SQLite by
/// the node starting again — and ends there.
/// </summary>
public sealed class JobRecoveryTests
{
    [Fact]
    public async Task A_job_whose_node_is_killed_mid_way_is_recovered_by_the_next_node_and_ends()
    {
        await using var database = await SharedDatabase.CreateAsync();
        await using var hanging = await RevisionWiki.StartAsync(answer: false);
        await using var answering = await RevisionWiki.StartAsync(answer: true);
        Dictionary<string, string> Node(RevisionWiki wiki)
        {
            var settings = new Dictionary<string, string>(database.ProcessSettings)
            {
                ["JadeStudio__WikiContent__Enabled"] = "true",
                ["JadeStudio__Jobs__CheckinSeconds"] = "1",
                ["JadeStudio__Jobs__CheckinMisfireSeconds"] = "1",
                ["JadeStudio__Jobs__IdleWaitSeconds"] = "1",
                // The node says when a job ended: the test waits for that line rather than asking again and again.
                ["Logging__LogLevel__JadeStudio.Core.Jobs"] = "Information",
            };
            foreach (var (key, value) in FakeWikiFixture.WikiSettings(wiki.Address))
            {
                settings[key] = value;
            }
            return settings;
        }

        long jobId;
        string token;
        var first = await AppProcess.StartAsync(Node(hanging));
        try
        {
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = first.BaseAddress };
            Assert.True((await JadeWebFactory.SignInAsync(browser, "researcher")).IsSuccessStatusCode);
            var (exit, output, error) = await OperatorCommand.RunAsync(first.DataDirectory, database.ProcessSettings,
                "token", "create", "--user", "Dev Researcher", "--rights", "createcampaign,uploadartifacts", "--accept-redaction-terms");
            Assert.True(exit == 0, error);
            token = output.Trim();
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            var created = await http.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/campaigns", token,
                $$"""{"wiki":"enwiki","name":"{{ApiHarness.Unique("Recovered campaign ")}}","form":"editquality"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var campaign = (await ApiHarness.JsonAsync(created)).GetProperty("id").GetInt64();
            var uploaded = await http.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/tasks", token, "9101\n9102\n9103\n", "text/plain"));
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
            jobId = (await ApiHarness.JsonAsync(uploaded)).GetProperty("job").GetProperty("id").GetInt64();
            await hanging.Asked.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            // Killed while the job waits for the wiki: no shutdown, nothing put back in the queue.
            await first.DisposeAsync();
        }

        await using var second = await AppProcess.StartAsync(Node(answering));
        await second.LineAsync(line => line.Contains($"Background job {jobId} ended", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = second.BaseAddress };
        var job = await ApiHarness.JsonAsync(await client.SendAsync(ApiHarness.Request(HttpMethod.Get, $"/api/v1/jobs/{jobId}", token)));
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(3, job.GetProperty("done").GetInt32());
        Assert.Equal(2, job.GetProperty("runs").GetInt32());
    }

    /// <summary>A fake MediaWiki answering revision queries in the recorded shape, or holding every request unanswered.</summary>
    private sealed class RevisionWiki : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private RevisionWiki(WebApplication app) => _app = app;

        public string Address => _app.Urls.First();

        /// <summary>Completes when the wiki was first asked for revisions.</summary>
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<RevisionWiki> StartAsync(bool answer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var wiki = new RevisionWiki(app);
            app.MapGet("/{wiki}/w/api.php", async (HttpContext context) =>
            {
                var ids = context.Request.Query["revids"].ToString().Split('|', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
                wiki.Asked.TrySetResult();
                if (!answer)
                {
                    await NeverAnswers.UntilCancelledAsync(context.RequestAborted);
                }
                return Results.Text(FakeWikiFixture.Revisions(ids, sizesOnly: false).ToJsonString(), "application/json");
            });
            await app.StartAsync();
            return wiki;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
