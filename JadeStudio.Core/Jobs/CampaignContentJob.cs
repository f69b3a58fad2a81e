using JadeStudio.Core.Storage;
using JadeStudio.Core.WikiContent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace JadeStudio.Core.Jobs;

/// <summary>
/// Reads the metadata of a campaign's tasks into the cache, 50 revisions per request, recording its progress after
/// every batch. Run again after a node died under it, it starts over: what the first run read is in the cache and is
/// not asked of the wiki again. Stopped by its node's shutdown, it goes back to the queue (never "failed"), and the
/// next node to start schedules it again (<see cref="JobQueue.ResumeUnfinishedAsync"/>).
/// </summary>
public sealed class CampaignContentJob(IDbContextFactory<JadeDbContext> contexts, WikiContentService content, IJobSignal signal, JobShutdown shutdown, TimeProvider clock,
    ILogger<CampaignContentJob> logger, Metrics.JadeMetrics? metrics = null) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken interrupted = default)
    {
        using var running = shutdown.Enter();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(interrupted, shutdown.Token);
        var cancellationToken = stopping.Token;
        var jobId = context.MergedJobDataMap.GetLong(JobQueue.JobIdKey);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Jobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken) is not { Finished: false, CampaignId: { } campaignId } job)
        {
            return;
        }
        job.State = JobState.Running;
        job.StartedAt = clock.GetUtcNow();
        job.Runs++;
        job.Done = 0;
        await SaveAsync(db, job, cancellationToken);

        metrics?.JobStarted();
        try
        {
            await ReadAsync(db, job, campaignId, cancellationToken);
            // For operators (and tests that run the app as a process): how each run ended.
            logger.LogInformation("Background job {JobId} ended {State}: {Done} of {Total} revisions read from {Wiki}.", job.Id, job.State, job.Done, job.Total, job.Wiki);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            job.State = JobState.Queued;
            await SaveAsync(db, job, CancellationToken.None);
            throw;
        }
        finally
        {
            metrics?.JobEnded(job.Kind.ToString(), job.State.ToString());
        }
    }

    private async Task ReadAsync(JadeDbContext db, BackgroundJob job, long campaignId, CancellationToken cancellationToken)
    {
        var revIds = await RevisionsOf(db, campaignId).OrderBy(id => id).ToListAsync(cancellationToken);
        job.Total = revIds.Count;
        foreach (var batch in revIds.Chunk(MediaWikiClient.BatchSize))
        {
            WikiContentProblem? problem;
            try
            {
                (_, problem) = await content.FillAsync(job.Wiki, batch, background: true, cancellationToken);
            }
            catch (Exception exception) when (!exception.IsStopOf(cancellationToken))
            {
                problem = new WikiContentProblem.Unavailable(exception.GetType().Name);
            }
            if (problem is not null)
            {
                job.State = JobState.Failed;
                job.Problem = problem.GetType().Name;
                job.FinishedAt = clock.GetUtcNow();
                await SaveAsync(db, job, CancellationToken.None);
                return;
            }
            job.Done += batch.Length;
            await SaveAsync(db, job, cancellationToken);
        }
        job.State = JobState.Succeeded;
        job.FinishedAt = clock.GetUtcNow();
        await SaveAsync(db, job, CancellationToken.None);
    }

    /// <summary>The distinct revisions of a campaign's tasks.</summary>
    internal static IQueryable<long> RevisionsOf(JadeDbContext db, long campaignId) =>
        db.CampaignTasks.Where(t => t.CampaignId == campaignId).Join(db.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => a.RevId).Distinct();

    private async Task SaveAsync(JadeDbContext db, BackgroundJob job, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await signal.JobChangedAsync(job.Id, cancellationToken);
    }
}
