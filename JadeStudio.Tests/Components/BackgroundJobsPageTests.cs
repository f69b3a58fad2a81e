using Bunit;
using JadeStudio.Core.Jobs;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>The page where a user follows the background jobs they started: only theirs, each with its campaign, live.</summary>
public sealed class BackgroundJobsPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _owner = default!;
    private long _campaign;

    public async Task InitializeAsync()
    {
        _owner = await _core.UserAsync("Job Owner", "researcher");
        _campaign = await _core.CampaignAsync(_owner, wiki: "enwiki");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<BackgroundJob> JobAsync(ActorRef owner, JobState state, int done, int total)
    {
        await using var db = await ((IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>)_core.Database).CreateDbContextAsync();
        var job = new BackgroundJob
        {
            Kind = JobKind.CampaignContent,
            OwnerId = owner.UserId!.Value,
            CampaignId = _campaign,
            Wiki = "enwiki",
            State = state,
            Done = done,
            Total = total,
            CreatedAt = _core.Clock.GetUtcNow(),
            FinishedAt = state is JobState.Succeeded or JobState.Failed ? _core.Clock.GetUtcNow() : null,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    [Fact]
    public async Task The_owner_sees_their_jobs_with_campaign_and_progress_and_a_running_one_moves_live()
    {
        var done = await JobAsync(_owner, JobState.Succeeded, 120, 120);
        var running = await JobAsync(_owner, JobState.Running, 50, 120);
        var stranger = await _core.UserAsync("Someone Else", "researcher");
        var theirs = await JobAsync(stranger, JobState.Running, 1, 3);
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_owner, "Job Owner");

        var page = context.Render<BackgroundJobs>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=jobs-table] tbody tr").Count));
        Assert.Equal("Titles and editors of 120 edits read from enwiki.", page.Find($"[data-testid=job-{done.Id}] [data-testid=wiki-fetch-done]").TextContent);
        Assert.Contains("50 of 120 edits", page.Find($"[data-testid=job-{running.Id}] [data-testid=wiki-fetch-running]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"[data-testid=job-{theirs.Id}]"));
        var campaignLink = page.Find("[data-testid=jobs-table] tbody tr a");
        Assert.Equal($"campaigns/{_campaign}", campaignLink.GetAttribute("href"));
        Assert.StartsWith("Titles and editors for \"", campaignLink.TextContent, StringComparison.Ordinal);

        // The job moves on another thread (or node): the row follows without a reload.
        await using (var db = await ((IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>)_core.Database).CreateDbContextAsync())
        {
            await db.Jobs.Where(j => j.Id == running.Id).ExecuteUpdateAsync(j => j.SetProperty(x => x.Done, 100));
        }
        context.Services.GetRequiredService<JobHub>().Raise(running.Id);
        page.WaitForAssertion(() => Assert.Contains("100 of 120 edits", page.Find($"[data-testid=job-{running.Id}] [data-testid=wiki-fetch-running]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_progress_that_moved_stays_moved_when_its_page_renders_again_with_the_copy_it_loaded()
    {
        var loaded = await JobAsync(_owner, JobState.Running, 0, 3);
        await using var context = new ComponentContext("en", _core);
        var progress = context.Render<JadeStudio.Web.Components.Pages.Campaigns.ContentJobProgress>(p => p.Add(x => x.Job, loaded));
        await using (var db = await ((IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>)_core.Database).CreateDbContextAsync())
        {
            await db.Jobs.Where(j => j.Id == loaded.Id).ExecuteUpdateAsync(j => j.SetProperty(x => x.Done, 3).SetProperty(x => x.State, JobState.Succeeded));
        }
        context.Services.GetRequiredService<JobHub>().Raise(loaded.Id);
        progress.WaitForAssertion(() => Assert.NotEmpty(progress.FindAll("[data-testid=wiki-fetch-done]")));

        progress.Render(p => p.Add(x => x.Job, loaded));

        Assert.NotEmpty(progress.FindAll("[data-testid=wiki-fetch-done]"));
    }

    [Fact]
    public async Task Someone_without_jobs_is_told_so_in_their_language()
    {
        await using var context = new ComponentContext("de", _core);
        context.SignIn(_owner, "Job Owner");

        var page = context.Render<BackgroundJobs>();

        page.WaitForAssertion(() => Assert.Equal("Du hast keine Hintergrundaufträge angestoßen.", page.Find("[data-testid=jobs-empty]").TextContent));
    }
}
