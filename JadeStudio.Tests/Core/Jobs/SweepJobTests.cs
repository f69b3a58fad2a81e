using JadeStudio.Core.Jobs;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Jobs;

public sealed class SweepJobTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task The_sweep_removes_expired_diffs_and_old_finished_jobs_and_keeps_the_rest()
    {
        var owner = (await _core.UserAsync("Sweep owner", "researcher")).UserId!.Value;
        var now = _core.Clock.GetUtcNow();
        var content = new WikiContentOptions { CacheHours = 24 };
        var options = new JobOptions { KeepFinishedDays = 30 };
        await using (var db = await ((IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>)_core.Database).CreateDbContextAsync())
        {
            db.Set<CachedDiff>().AddRange(
                new CachedDiff { Wiki = "enwiki", RevId = 1, SizeChange = 1, Html = "<tr></tr>", FetchedAt = now.AddHours(-25) },
                new CachedDiff { Wiki = "enwiki", RevId = 2, SizeChange = 1, Html = "<tr></tr>", FetchedAt = now.AddHours(-23) });
            BackgroundJob Job(JobState state, DateTimeOffset created, DateTimeOffset? finished) =>
                new() { Kind = JobKind.CampaignContent, OwnerId = owner, Wiki = "enwiki", State = state, CreatedAt = created, FinishedAt = finished };
            db.Jobs.AddRange(
                Job(JobState.Succeeded, now.AddDays(-40), now.AddDays(-31)),
                Job(JobState.Failed, now.AddDays(-40), now.AddDays(-31)),
                Job(JobState.Succeeded, now.AddDays(-40), now.AddDays(-29)),
                // A job that never finished is not the sweep's to remove, however old.
                Job(JobState.Queued, now.AddDays(-40), null));
            await db.SaveChangesAsync();
        }

        var removed = await new SweepJob(_core.Database, content, options, _core.Clock).SweepAsync();

        Assert.Equal(3, removed);
        await using var after = await ((IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>)_core.Database).CreateDbContextAsync();
        Assert.Equal([2L], await after.Set<CachedDiff>().Select(d => d.RevId).ToListAsync());
        Assert.Equal([JobState.Succeeded, JobState.Queued], (await after.Jobs.OrderBy(j => j.Id).ToListAsync()).Select(j => j.State));
    }
}
