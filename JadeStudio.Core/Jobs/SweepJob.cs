using JadeStudio.Core.Storage;
using JadeStudio.Core.WikiContent;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace JadeStudio.Core.Jobs;

/// <summary>
/// Removes what has expired, on a schedule (<see cref="JobOptions.SweepSchedule"/>), on one node at a time: rendered
/// diffs older than the content cache's lifetime (they would be read again from the wiki anyway, and are the cache's
/// bulk) and the records of jobs finished longer ago than <see cref="JobOptions.KeepFinishedDays"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SweepJob(IDbContextFactory<JadeDbContext> contexts, WikiContentOptions content, JobOptions options, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("sweep", JobQueue.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        context.Result = await SweepAsync(cancellationToken);
    }

    /// <summary>Runs the sweep now; returns how many rows it removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var diffsBefore = now - TimeSpan.FromHours(content.CacheHours);
        var jobsBefore = now - TimeSpan.FromDays(options.KeepFinishedDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var diffs = await db.Set<CachedDiff>().Where(d => d.FetchedAt < diffsBefore).ExecuteDeleteAsync(cancellationToken);
        var jobs = await db.Jobs.Where(j => (j.State == JobState.Succeeded || j.State == JobState.Failed) && j.FinishedAt < jobsBefore).ExecuteDeleteAsync(cancellationToken);
        return diffs + jobs;
    }
}
