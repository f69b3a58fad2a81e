using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.WikiContent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace JadeStudio.Core.Jobs;

/// <summary>
/// Starts background jobs and reads them for their owners. A job is a row here (its progress) and a Quartz.NET job in
/// the same database (when and where it runs): it survives a restart, and with several nodes runs on one of them, once;
/// if that node dies, another takes it over (the job is marked as asking for recovery).
/// </summary>
public sealed class JobQueue(IDbContextFactory<JadeDbContext> contexts, ISchedulerFactory schedulers, IJobSignal signal, ActorLoader actors, WikiContentOptions content,
    TimeProvider clock, ILogger<JobQueue> logger)
{
    /// <summary>The Quartz group of every job JadeStudio schedules.</summary>
    public const string Group = "jadestudio";

    /// <summary>The job data entry naming the <see cref="BackgroundJob"/> row a Quartz job works on.</summary>
    public const string JobIdKey = "jobId";

    /// <summary>
    /// Reads the titles and editors of a campaign's tasks from its wiki in the background (each batch takes what the cache
    /// has and asks the wiki for the rest). Null when content is switched off, the campaign has no tasks, or the owner may
    /// not upload to it (no right, or blocked from uploading on its wiki): the job belongs to an upload.
    /// </summary>
    public async Task<BackgroundJob?> StartCampaignContentAsync(ActorRef owner, long campaignId, CancellationToken cancellationToken = default)
    {
        if (!content.Enabled || owner.UserId is not { } ownerId)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => c.Wiki).SingleOrDefaultAsync(cancellationToken) is not { } wiki
            || PermissionManager.Check(await actors.LoadAsync(db, owner, cancellationToken), Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(wiki, null))
                is not PermissionResult.Allowed)
        {
            return null;
        }
        var total = await CampaignContentJob.RevisionsOf(db, campaignId).CountAsync(cancellationToken);
        if (total == 0)
        {
            return null;
        }
        var job = new BackgroundJob { Kind = JobKind.CampaignContent, OwnerId = ownerId, CampaignId = campaignId, Wiki = wiki, Total = total, CreatedAt = clock.GetUtcNow() };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await ScheduleAsync(await schedulers.GetScheduler(cancellationToken), job.Id, job.CreatedAt, cancellationToken);
            await signal.JobChangedAsync(job.Id, cancellationToken);
        }
        catch (Exception failed) when (!failed.IsStopOf(cancellationToken))
        {
            // The upload this job belongs to is committed: its answer must not become an error. The job is recorded as
            // queued, and the next node to start schedules it (ResumeUnfinishedAsync).
            logger.LogWarning(failed, "Background job {JobId} was recorded but not scheduled; it is scheduled when a node next starts.", job.Id);
        }
        return job;
    }

    /// <summary>
    /// Schedules again every unfinished job Quartz no longer has: one a node's stop cut off (it put the job back in the
    /// queue), or one whose node stopped between recording and scheduling it. Called when a node's scheduler starts; a job
    /// Quartz still has — queued, running on another node, or to be recovered from a node that died — is left to Quartz.
    /// </summary>
    /// <returns>How many jobs were scheduled again.</returns>
    public async Task<int> ResumeUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unfinished = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Queued || j.State == JobState.Running).Select(j => j.Id).ToListAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var resumed = 0;
        foreach (var jobId in unfinished)
        {
            if (await scheduler.Exists(KeyOf(jobId), cancellationToken))
            {
                continue;
            }
            try
            {
                await ScheduleAsync(scheduler, jobId, clock.GetUtcNow(), cancellationToken);
                resumed++;
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node starting at the same moment scheduled it first.
            }
        }
        return resumed;
    }

    private static JobKey KeyOf(long jobId) => new($"campaign-content-{jobId}", Group);

    private static async Task ScheduleAsync(IScheduler scheduler, long jobId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Recovery requested: a node that dies while running it leaves it to another node, or to itself when it starts again.
        var detail = JobBuilder.Create<CampaignContentJob>().WithIdentity(KeyOf(jobId)).UsingJobData(JobIdKey, jobId).RequestRecovery().Build();
        var trigger = TriggerBuilder.Create().WithIdentity($"campaign-content-{jobId}", Group).StartAt(at).Build();
        await scheduler.ScheduleJob(detail, trigger, cancellationToken: cancellationToken);
    }

    /// <summary>The job, to its owner only (null for anyone else, as for a job that does not exist).</summary>
    public async Task<BackgroundJob?> FindAsync(long jobId, long viewerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.OwnerId == viewerId, cancellationToken);
    }

    /// <summary>The latest job the viewer started for a campaign, if any.</summary>
    public async Task<BackgroundJob?> LatestForCampaignAsync(long campaignId, long viewerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.CampaignId == campaignId && j.OwnerId == viewerId)
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The viewer's jobs, newest first, each with the name of its campaign.</summary>
    public async Task<IReadOnlyList<OwnedJob>> OwnedByAsync(long ownerId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.OwnerId == ownerId).OrderByDescending(j => j.Id).Take(limit)
            .Select(j => new OwnedJob(j, db.Campaigns.Where(c => c.Id == j.CampaignId).Select(c => c.Name).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>A job as its owner's list shows it: with the name of the campaign it works for.</summary>
public sealed record OwnedJob(BackgroundJob Job, string? CampaignName);
